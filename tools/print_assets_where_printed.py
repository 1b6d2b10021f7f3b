"""MkDocs hook: the print-site plugin's script and styles, where they serve.

mkdocs-print-site-plugin adds ``js/print-site.js`` to ``extra_javascript`` and
its stylesheets (``css/print-site.css``, ``css/print-site-material.css``) to
``extra_css``, so every page loads them. Outside the printable page:

- the script is removed: only the printable page calls its functions (from the
  inline script the plugin writes there). On a phone, that extra request at the
  end of each page delays it: Lighthouse's mobile run measured about 100 ms more
  total blocking time with it (``nox -s bench``);
- the stylesheets are marked ``media="print"``: there, their rules are for
  paper only (the others name elements of the printable page), and a print
  stylesheet does not hold the first paint of the page, as a screen one does
  (three requests fewer before it on a slow network; Lighthouse's simulation on
  this site shows no change beyond its run-to-run noise). Printing the page
  (Ctrl+P) still applies them.

The printable page keeps both as the plugin wrote them. Material never reaches
it by instant navigation (the page is not in ``sitemap.xml``): it is always
loaded whole.

Declared in mkdocs.yml under ``hooks:``.
"""

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

PRINT_SCRIPT = re.compile(r'<script src="[^"]*\bjs/print-site\.js"></script>')
# Any attribute order: mermaid2 rewrites the pages with diagrams (BeautifulSoup).
PRINT_STYLESHEET = re.compile(
    r'<link\b(?=[^>]*\bhref="[^"]*\bcss/print-site[\w-]*\.css")'
)
PRINTABLE_PAGE = 'id="print-site-page"'


@event_priority(-100)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if PRINTABLE_PAGE in output:
        return output
    output = PRINT_SCRIPT.sub("", output)
    return PRINT_STYLESHEET.sub('<link media="print"', output)
