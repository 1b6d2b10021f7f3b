"""Check gcloud commands with the real gcloud parser, offline.

Two steps:

1. **Record.** A sample script runs under bash in a copy of ``samples/``, with
   ``gcloud`` replaced by a stub (``gcloud_stub/``) that writes each call's
   argv, NUL-separated, with the script line it comes from, and prints a
   placeholder (``demo-project`` for the project, a URL for a URL...). Every
   other unknown command (curl, sleep...) does nothing. Bash itself expands the
   variables, quotes, ``$(...)`` and pipes: no regex guesses what a trainee's
   shell would pass to gcloud.
2. **Replay.** Each recorded argv runs against the real gcloud, with a
   throwaway configuration, a dummy project and no credentials, inside a
   network namespace that has no network (``unshare -n``). gcloud parses the
   arguments (and a Job manifest against its schema) before it asks for
   credentials, so a valid command ends at the authentication error and a
   wrong one at a parsing error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.support import SAMPLES

STUB = Path(__file__).parent / "gcloud_stub"

# The only texts that mean "the command was understood, now log in".
AUTH_ERRORS = (
    "You do not currently have an active account selected",
    "no credentialed accounts",
    "does not have any valid credentials",
)

# Real tools a sample script may need to run to its end; everything else is stubbed.
ALLOWED_TOOLS = (
    "base64",
    "basename",
    "bash",
    "cat",
    "cp",
    "cut",
    "date",
    "dirname",
    "echo",
    "env",
    "false",
    "grep",
    "head",
    "ls",
    "mkdir",
    "mktemp",
    "printf",
    "rm",
    "sed",
    "seq",
    "sort",
    "tail",
    "tee",
    "touch",
    "tr",
    "true",
    "uniq",
    "wc",
    "whoami",
    "xargs",
)

REPLAY_TIMEOUT = 120


@dataclass(frozen=True)
class Invocation:
    """One gcloud call made by a script (or a Job manifest to replace)."""

    source: Path  # the script or manifest
    line: int  # 0 when unknown
    cwd: Path  # relative to the copy of samples/ the script ran in
    argv: tuple[str, ...]  # arguments after "gcloud"

    @property
    def id(self) -> str:
        return f"{display(self.source)}:{self.line}"


@dataclass(frozen=True)
class Recording:
    """What one script did when run with the stub."""

    script: Path
    workdir: Path  # the copy of samples/ it ran in, kept for the replay
    returncode: int
    stderr: str
    invocations: tuple[Invocation, ...]
    others: tuple[str, ...]  # stubbed commands other than gcloud


@dataclass(frozen=True)
class Outcome:
    """What the real gcloud answered to one invocation."""

    returncode: int
    output: str
    seconds: float


def display(path: Path) -> str:
    """A short, stable name for a file: relative to samples/ or to the repository."""
    for base in (SAMPLES, SAMPLES.parent):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return path.as_posix()


@cache
def gcloud_binary() -> str | None:
    return shutil.which("gcloud")


@cache
def can_unshare() -> bool:
    """True when this process may create a network namespace (root, unshare)."""
    unshare = shutil.which("unshare")
    if not unshare:
        return False
    done = subprocess.run(
        [unshare, "-n", "true"], capture_output=True, check=False, timeout=30
    )
    return done.returncode == 0


def offline(argv: list[str]) -> list[str]:
    """Prefix a command so that it runs with no network at all."""
    return (
        [shutil.which("unshare") or "unshare", "-n", *argv] if can_unshare() else argv
    )


def _stub_bin(root: Path) -> Path:
    """A PATH holding the gcloud stub and the allowed real tools, nothing else."""
    bin_dir = root / "bin"
    bin_dir.mkdir()
    shutil.copy2(STUB / "gcloud", bin_dir / "gcloud")
    for tool in ALLOWED_TOOLS:
        real = shutil.which(tool)
        if real:
            (bin_dir / tool).symlink_to(real)
    return bin_dir


def _parse_record(data: bytes, source: Path, workdir: Path) -> list[Invocation]:
    fields = data.split(b"\0")
    invocations = []
    i = 0
    while i < len(fields) - 1:  # the record ends with a NUL: last field is empty
        line, cwd, argc = fields[i : i + 3]
        count = int(argc)
        argv = tuple(f.decode() for f in fields[i + 3 : i + 3 + count])
        i += 3 + count
        where = Path(cwd.decode())
        relative = (
            where.relative_to(workdir) if where.is_relative_to(workdir) else where
        )
        invocations.append(Invocation(source, int(line), relative, argv))
    return invocations


# An opt-in switch of a script: NAME="${NAME:-false}" (or true).
SWITCH = re.compile(r"\$\{(?P<name>[A-Z_][A-Z0-9_]*):-(?P<default>true|false)\}")


def switch_settings(script: Path) -> list[dict[str, str]]:
    """Environments to run the script with: as is, then with its switches flipped.

    A command behind ``if [[ "$DELETE_IMAGES" == true ]]`` runs only when the
    trainee opts in; the second run reaches it too.
    """
    flipped = {
        m["name"]: "false" if m["default"] == "true" else "true"
        for m in SWITCH.finditer(script.read_text(encoding="utf-8"))
    }
    return [{}, flipped] if flipped else [{}]


def record(script: Path, root: Path | None = None) -> Recording:
    """Run a script with the gcloud stub and return what gcloud was asked.

    The script runs from its own folder, in a copy of samples/ under ``root``
    (a fresh temporary folder when None), so what it writes stays there.
    """
    root = Path(tempfile.mkdtemp(prefix="gcloud-record-", dir=root))
    workdir = root / "samples"
    shutil.copytree(SAMPLES, workdir, ignore=shutil.ignore_patterns("__pycache__"))
    target = script.resolve()
    if target.is_relative_to(SAMPLES):
        in_copy = workdir / target.relative_to(SAMPLES)
    else:  # a harness fixture: it runs from a copy of its own folder
        in_copy = root / "fixture" / target.name
        shutil.copytree(target.parent, in_copy.parent)
    bin_dir = _stub_bin(root)
    (root / "home").mkdir()
    (root / "tmp").mkdir()
    record_file = root / "gcloud.calls"
    others_file = root / "other.calls"
    record_file.touch()
    others_file.touch()
    env = {
        "PATH": str(bin_dir),
        "HOME": str(root / "home"),
        "TMPDIR": str(root / "tmp"),
        "LANG": "C.UTF-8",
        "BASH_ENV": str(STUB / "prelude.bash"),
        "GCLOUD_STUB_BIN": str(bin_dir),
        "GCLOUD_RECORD": str(record_file),
        "GCLOUD_STUB_OTHERS": str(others_file),
    }
    returncode, stderr = 0, ""
    for switches in switch_settings(script):
        done = subprocess.run(
            offline([shutil.which("bash") or "/bin/bash", str(in_copy)]),
            cwd=in_copy.parent,
            env={**env, **switches},
            input=b"y\n" * 1000,  # "Do you want to continue (Y/n)?"
            capture_output=True,
            check=False,
            timeout=60,
        )
        returncode = returncode or done.returncode
        stderr += done.stderr.decode(errors="replace")
    invocations = _parse_record(record_file.read_bytes(), script, workdir)
    others = tuple(dict.fromkeys(others_file.read_text().split()))
    return Recording(
        script,
        workdir,
        returncode,
        stderr,
        tuple(dict.fromkeys(invocations)),
        others,
    )


def replay(argv: tuple[str, ...] | list[str], cwd: Path) -> Outcome:
    """Run ``gcloud ARGV`` for real, offline, with a throwaway configuration."""
    if not can_unshare():  # never let gcloud near the network
        raise RuntimeError("gcloud only runs inside a network namespace (unshare -n)")
    with tempfile.TemporaryDirectory(prefix="gcloud-replay-") as tmp:
        root = Path(tmp)
        for name in ("config", "home", "tmp"):
            (root / name).mkdir()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": str(root / "home"),
            "TMPDIR": str(root / "tmp"),
            "PYTHONDONTWRITEBYTECODE": "1",
            "CLOUDSDK_CONFIG": str(root / "config"),
            "CLOUDSDK_CORE_CHECK_GCE_METADATA": "false",
            "CLOUDSDK_CORE_PROJECT": "demo-project",
            "CLOUDSDK_CORE_DISABLE_PROMPTS": "1",
            "CLOUDSDK_CORE_DISABLE_USAGE_REPORTING": "true",
            "CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK": "true",
        }
        if "CLOUDSDK_PYTHON" in os.environ:
            env["CLOUDSDK_PYTHON"] = os.environ["CLOUDSDK_PYTHON"]
        start = time.monotonic()
        try:
            done = subprocess.run(
                offline([gcloud_binary() or "gcloud", *argv]),
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
                timeout=REPLAY_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            return Outcome(-1, "timed out", time.monotonic() - start)
        seconds = time.monotonic() - start
        leftovers = [
            p.relative_to(root).as_posix()
            for name in ("home", "tmp")
            for p in (root / name).rglob("*")
        ]
    output = (done.stdout + done.stderr).decode(errors="replace")
    if leftovers:
        output += f"\n[harness] gcloud wrote outside its configuration: {leftovers}"
        return Outcome(-2, output, seconds)
    return Outcome(done.returncode, output, seconds)


def verdict(outcome: Outcome) -> str | None:
    """None when gcloud accepted the command; otherwise why not.

    Accepted means: gcloud stopped only because there are no credentials, or
    (for local commands such as ``config get-value``) it succeeded.
    """
    if outcome.returncode == 0:
        return None
    if outcome.returncode > 0 and any(text in outcome.output for text in AUTH_ERRORS):
        return None
    return f"gcloud rejected the command (exit {outcome.returncode}):\n{outcome.output}"


def job_manifest_argv(manifest: Path) -> tuple[str, ...]:
    return ("run", "jobs", "replace", str(manifest), "--region=europe-west1")
