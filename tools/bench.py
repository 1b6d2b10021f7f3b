"""Speed and accessibility budgets of the course site, measured, printed as a table.

    python -m tools.bench [--runs 5] [--readme]      # or: nox -s bench [-- --readme]

1. Lighthouse (npm ``lighthouse``, pinned in tools/lighthouse/, run on Debian's
   Chromium) on every page of the nav, desktop and mobile, four categories.
2. Bytes a reader downloads reading each page to its end (scrolled through in
   Chromium, so that every diagram is drawn), compressed as a static host serves
   them, and whether it loads Mermaid (only pages with a diagram may).
3. Strict build time of the whole site, with and without the mermaid2 plugin
   (median of ``--runs`` builds each).
4. With ``--readme``: wall time of the README's test command, environments warm
   (it runs the whole suite: several minutes).

Each budget prints PASS or FAIL, then a summary line; the exit status is 1 when a
budget fails. A benchmark, not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.site import MERMAID_LIBRARY, Page, pages
from tools import serve_site

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mkdocs.yml"
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "P", "accessibility": "A", "best-practices": "BP", "seo": "SEO"}
PAGE_WITHOUT_DIAGRAM_MAX = 250 * 1024
MERMAID2_MAX_COST = 0.20
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Measure:
    page: Page
    scores: dict[str, dict[str, int]] = field(default_factory=dict)
    bytes: int = 0
    mermaid_loaded: bool = False


@dataclass
class Budget:
    name: str
    passed: bool
    detail: str


def build(out: Path, config_text: str, site_url: str = "") -> tuple[float, float]:
    """One ``mkdocs build --strict`` of ``config_text`` (read from stdin).

    Returns the wall time of the command (Python start-up and imports included)
    and the build time MkDocs reports ("Documentation built in"), in seconds.
    The configuration comes through stdin with the repository as working
    directory, so that its relative paths resolve exactly as from mkdocs.yml.
    """
    env = {**os.environ, **QUIET_MKDOCS, "SITE_URL": site_url}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "-f", "-", "-d", str(out)],
        input=config_text.encode(),
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=False,
    )
    wall = time.perf_counter() - start
    log = done.stderr.decode(errors="replace")
    reported = re.search(r"Documentation built in ([\d.]+) seconds", log)
    if reported is None:
        raise SystemExit(f"mkdocs did not report its build time:\n{log}")
    return wall, float(reported[1])


def without_plugin(config_text: str, name: str) -> str:
    """``config_text`` with the plugin ``name`` (and its options) removed."""
    lines = config_text.splitlines(keepends=True)
    out, skip_deeper_than = [], None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if skip_deeper_than is not None:
            if not line.strip() or indent > skip_deeper_than:
                continue
            skip_deeper_than = None
        if re.match(rf"\s*- {re.escape(name)}\b", line):
            skip_deeper_than = indent
            continue
        out.append(line)
    removed = "".join(out)
    if removed == config_text:
        raise SystemExit(f"plugin {name} not found in {CONFIG}")
    return removed


def build_times(runs: int) -> dict[str, tuple[float, float]]:
    """Median strict build times with and without mermaid2, runs interleaved.

    For each variant: (wall time of the command, build time MkDocs reports).
    """
    texts = {"with": CONFIG.read_text(encoding="utf-8")}
    texts["without"] = without_plugin(texts["with"], "mermaid2")
    times: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp) / "warm", texts["with"])  # imports and caches warm
        for run in range(runs):
            for variant, text in texts.items():
                times[variant].append(build(Path(tmp) / f"{variant}{run}", text))
    return {
        variant: (
            statistics.median(wall for wall, _ in found),
            statistics.median(reported for _, reported in found),
        )
        for variant, found in times.items()
    }


def lighthouse(url: str, preset: str, report: Path) -> dict:
    """One Lighthouse run; returns its JSON report."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(
        command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, cwd=ROOT
    )
    return json.loads(report.read_text(encoding="utf-8"))


def measure_pages(
    base_url: str, reports: Path, only: list[str], runs: int
) -> list[Measure]:
    """Lighthouse ``runs`` times per page and preset; each score is the median.

    Lighthouse's own advice for a noisy machine: one run varies by several
    points of performance, the median of a few does not.
    """
    measures = []
    for page in pages():
        if only and not any(part in str(page) for part in only):
            continue
        measure = Measure(page)
        for preset in ("desktop", "mobile"):
            name = (page.url.strip("/").replace("/", "-") or "accueil") + f"-{preset}"
            results = [
                lighthouse(base_url + page.url, preset, reports / f"{name}-{run}.json")
                for run in range(1, runs + 1)
            ]
            measure.scores[preset] = {
                key: round(
                    statistics.median(
                        100 * (result["categories"][key]["score"] or 0)
                        for result in results
                    )
                )
                for key in CATEGORIES
            }
            # The run whose performance is the median explains the scores.
            results.sort(key=lambda run: run["categories"]["performance"]["score"])
            median = results[len(results) // 2]
            for key in CATEGORIES:
                if measure.scores[preset][key] == 100:
                    continue
                failing = _failing_audits(median, key)
                if failing:
                    measure.scores[preset].setdefault("_failing", []).extend(failing)
        measures.append(measure)
        print(f"  measured {page}", file=sys.stderr, flush=True)
    return measures


# A reader going through the page to its end, half a screen at a time.
READ_TO_THE_END = """
async () => {
  for (let y = 0; y <= document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}
"""


def reader_downloads(base_url: str, measures: list[Measure]) -> None:
    """Fill in what a reader downloads, compressed, reading each page to its end."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            for measure in measures:
                url = base_url + measure.page.url
                measure.bytes, measure.mermaid_loaded = _read_to_the_end(browser, url)
        finally:
            browser.close()


def _read_to_the_end(browser, url: str) -> tuple[int, bool]:
    """Bytes a fresh tab downloads while a reader scrolls ``url`` to its end,
    compressed, headers included; and whether Mermaid was among them."""
    page = browser.new_page(viewport={"width": 1350, "height": 940})
    finished = []

    def record(request) -> None:  # Playwright cannot wrap a bound builtin
        finished.append(request)

    page.on("requestfinished", record)
    try:
        page.goto(url, wait_until="load")
        page.evaluate(READ_TO_THE_END)
        page.wait_for_function(
            "document.querySelectorAll('article pre.mermaid').length === 0"
        )
        page.wait_for_load_state("networkidle")
        downloaded = sum(
            sizes["responseBodySize"] + sizes["responseHeadersSize"]
            for sizes in (request.sizes() for request in finished)
        )
        mermaid = any(MERMAID_LIBRARY.search(request.url) for request in finished)
    finally:
        page.close()
    return downloaded, mermaid


def _failing_audits(result: dict, category: str) -> list[str]:
    """The weighted audits of ``category`` that lost points (metrics for P)."""
    if result["categories"][category]["score"] == 1:
        return []
    return [
        ref["id"]
        for ref in result["categories"][category]["auditRefs"]
        if ref.get("weight", 0) > 0
        and (result["audits"][ref["id"]].get("score") or 0) < 1
        and result["audits"][ref["id"]].get("scoreDisplayMode") != "notApplicable"
    ]


def readme_test_command() -> str:
    """The README's one-line test command (the line that runs ``nox -s tests``)."""
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if "nox -s tests" in line:
            return line.split("#")[0].strip()
    raise SystemExit("README.md has no line running nox -s tests")


def readme_wall_time() -> tuple[str, float]:
    """Run the README test command twice (the first warms nox's environments)."""
    command = readme_test_command()
    subprocess.run(command, shell=True, cwd=ROOT, check=True)
    start = time.perf_counter()
    subprocess.run(command, shell=True, cwd=ROOT, check=True)
    return command, time.perf_counter() - start


def budgets(
    measures: list[Measure], times: dict[str, tuple[float, float]]
) -> list[Budget]:
    found = []
    for m in measures:
        desktop, mobile = m.scores["desktop"], m.scores["mobile"]
        low = [k for k in CATEGORIES if desktop[k] < 100]
        found.append(Budget(f"desktop 100 x4 {m.page}", not low, _why(low, desktop)))
        low = [k for k in CATEGORIES[1:] if mobile[k] < 100]
        found.append(
            Budget(f"mobile A/BP/SEO 100 {m.page}", not low, _why(low, mobile))
        )
        floor = 90 if m.page.diagrams else 95
        perf = mobile["performance"]
        found.append(
            Budget(
                f"mobile perf >= {floor} {m.page}",
                perf >= floor,
                f"{perf}"
                + (
                    f" ({', '.join(mobile.get('_failing', []))})"
                    if perf < floor
                    else ""
                ),
            )
        )
        if m.page.diagrams:
            found.append(
                Budget(f"loads Mermaid (diagram) {m.page}", m.mermaid_loaded, "")
            )
        else:
            found.append(
                Budget(
                    f"no Mermaid, < 250 KB {m.page}",
                    not m.mermaid_loaded and m.bytes < PAGE_WITHOUT_DIAGRAM_MAX,
                    f"{m.bytes / 1024:.0f} KB"
                    + (", loads Mermaid" if m.mermaid_loaded else ""),
                )
            )
    (with_wall, with_build), (without_wall, without_build) = (
        times["with"],
        times["without"],
    )
    cost = with_build / without_build - 1
    found.append(
        Budget(
            "mermaid2 build cost < 20 % (MkDocs build time)",
            cost < MERMAID2_MAX_COST,
            f"{cost:+.1%} ({with_build:.2f} s vs {without_build:.2f} s)",
        )
    )
    wall_cost = with_wall / without_wall - 1
    found.append(
        Budget(
            "mermaid2 cost < 20 % (command wall time, start-up included)",
            wall_cost < MERMAID2_MAX_COST,
            f"{wall_cost:+.1%} ({with_wall:.2f} s vs {without_wall:.2f} s)",
        )
    )
    return found


def _why(low: list[str], scores: dict) -> str:
    if not low:
        return ""
    return ", ".join(f"{SHORT[k]} {scores[k]}" for k in low) + _failing(scores)


def _failing(scores: dict) -> str:
    audits = scores.get("_failing")
    return f" ({', '.join(audits)})" if audits else ""


def print_table(measures: list[Measure]) -> None:
    head = [
        "page",
        "diag",
        "desktop P/A/BP/SEO",
        "mobile P/A/BP/SEO",
        "KB read",
        "Mermaid",
    ]
    rows = [head]
    for m in measures:
        rows.append(
            [
                str(m.page),
                str(m.page.diagrams),
                "/".join(str(m.scores["desktop"][k]) for k in CATEGORIES),
                "/".join(str(m.scores["mobile"][k]) for k in CATEGORIES),
                f"{m.bytes / 1024:.0f}",
                "yes" if m.mermaid_loaded else "no",
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    for index, row in enumerate(rows):
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("| " + " | ".join(cells) + " |")
        if index == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds per variant")
    parser.add_argument(
        "--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page"
    )
    parser.add_argument("--readme", action="store_true", help="time the test command")
    parser.add_argument("--keep", type=Path, help="keep Lighthouse reports here")
    parser.add_argument(
        "--page", action="append", default=[], help="only pages whose path has this"
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse missing: cd tools/lighthouse && npm ci")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} missing: apt-get install chromium")

    with tempfile.TemporaryDirectory() as tmp:
        site, reports = Path(tmp) / "site", args.keep or Path(tmp) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        server, base_url = serve_site.start(site)
        try:
            build(site, CONFIG.read_text(encoding="utf-8"), base_url)
            print(
                f"Lighthouse on {base_url} (gzip, like a static host)", file=sys.stderr
            )
            measures = measure_pages(base_url, reports, args.page, args.lighthouse_runs)
            reader_downloads(base_url, measures)
        finally:
            server.shutdown()
            server.server_close()
    print(f"Strict builds (median of {args.runs} each)...", file=sys.stderr)
    times = build_times(args.runs)

    print()
    print_table(measures)
    print()
    for variant, (wall, built) in times.items():
        print(
            f"strict build, whole site, {variant} mermaid2: {built:.2f} s "
            f"(MkDocs), {wall:.2f} s (command); median of {args.runs}"
        )
    if args.readme:
        command, seconds = readme_wall_time()
        print(f"README test command, environments warm: {seconds:.0f} s  ({command})")
    else:
        print("README test command: not timed (add --readme)")
    print()
    results = budgets(measures, times)
    for budget in results:
        status = "PASS" if budget.passed else "FAIL"
        print(
            f"{status}  {budget.name}" + (f"  {budget.detail}" if budget.detail else "")
        )
    failed = [b for b in results if not b.passed]
    print()
    print(
        f"SUMMARY: {len(results) - len(failed)}/{len(results)} budgets met"
        + (f", {len(failed)} FAILED" if failed else ": all budgets met")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
