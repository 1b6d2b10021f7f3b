"""Build the site once, serve it on 127.0.0.1 and drive Debian's Chromium at it."""

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.site import MERMAID_LIBRARY
from tests.support import ROOT, require

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Material draws diagrams into closed shadow roots. In the test browser only,
# every shadow root is opened so that the SVG can be inspected.
OPEN_SHADOW_ROOTS = """
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attachShadow.call(this, { ...init, mode: "open" });
};
"""
# Wide enough for Material's desktop layout: sidebar links are visible.
MKDOCS_BUILD = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
VIEWPORT = {"width": 1400, "height": 900}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def build_site(out: Path, site_url: str) -> None:
    """``mkdocs build --strict`` of this repository into ``out``.

    Material's instant navigation follows only the links of its sitemap, whose
    addresses come from ``site_url``: the site is built for the address that
    serves it.
    """
    subprocess.run(
        [*MKDOCS_BUILD, "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("site")


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The site, built for and served on an ephemeral port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_port}/"
    build_site(built_site, url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A browser tab on the served site that records what leaves it."""

    page: object
    base_url: str
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path, wait_until="load")

    @property
    def fetched_mermaid(self) -> bool:
        """Whether the tab has requested the pinned Mermaid."""
        return any(MERMAID_LIBRARY.search(url) for url in self.requests)

    def assert_offline_and_clean(self) -> None:
        assert self.external == [], "requests left 127.0.0.1"
        assert self.errors == [], "the console shows errors"


@pytest.fixture
def visit(browser, base_url: str) -> Iterator[Visit]:
    """A fresh tab: shadow roots opened, every request recorded, only 127.0.0.1."""
    context = browser.new_context(
        viewport=VIEWPORT,
        locale="fr-FR",
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.set_default_timeout(10_000)
    page = context.new_page()
    tab = Visit(page, base_url)

    def route(route):
        url = route.request.url
        tab.requests.append(url)
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            tab.external.append(url)
            route.abort()

    context.route("**/*", route)
    page.on(
        "console",
        lambda message: message.type == "error" and tab.errors.append(message.text),
    )
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()
