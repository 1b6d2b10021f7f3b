"""MkDocs hook: Mermaid loaded on demand, never blocking the page.

mermaid2 finds the pages that hold a diagram and appends to them a
``<script type="module">`` that imports the pinned Mermaid ES module. That
import runs on every such page even before a diagram is drawn, never sets the
global ``mermaid`` that Material draws with (Material would then fetch Mermaid
from a CDN), and Material's instant navigation never runs it anyway.

The site's own loader, ``assets/javascripts/diagrams-on-demand.js`` (added to
every page by ``overrides/main.html``, pointed at the file mermaid2 is
configured with), stands in for the global ``mermaid`` that Material calls, and
imports that module from this site only when Material has a diagram to draw.
This hook removes mermaid2's script once mermaid2 has run, so that both first
visits and instant navigation take that single path.

Declared in mkdocs.yml under ``hooks:``.
"""

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page


def library(config: MkDocsConfig) -> str | None:
    """The Mermaid file mermaid2 is configured with, or None without mermaid2."""
    plugin = config.plugins.get("mermaid2")
    return plugin.config["javascript"] if plugin else None


@event_priority(-100)  # after mermaid2 (priority 0) has added its tags
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    javascript = library(config)
    if not javascript or javascript.startswith("http"):
        return output
    name = re.escape(javascript.rsplit("/", 1)[-1])
    script = rf'<script type="module">import mermaid from "[^"]*/{name}";.*?</script>'
    return re.sub(script, "", output, flags=re.DOTALL)
