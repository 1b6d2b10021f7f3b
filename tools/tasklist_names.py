"""MkDocs hook: each task-list checkbox is named after its item.

pymdownx.tasklist writes ``<label><input type="checkbox" disabled/>...</label>``
followed by the item's text, outside the label: the checkbox has no accessible
name, so a screen reader announces "case à cocher" with nothing to say what it
checks (Lighthouse: "Form elements do not have associated labels"). The final
project's validation checklist is made of them. This hook gives each checkbox
an ``aria-label`` holding its item's text, without tags.

Declared in mkdocs.yml under ``hooks:``.
"""

import html
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# The checkbox of an item, then the item's own text: up to the item's end or
# to a list nested in it.
ITEM = re.compile(
    r'(<li class="task-list-item"><label class="task-list-control">'
    r'<input type="checkbox" disabled)(?=[ />])(.*?</label>)(.*?)(?=</li>|<[uo]l)',
    re.DOTALL,
)
TAG = re.compile(r"<[^>]+>")


def _named(item: re.Match) -> str:
    start, rest, text = item.groups()
    name = " ".join(html.unescape(TAG.sub("", text)).split())
    return f'{start} aria-label="{html.escape(name, quote=True)}"{rest}{text}'


def on_page_content(
    content: str, page: Page, config: MkDocsConfig, files: Files
) -> str:
    return ITEM.sub(_named, content)
