"""MkDocs hook: the print-site plugin's script only on the printable page.

mkdocs-print-site-plugin adds ``js/print-site.js`` to ``extra_javascript``, so
every page loads it, although only the printable page calls its functions (from
the inline script the plugin writes there). On a phone, that extra request at
the end of each page delays it: Lighthouse's mobile run measured about 100 ms
more total blocking time with it (``nox -s bench``). Material never reaches the
printable page by instant navigation (the page is not in ``sitemap.xml``): it is
always loaded whole, with its script.

Declared in mkdocs.yml under ``hooks:``.
"""

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

PRINT_SCRIPT = re.compile(r'<script src="[^"]*\bjs/print-site\.js"></script>')
PRINTABLE_PAGE = 'id="print-site-page"'


@event_priority(-100)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if PRINTABLE_PAGE in output:
        return output
    return PRINT_SCRIPT.sub("", output)
