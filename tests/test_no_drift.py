"""The pages and samples/ cannot drift apart.

- every file under samples/ is included by at least one page;
- every include (``--8<-- "path"``, ``--8<-- "path:section"``, or a
  ``--8<--`` block listing paths) names a file, and a section, that exist,
  and never a line range (a section name survives edits, line numbers do not);
- no page holds a fenced block typed into it: a fence holds includes only,
  except Mermaid diagrams and ``text`` transcripts of expected output.

The syntax follows pymdownx.snippets (``base_path`` = samples/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import DOCS, ROOT, SAMPLES

FIXTURES = ROOT / "tests" / "support" / "fixtures" / "drift"

# Typed fences allowed in a page.
TYPED_FENCES_ALLOWED = {"mermaid", "text"}

# Files that are never content (caches, editor and OS litter).
IGNORED_PARTS = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
IGNORED_SUFFIXES = {".pyc", ".pyo"}
IGNORED_NAMES = {".DS_Store"}

# `--8<-- "path"` (inline) or a lone `--8<--` (opens or closes a block of paths).
# A leading `;` escapes the marker: pymdownx then shows it as text.
SNIPPET = re.compile(
    r"""^[ \t]*(?P<escape>;*)
    (?:-+8<-+[ \t]+(?P<quote>["'])(?P<path>.+?)(?P=quote)
      |(?P<block>-+8<-+))[ \t]*$""",
    re.VERBOSE,
)
SECTION = re.compile(r"^(?P<path>.*?):(?P<section>[A-Za-z][-_0-9A-Za-z]*)$")
LINES = re.compile(r"^(?P<path>.*?)(?P<lines>(?::-?\d*){1,2}(?:,-?\d*(?::-?\d*)?)*)$")
MARKER = re.compile(
    r"-+8<-+[ \t]+\[[ \t]*(start|end)[ \t]*:[ \t]*([-_0-9A-Za-z]+)[ \t]*\]"
)
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Include:
    page: Path
    line: int
    target: str  # as written between the quotes or on the block line

    @property
    def id(self) -> str:
        page = self.page
        name = (
            page.relative_to(DOCS).as_posix()
            if page.is_relative_to(DOCS)
            else page.name
        )
        return f"{name}:{self.line}"


def pages(docs: Path = DOCS) -> list[Path]:
    return sorted(docs.rglob("*.md"))


def sample_files(samples: Path = SAMPLES) -> list[Path]:
    return sorted(
        p
        for p in samples.rglob("*")
        if p.is_file()
        and not IGNORED_PARTS.intersection(p.relative_to(samples).parts)
        and p.suffix not in IGNORED_SUFFIXES
        and p.name not in IGNORED_NAMES
    )


def snippet_lines(page: Path) -> dict[int, str | None]:
    """Line number -> include target, for every snippet line of the page.

    Block markers map to None. Escaped markers and `;`-commented block entries
    are not includes.
    """
    found: dict[int, str | None] = {}
    in_block = False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        match = SNIPPET.match(line)
        if match and match["escape"]:
            continue
        if match and match["block"]:
            in_block = not in_block
            found[number] = None
        elif match and not in_block:
            found[number] = match["path"].strip()
        elif in_block:  # a path per line; blank and `;` lines render nothing
            entry = line.strip()
            found[number] = entry if entry and not entry.startswith(";") else None
    return found


def includes(page: Path) -> list[Include]:
    return [
        Include(page, number, target)
        for number, target in snippet_lines(page).items()
        if target is not None
    ]


def split_target(target: str) -> tuple[str, str | None, str | None]:
    """(path, section, line range) of an include target."""
    if match := SECTION.match(target):
        return match["path"], match["section"], None
    if (match := LINES.match(target)) and match["lines"]:
        return match["path"], None, match["lines"]
    return target, None, None


def sections(file: Path) -> dict[str, set[str]]:
    """Section name -> {"start", "end"} markers found in the file."""
    found: dict[str, set[str]] = {}
    for kind, name in MARKER.findall(
        file.read_text(encoding="utf-8", errors="replace")
    ):
        found.setdefault(name, set()).add(kind)
    return found


def include_problem(include: Include, samples: Path = SAMPLES) -> str | None:
    path, section, lines = split_target(include.target)
    if lines:
        return f"{include.target}: line numbers; use a named section instead"
    if path.lower().startswith(("http://", "https://")):
        return f"{include.target}: remote include; samples must be files of samples/"
    file = (samples / path).resolve()
    if not file.is_relative_to(samples.resolve()):
        return f"{include.target}: outside samples/"
    if not file.is_file():
        return f"{include.target}: no such file under samples/"
    if section is not None:
        markers = sections(file).get(section, set())
        if markers != {"start", "end"}:
            return f"{include.target}: section [{section}] has no start and end markers"
    return None


def included_files(docs: Path = DOCS, samples: Path = SAMPLES) -> set[Path]:
    result = set()
    for page in pages(docs):
        for include in includes(page):
            path, _, _ = split_target(include.target)
            result.add((samples / path).resolve())
    return result


def typed_blocks(page: Path) -> list[str]:
    """Fenced blocks whose body is typed in the page rather than included."""
    lines = page.read_text(encoding="utf-8").splitlines()
    snippets = snippet_lines(page)
    problems = []
    number = 0
    while number < len(lines):
        opening = FENCE_OPEN.match(lines[number])
        number += 1
        if not opening:
            continue
        fence, start = opening["fence"], number
        info = opening["info"].strip().lstrip("{").lstrip(".")
        language = info.split()[0].rstrip("}").lower() if info else ""
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body = []
        while number < len(lines) and not closing.match(lines[number]):
            body.append(number + 1)
            number += 1
        number += 1  # the closing fence
        if language in TYPED_FENCES_ALLOWED:
            continue
        typed = [n for n in body if n not in snippets and lines[n - 1].strip()]
        if typed or not any(snippets.get(n) for n in body):
            problems.append(
                f"{page.name}:{start}: ```{language or '(no language)'} block typed"
                f" into the page (line {typed[0] if typed else start}); include it"
                " from samples/ with --8<--"
            )
    return problems


PAGES = pages()
INCLUDES = [i for p in PAGES for i in includes(p)]
FILES = sample_files()


@pytest.mark.parametrize(
    "sample", FILES, ids=[f.relative_to(SAMPLES).as_posix() for f in FILES]
)
def test_sample_is_shown_on_a_page(sample: Path) -> None:
    assert sample.resolve() in included_files(), "included by no page of docs/"


@pytest.mark.parametrize("include", INCLUDES, ids=[i.id for i in INCLUDES])
def test_include_resolves(include: Include) -> None:
    assert include_problem(include) is None


@pytest.mark.parametrize(
    "page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES]
)
def test_page_has_no_typed_code(page: Path) -> None:
    assert typed_blocks(page) == []


# --- the checks themselves, on fixture pages and samples -----------------------------


def test_checks_find_every_include_form() -> None:
    page = FIXTURES / "docs" / "page.md"
    assert [(i.line, i.target) for i in includes(page)] == [
        (6, "demo/main.py"),
        (12, "demo/deploy.sh:deploy"),
        (17, "demo/main.py"),
        (19, "demo/deploy.sh:missing"),
        (24, "demo/main.py:3:8"),
        (28, "demo/absent.py"),
        (36, "demo/main.py"),
    ]


def test_checks_report_bad_includes() -> None:
    samples = FIXTURES / "samples"
    problems = [
        include_problem(i, samples) for i in includes(FIXTURES / "docs" / "page.md")
    ]
    assert problems == [
        None,
        None,
        None,
        "demo/deploy.sh:missing: section [missing] has no start and end markers",
        "demo/main.py:3:8: line numbers; use a named section instead",
        "demo/absent.py: no such file under samples/",
        None,
    ]


def test_checks_report_a_sample_no_page_includes() -> None:
    samples = FIXTURES / "samples"
    shown = included_files(FIXTURES / "docs", samples)
    missing = [f.name for f in sample_files(samples) if f.resolve() not in shown]
    assert missing == ["orphan.txt"]


def test_checks_report_typed_blocks_only() -> None:
    assert typed_blocks(FIXTURES / "docs" / "page.md") == [
        "page.md:31: ```bash block typed into the page (line 32);"
        " include it from samples/ with --8<--",
        "page.md:35: ```go block typed into the page (line 37);"
        " include it from samples/ with --8<--",
        "page.md:40: ```(no language) block typed into the page (line 41);"
        " include it from samples/ with --8<--",
    ]
