"""Sessions of the course site: preview, strict build, tests and lint.

Every session installs its exact pins from requirements/, so a fresh machine with
Python 3.11+ and pip gets the same tools as CI.
"""

import os
import shutil
import sys
from pathlib import Path

import nox

nox.options.sessions = ["lint", "docs", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

# None: the interpreter that runs nox (Python 3.11 or newer), as the README promises.
PYTHON = None
# Material 9.8 prints an end-of-life notice at each build: it hides real warnings.
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1"}
CHROMIUM = "/usr/bin/chromium"


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Preview the site on http://127.0.0.1:8000, reloading on docs/ and samples/."""
    session.install("-r", "requirements/docs.txt")
    session.run(
        "mkdocs",
        "serve",
        "--dev-addr",
        "127.0.0.1:8000",
        *session.posargs,
        env=QUIET_MKDOCS,
    )


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site with --strict: any warning, missing sample or section fails."""
    session.install("-r", "requirements/docs.txt")
    session.run("mkdocs", "build", "--strict", *session.posargs, env=QUIET_MKDOCS)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the whole test suite, with 100 % line coverage of samples/."""
    session.install("-r", "requirements/tests.txt")
    _ensure_chromium(session)
    session.run("pytest", *session.posargs, env=QUIET_MKDOCS)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff, shellcheck, hadolint and actionlint, then the same hooks via pre-commit."""
    session.install("-r", "requirements/lint.txt")
    session.run("ruff", "check", "samples", "tests", "tools", "noxfile.py")
    session.run("ruff", "format", "--check", "samples", "tests", "tools", "noxfile.py")
    # Globbed here rather than by pre-commit, which sees only files git tracks:
    # a sample not yet added is linted too.
    session.run("shellcheck", ".ci/run", *_files("samples", "*.sh"))
    dockerfiles = _files("samples", "Dockerfile")
    if dockerfiles:
        session.run("hadolint", *dockerfiles)
    session.run("actionlint")  # finds .github/workflows by itself
    # The git hooks must agree with this session: run them all once.
    session.run("pre-commit", "run", "--all-files", "--show-diff-on-failure")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Lighthouse, page weight and build time budgets: prints a table (tools/bench.py).

    Not part of the default sessions: it takes about twenty minutes. Add
    `-- --readme` to time the README's test command as well.
    """
    session.install("-r", "requirements/tests.txt")
    _ensure_chromium(session)
    # Lighthouse pinned by tools/lighthouse/package-lock.json, installed there.
    npm_ci = ["npm", "ci", "--prefix", "tools/lighthouse", "--ignore-scripts"]
    session.run(*npm_ci, "--no-audit", "--no-fund", external=True)
    session.run("python", "-m", "tools.bench", *session.posargs, env=QUIET_MKDOCS)


@nox.session(python=PYTHON)
def capstone(session: nox.Session) -> None:
    """The final project on one machine: emulators, functions, API (tools/capstone.py).

    Needs the Google Cloud CLI's Pub/Sub and Firestore emulators, and Java.
    """
    session.install("-r", "requirements/samples.txt")
    session.run("python", "-m", "tools.capstone", *session.posargs)


@nox.session(python=PYTHON)
def drill(session: nox.Session) -> None:
    """1,000 uploads while process-file is killed and restarted (tools/drill.py).

    A benchmark, not a test: prints sent, recorded, lost, duplicated and the time.
    """
    session.install("-r", "requirements/samples.txt")
    session.run("python", "-m", "tools.drill", *session.posargs)


def _files(folder: str, pattern: str) -> list[str]:
    """Files under folder matching pattern, sorted, relative to the repository root."""
    return sorted(str(path) for path in Path(folder).rglob(pattern))


def _ensure_chromium(session: nox.Session) -> None:
    """Install Debian's Chromium for the browser tests when it is missing.

    The browser comes from the system's package manager, never from a download
    of Playwright's own: apt needs root, which CI has. Elsewhere the session
    says what to run instead of failing later with an obscure message.
    """
    if os.path.exists(CHROMIUM):
        return
    if (
        sys.platform.startswith("linux")
        and os.geteuid() == 0
        and shutil.which("apt-get")
    ):
        session.log("Installing Debian's chromium for the browser tests")
        session.run("apt-get", "update", "-qq", external=True)
        session.run(
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
            external=True,
            env={"DEBIAN_FRONTEND": "noninteractive"},
        )
        return
    session.warn(
        f"{CHROMIUM} is missing: install it (sudo apt-get install chromium) "
        "or the browser tests will skip here and fail under CI."
    )
