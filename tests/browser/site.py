"""What the browser tests need to know about the site, read from its sources.

The pages come from the ``nav`` of mkdocs.yml (with ``site_url`` empty the
sitemap lists nothing). What each page holds (diagrams, folded solutions,
content tabs, sample includes) is read from its Markdown, snippets expanded, so
that the tests are parametrized at collection time without building the site.
"""

import re
from dataclasses import dataclass
from functools import cache

import yaml

from tests.support import DOCS, ROOT, SAMPLES

CONFIG = ROOT / "mkdocs.yml"
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")
SNIPPET = re.compile(r'^\s*-{1,}8<-{1,}\s+"(?P<path>[^"]+)"\s*$')
MARKER = re.compile(r"-{1,}8<-{1,}\s*\[(?P<kind>start|end):(?P<name>[\w-]+)\]")
# The entry of the pinned Mermaid (mermaid2's ``javascript`` option): a request
# for it means a page downloads Mermaid.
MERMAID_LIBRARY = re.compile(r"/mermaid-[\d.]+/mermaid\.esm\.min\.mjs$")


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml while ignoring its Python and ``!relative`` tags."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@cache
def config() -> dict:
    return yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=_AnyTagLoader)


def _nav_files(items) -> list[str]:
    files = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            files.extend(_nav_files(value))
        elif isinstance(value, str) and value.endswith(".md"):
            files.append(value)
    return files


def url_of(source: str) -> str:
    """The site path of a page (``use_directory_urls``): ``a/b.md`` -> ``a/b/``."""
    stem = source.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def snippet_text(reference: str) -> str:
    """The text pymdownx.snippets puts in the page for ``file`` or ``file:section``.

    Section markers never reach the page; a section is the lines between its
    start and end markers. This is what the copy button must copy.
    """
    path, _, section = reference.partition(":")
    lines = (SAMPLES / path).read_text(encoding="utf-8").splitlines()
    if section:
        start = next(
            i for i, line in enumerate(lines) if _is_marker(line, "start", section)
        )
        end = next(
            i
            for i, line in enumerate(lines)
            if i > start and _is_marker(line, "end", section)
        )
        lines = lines[start + 1 : end]
    return "\n".join(line for line in lines if not MARKER.search(line))


def _is_marker(line: str, kind: str, name: str) -> bool:
    match = MARKER.search(line)
    return bool(match and match["kind"] == kind and match["name"] == name)


@dataclass(frozen=True)
class Block:
    """A fenced block of a page, in page order."""

    language: str
    snippets: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    source: str
    url: str
    markdown: str
    blocks: tuple[Block, ...]

    @property
    def diagrams(self) -> int:
        return sum(block.language == "mermaid" for block in self.blocks)

    @property
    def code_blocks(self) -> tuple[Block, ...]:
        """The blocks Material highlights (and gives a copy button), in order."""
        return tuple(block for block in self.blocks if block.language != "mermaid")

    @property
    def has_details(self) -> bool:
        return bool(re.search(r"^\s*\?\?\?\+?\s", self.markdown, re.M))

    @property
    def has_tabs(self) -> bool:
        return bool(re.search(r'^\s*===\+?\s+"', self.markdown, re.M))

    def __str__(self) -> str:
        return self.url or "accueil"


def _expand(markdown: str) -> str:
    """Inline the snippets included outside fences (Markdown tables, for example)."""
    out, fence = [], None
    for line in markdown.splitlines():
        match = FENCE.match(line)
        if fence is None and match:
            fence = match["fence"]
        elif fence is not None and line.strip() == fence:
            fence = None
        snippet = SNIPPET.match(line)
        if fence is None and snippet:
            indent = line[: len(line) - len(line.lstrip())]
            text = _expand(snippet_text(snippet["path"]))
            out.extend(indent + part if part else part for part in text.splitlines())
        else:
            out.append(line)
    return "\n".join(out)


def _blocks(markdown: str) -> tuple[Block, ...]:
    blocks, current, fence = [], None, None
    for line in markdown.splitlines():
        match = FENCE.match(line)
        if fence is None and match:
            fence = match["fence"]
            info = match["info"].strip()
            current = (info.split()[0].lstrip(".{") if info else "", [])
        elif fence is not None and line.strip() == fence:
            blocks.append(Block(current[0], tuple(current[1])))
            fence = None
        elif fence is not None:
            snippet = SNIPPET.match(line)
            if snippet:
                current[1].append(snippet["path"])
    return tuple(blocks)


@cache
def pages() -> tuple[Page, ...]:
    found = []
    for source in _nav_files(config()["nav"]):
        markdown = _expand((DOCS / source).read_text(encoding="utf-8"))
        found.append(Page(source, url_of(source), markdown, _blocks(markdown)))
    return tuple(found)
