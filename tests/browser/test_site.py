"""The built site in Chromium: diagrams, offline, folded code, tabs, copy, search."""

import pytest

from tests.browser.site import pages, snippet_text

pytestmark = pytest.mark.browser

PAGES = pages()
DIAGRAM_PAGES = [page for page in PAGES if page.diagrams]
PLAIN_PAGES = [page for page in PAGES if not page.diagrams]
DETAILS_PAGES = [page for page in PAGES if page.has_details]
TAB_PAGES = [page for page in PAGES if page.has_tabs]
COPY_PAGES = [page for page in PAGES if any(b.snippets for b in page.code_blocks)]
PLAIN_TEXT = {"language-text", "language-txt", "language-plaintext"}
PRINT_PAGE = "print_page/"  # added to the navigation by mkdocs-print-site-plugin

# Diagrams are drawn once each host holds an SVG in its (opened) shadow root.
# With ``scroll``, the reader brings the next diagram not yet drawn on screen,
# as many times as needed: a diagram is drawn as the reader nears it, and the
# page may scroll meanwhile (instant navigation swaps the content, then goes
# back to the top).
DIAGRAMS_DRAWN = """
([expected, scroll]) => {
  const waiting = document.querySelector("article pre.mermaid");
  if (waiting && scroll) waiting.scrollIntoView();
  const hosts = [...document.querySelectorAll("article div.mermaid")];
  return waiting === null
    && hosts.length === expected
    && hosts.every(host => host.shadowRoot && host.shadowRoot.querySelector("svg"));
}
"""
DIAGRAM_TEXTS = """
() => [...document.querySelectorAll("article div.mermaid")].map(host => {
  const svg = host.shadowRoot.querySelector("svg");
  return [svg.getAttribute("aria-roledescription"), svg.textContent];
})
"""


def ids(page) -> str:
    return str(page)


def assert_diagrams_drawn(visit, page, scroll: bool = True) -> None:
    expected = page if isinstance(page, int) else page.diagrams
    visit.page.wait_for_function(
        DIAGRAMS_DRAWN, arg=[expected, scroll], polling=200, timeout=20_000
    )
    for role, text in visit.page.evaluate(DIAGRAM_TEXTS):
        assert role != "error"
        assert "Syntax error" not in text
        assert "error" not in text.lower().split()


def switch_to_dark(visit) -> None:
    visit.page.locator("label[for='__palette_1']").click()
    visit.page.wait_for_function(
        "document.body.getAttribute('data-md-color-scheme') === 'slate'"
    )


def test_site_shows_the_seven_diagrams_of_the_course_and_the_local_flow():
    """The author's seven diagrams, where the course puts them, plus the one of
    "Tester en local" (what runs where on the trainee's machine)."""
    assert {page.url: page.diagrams for page in DIAGRAM_PAGES} == {
        "module-08/01-introduction/": 1,
        "module-08/03-cloud-run/": 2,
        "module-08/04-eventarc/": 1,
        "module-08/05-patterns/": 2,
        "module-08/06-couts/": 1,
        "module-08/tester-en-local/": 1,
    }


def test_printable_version_draws_every_diagram_offline(visit):
    """The print-site plugin's page holds the whole module, diagrams included,
    all drawn without scrolling: it is meant to be printed as it opens."""
    visit.open(PRINT_PAGE)

    assert_diagrams_drawn(visit, sum(page.diagrams for page in PAGES), scroll=False)
    visit.assert_offline_and_clean()


# Markdown syntax of the site's extensions, as it reads when left unrendered:
# keys (++ctrl+c++), admonitions and folded blocks, content tabs, snippets.
UNRENDERED = r"""
() => {
  const article = document.querySelector("article").cloneNode(true);
  article.querySelectorAll("pre, code, script").forEach(node => node.remove());
  const text = article.textContent;
  return [/\+\+[\w+-]+\+\+/, /^\s*(!!!|\?\?\?\+?) /m, /^\s*=== "/m, /--8<--/]
    .flatMap(syntax => text.match(syntax) || []);
}
"""


def test_no_page_shows_markdown_left_unrendered(visit):
    """What the author typed for an extension (a key, a note, a tab, an
    included file) reaches the reader rendered, never as its raw syntax."""
    raw = {}
    for page in PAGES:
        visit.open(page.url)
        if found := visit.page.evaluate(UNRENDERED):
            raw[str(page)] = found
    assert raw == {}


# Stylesheets meant for paper, and the media each page loads them for; and how
# the first code block treats a long line (print.css wraps it on paper).
PAPER_SHEETS = """
() => Object.fromEntries([...document.styleSheets]
  .filter(sheet => sheet.href && /print/.test(sheet.href))
  .map(sheet => [sheet.href.split("/").pop(), sheet.media.mediaText]))
"""
CODE_WRAPS = "getComputedStyle(document.querySelector('article pre > code')).whiteSpace"

# A page with code and no diagram, and one with both (mermaid2 rewrites those).
PRINTED_PAGES = [
    next(page for page in COPY_PAGES if not page.diagrams),
    next(page for page in COPY_PAGES if page.diagrams),
]


@pytest.mark.parametrize("page", PRINTED_PAGES, ids=ids)
def test_paper_rules_wait_for_paper_on_an_ordinary_page(visit, page):
    """The print stylesheets do not hold a page's first paint on screen (they are
    print-only there), and still apply when the reader prints it (Ctrl+P)."""
    visit.open(page.url)

    assert visit.page.evaluate(PAPER_SHEETS) == {
        "print-site.css": "print",
        "print-site-material.css": "print",
        "print.css": "print",
    }
    assert visit.page.evaluate(CODE_WRAPS) == "pre"
    visit.page.emulate_media(media="print")
    assert visit.page.evaluate(CODE_WRAPS) == "pre-wrap"  # long lines wrap on paper
    visit.assert_offline_and_clean()


def test_printable_version_keeps_the_print_site_rules_on_screen(visit):
    """The printable page keeps the plugin's screen rules: its table of
    contents is for paper, hidden on screen, printed with the rest."""
    visit.open(PRINT_PAGE)

    assert visit.page.evaluate(PAPER_SHEETS) == {
        "print-site.css": "",
        "print-site-material.css": "",
        "print.css": "print",
    }
    toc = visit.page.locator("#print-page-toc")
    assert toc.is_hidden()
    visit.page.emulate_media(media="print")
    assert toc.is_visible()
    visit.assert_offline_and_clean()


@pytest.mark.parametrize("page", PLAIN_PAGES, ids=ids)
def test_page_without_diagram_loads_no_mermaid_and_stays_offline(visit, page):
    visit.open(page.url)
    visit.page.wait_for_load_state("networkidle")

    assert not visit.fetched_mermaid
    assert visit.page.locator("article pre.mermaid, article div.mermaid").count() == 0
    visit.assert_offline_and_clean()


@pytest.mark.parametrize("page", DIAGRAM_PAGES, ids=ids)
def test_diagrams_become_svg_offline(visit, page):
    visit.open(page.url)

    assert_diagrams_drawn(visit, page)
    visit.page.wait_for_load_state("networkidle")
    assert visit.fetched_mermaid
    visit.assert_offline_and_clean()


def test_diagram_far_down_the_page_is_drawn_as_the_reader_nears_it(visit):
    """On a phone, Mermaid is fetched only when the reader scrolls near a diagram:
    whoever reads the top of "Tester en local" downloads none of it."""
    visit.page.set_viewport_size({"width": 412, "height": 600})
    visit.open("module-08/tester-en-local/")
    visit.page.wait_for_load_state("networkidle")

    assert visit.page.locator("article pre.mermaid").count() == 1
    assert not visit.fetched_mermaid

    assert_diagrams_drawn(visit, 1)
    assert visit.fetched_mermaid
    visit.assert_offline_and_clean()


@pytest.mark.parametrize("page", DIAGRAM_PAGES, ids=ids)
def test_diagrams_drawn_after_instant_navigation_from_a_page_without(visit, page):
    # Material follows a link instantly only once it has read the sitemap: a click
    # before that is an ordinary page load, which the other tests already cover.
    with visit.page.expect_response(
        lambda r: r.url.endswith("/sitemap.xml")
    ) as sitemap:
        visit.open(PLAIN_PAGES[0].url)
    assert sitemap.value.ok
    visit.page.wait_for_load_state("networkidle")
    visit.page.evaluate("window.__sameDocument = true")

    visit.page.locator(
        f".md-sidebar--primary a.md-nav__link[href$='{page.url or './'}']"
    ).first.click()
    visit.page.wait_for_url(visit.base_url + page.url)

    assert visit.page.evaluate("window.__sameDocument") is True
    assert_diagrams_drawn(visit, page)
    visit.assert_offline_and_clean()


@pytest.mark.parametrize("page", DIAGRAM_PAGES, ids=ids)
def test_diagrams_stay_drawn_in_the_dark_palette(visit, page):
    visit.open(page.url)
    assert_diagrams_drawn(visit, page)

    switch_to_dark(visit)
    assert_diagrams_drawn(visit, page)
    visit.page.reload(wait_until="load")
    assert visit.page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert_diagrams_drawn(visit, page)
    visit.assert_offline_and_clean()


@pytest.mark.parametrize("page", DETAILS_PAGES, ids=ids)
def test_folded_solutions_open_on_highlighted_code(visit, page):
    visit.open(page.url)
    folded = visit.page.locator("article details:not([open])")
    assert folded.count() > 0

    for index in range(folded.count()):
        details = visit.page.locator("article details").nth(index)
        if details.get_attribute("open") is None:
            details.locator(":scope > summary").click()
        assert details.get_attribute("open") is not None
    code = visit.page.locator("article details div.highlight")
    assert code.count() > 0
    highlighted = 0
    for index in range(code.count()):
        block = code.nth(index)
        _reveal(visit, block)  # a solution may show its files in tabs
        block.scroll_into_view_if_needed()
        assert block.is_visible()
        if PLAIN_TEXT & set(block.get_attribute("class").split()):
            continue  # requirements.txt, transcripts: nothing to colour
        assert block.locator("code span[class]").count() > 0, "code not highlighted"
        highlighted += 1
    assert highlighted > 0
    visit.assert_offline_and_clean()


def test_checklist_boxes_are_named_after_their_criterion(visit):
    """A screen reader announces each box of the validation checklist with the
    criterion it checks, not as a bare "case à cocher"."""
    visit.open("module-08/projet-final/")
    items = visit.page.locator("article li.task-list-item")
    assert items.count() >= 8

    for index in range(items.count()):
        criterion = " ".join(items.nth(index).inner_text().split())
        box = visit.page.get_by_role("checkbox", name=criterion, exact=True)
        assert box.count() == 1, criterion
    visit.assert_offline_and_clean()


@pytest.mark.parametrize("page", TAB_PAGES, ids=ids)
def test_content_tabs_switch(visit, page):
    visit.open(page.url)
    sets = visit.page.locator("article div.tabbed-set")
    assert sets.count() > 0

    for index in range(sets.count()):
        tabbed = sets.nth(index)
        labels = tabbed.locator(":scope > .tabbed-labels > label")
        blocks = tabbed.locator(":scope > .tabbed-content > .tabbed-block")
        assert labels.count() == blocks.count() > 1
        _reveal(visit, tabbed)
        for chosen in reversed(range(labels.count())):
            labels.nth(chosen).click()
            for other in range(blocks.count()):
                assert blocks.nth(other).is_visible() is (other == chosen)
    visit.assert_offline_and_clean()


@pytest.mark.parametrize("page", COPY_PAGES, ids=ids)
def test_copy_button_copies_the_sample_file(visit, page):
    visit.open(page.url)
    rendered = visit.page.locator("article div.highlight")
    assert rendered.count() == len(page.code_blocks)

    checked = 0
    for index, block in enumerate(page.code_blocks):
        if not block.snippets:
            continue  # a transcript typed in the page, not a sample
        expected = "\n".join(snippet_text(ref) for ref in block.snippets)
        highlight = rendered.nth(index)
        _reveal(visit, highlight)
        highlight.hover()
        visit.page.evaluate("navigator.clipboard.writeText('')")
        highlight.locator("button[data-md-type=copy]").click()
        copied = visit.page.evaluate("navigator.clipboard.readText()")
        # Material trims the end of what it copies, nothing else.
        assert copied == expected.rstrip(), block.snippets
        checked += 1
    assert checked > 0
    visit.assert_offline_and_clean()


def _reveal(visit, locator) -> None:
    """Open the folded blocks and select the tabs that hide ``locator``."""
    locator.evaluate(
        """element => {
          for (let node = element; node; node = node.parentElement) {
            if (node.tagName === "DETAILS") node.open = true;
            if (node.classList.contains("tabbed-block")) {
              const set = node.closest(".tabbed-set");
              const blocks = [...node.parentElement.children];
              const inputs = set.querySelectorAll(":scope > input");
              inputs[blocks.indexOf(node)].click();
            }
          }
        }"""
    )


SEARCHES = [
    ("Pub/Sub", "module-08/02-cloud-functions/"),
    ("déclencheur", "module-08/02-cloud-functions/"),
    ("declencheur", "module-08/02-cloud-functions/"),
    ("déclencheur", "module-08/04-eventarc/"),
    ("declencheur", "module-08/04-eventarc/"),
    ("événement", "module-08/04-eventarc/"),
    ("evenement", "module-08/04-eventarc/"),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_french_search_finds_the_page(visit, query, expected):
    visit.open("")
    search = visit.page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(query, delay=20)  # Material searches on keyup
    visit.page.wait_for_function(
        "document.querySelectorAll('.md-search-result__item').length > 0"
    )
    visit.page.wait_for_timeout(300)  # results of the last keystroke

    found = visit.page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link",
        "links => links.map(link => new URL(link.href).pathname)",
    )
    assert f"/{expected}" in found
    visit.assert_offline_and_clean()
