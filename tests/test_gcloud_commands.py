"""Every gcloud command of samples/ is accepted by the real gcloud parser, offline.

Each ``samples/**/*.sh`` runs once under bash with a recording gcloud stub (see
tests/support/gcloud.py); each recorded call is then replayed against the real
gcloud inside ``unshare -n``, with no credentials: it must get past argument
parsing and stop at authentication. Every Cloud Run Job manifest
(``samples/**/*.yaml`` with ``kind: Job``) goes through ``gcloud run jobs
replace`` the same way. The calls run in parallel, one test per call.
"""

from __future__ import annotations

import hashlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from tests.support import ROOT, SAMPLES, require
from tests.support.gcloud import (
    Invocation,
    Outcome,
    Recording,
    can_unshare,
    display,
    gcloud_binary,
    job_manifest_argv,
    offline,
    record,
    replay,
    verdict,
)

pytestmark = pytest.mark.gcloud

FIXTURES = ROOT / "tests" / "support" / "fixtures" / "gcloud"

# Kept for the whole session: the replays run in the copies the scripts ran in.
_WORKSPACE = tempfile.TemporaryDirectory(prefix="gcloud-checks-")
WORKSPACE = Path(_WORKSPACE.name)


def is_job_manifest(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    try:
        documents = list(yaml.safe_load_all(text))
    except yaml.YAMLError:  # broken YAML: gcloud will say so, if it claims to be a Job
        return re.search(r"^kind:\s*Job\s*$", text, re.MULTILINE) is not None
    return any(isinstance(d, dict) and d.get("kind") == "Job" for d in documents)


SCRIPTS = sorted(p for p in SAMPLES.rglob("*.sh") if "__pycache__" not in p.parts)
MANIFESTS = sorted(
    p
    for pattern in ("*.yaml", "*.yml")
    for p in SAMPLES.rglob(pattern)
    if is_job_manifest(p)
)
RECORDINGS: dict[Path, Recording] = {s: record(s, WORKSPACE) for s in SCRIPTS}

SELF_TEST_SCRIPTS = (
    "valid.sh",
    "wrong-flag.sh",
    "hidden-branch.sh",
    "stops-early.sh",
    "opt-in.sh",
)
SELF_TESTS: dict[str, Recording] = {
    name: record(FIXTURES / name, WORKSPACE) for name in SELF_TEST_SCRIPTS
}


def manifest_call(manifest: Path) -> tuple[Invocation, Path]:
    """The replace call for a manifest, run on a copy of it, and its folder."""
    copy = WORKSPACE / "manifests" / display(manifest)
    if not copy.exists():
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(manifest.read_bytes())
    return Invocation(
        manifest, 0, Path("."), job_manifest_argv(Path(copy.name))
    ), copy.parent


def calls_of(recording: Recording) -> list[Invocation]:
    """The recording's distinct calls (a loop may repeat one)."""
    return list(dict.fromkeys(recording.invocations))


def ids_for(invocations: list[Invocation]) -> list[str]:
    """file:line, with #2, #3... when one line makes several different calls."""
    seen: dict[str, int] = {}
    ids = []
    for invocation in invocations:
        seen[invocation.id] = seen.get(invocation.id, 0) + 1
        count = seen[invocation.id]
        ids.append(invocation.id if count == 1 else f"{invocation.id}#{count}")
    return ids


SAMPLE_CALLS = [c for r in RECORDINGS.values() for c in calls_of(r)]

# Lines where a gcloud command starts: at the start of a line, after a pipe, a
# list operator, `$(`, a shell keyword, an assignment or an xargs.
COMMAND_START = re.compile(
    r"(?:^|[;&|(]|\$\(|\b(?:then|do|else|time)\s|\bxargs\b.*?\s|=)\s*gcloud(?:\s|$)"
)


def gcloud_lines(script: Path) -> set[int]:
    """Line numbers of the script's source that start a gcloud command."""
    lines = set()
    for number, line in enumerate(script.read_text().splitlines(), start=1):
        code = line.strip()
        if code.startswith("#"):
            continue
        code = re.sub(r"\s#.*$", "", code)
        if COMMAND_START.search(code):
            lines.add(number)
    return lines


def unreached_lines(recording: Recording) -> list[int]:
    """gcloud commands in the source that the run never called."""
    reached = {c.line for c in recording.invocations}
    return sorted(gcloud_lines(recording.script) - reached)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


class Replays:
    """The answers of the real gcloud, computed once for the session."""

    def __init__(self) -> None:
        self.outcomes: dict[tuple, Outcome] = {}
        self.workdirs_before: dict[Path, dict[str, str]] = {}
        self.workdirs_after: dict[Path, dict[str, str]] = {}
        self.wall = 0.0

    def get(self, invocation: Invocation, workdir: Path) -> Outcome:
        return self.outcomes[(invocation, workdir)]


def _jobs() -> list[tuple[Invocation, Path]]:
    jobs = [(c, r.workdir) for r in RECORDINGS.values() for c in calls_of(r)]
    jobs += [(c, r.workdir) for r in SELF_TESTS.values() for c in calls_of(r)]
    jobs += [manifest_call(m) for m in [*MANIFESTS, *sorted(FIXTURES.glob("*.yaml"))]]
    return jobs


@pytest.fixture(scope="session")
def replays(request: pytest.FixtureRequest) -> Replays:
    require(
        gcloud_binary() is not None, "the Google Cloud CLI (gcloud) is not installed"
    )
    require(can_unshare(), "`unshare -n` is not available (it needs root)")
    result = Replays()
    jobs = _jobs()
    workdirs = {w for _, w in jobs if w.is_relative_to(WORKSPACE)}
    result.workdirs_before = {w: snapshot(w) for w in workdirs}
    workers = int(os.environ.get("GCLOUD_CHECK_WORKERS", 2 * (os.cpu_count() or 1)))
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {
            (c, w): pool.submit(replay, c.argv, w / c.cwd if c.cwd.parts else w)
            for c, w in jobs
        }
        result.outcomes = {key: future.result() for key, future in futures.items()}
    result.wall = time.monotonic() - start
    result.workdirs_after = {w: snapshot(w) for w in workdirs}
    durations = [o.seconds for o in result.outcomes.values()]
    summary = (
        f"gcloud: {len(durations)} calls, median {statistics.median(durations):.2f} s"
        f" per call, sum {sum(durations):.1f} s, wall {result.wall:.1f} s"
        f" with {workers} workers"
    )
    # Shown in the terminal, past output capturing: how long the checks take.
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\n{summary}")
    return result


# --- the samples -----------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS, ids=[display(s) for s in SCRIPTS])
def test_script_runs_to_its_end(script: Path) -> None:
    """With gcloud and the network stubbed, the script runs through (set -e)."""
    recording = RECORDINGS[script]
    assert recording.returncode == 0, recording.stderr


@pytest.mark.parametrize("script", SCRIPTS, ids=[display(s) for s in SCRIPTS])
def test_every_gcloud_command_is_reached(script: Path) -> None:
    """No gcloud command hides in a branch or a function the run never calls."""
    assert unreached_lines(RECORDINGS[script]) == []


@pytest.mark.parametrize("call", SAMPLE_CALLS, ids=ids_for(SAMPLE_CALLS))
def test_gcloud_accepts(call: Invocation, replays: Replays) -> None:
    outcome = replays.get(call, RECORDINGS[call.source].workdir)
    assert verdict(outcome) is None, f"gcloud {' '.join(call.argv)}"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=[display(m) for m in MANIFESTS])
def test_job_manifest_matches_the_schema(manifest: Path, replays: Replays) -> None:
    outcome = replays.get(*manifest_call(manifest))
    assert "Failed to parse" not in outcome.output
    assert verdict(outcome) is None


def test_gcloud_writes_nothing_in_the_working_tree(replays: Replays) -> None:
    assert replays.workdirs_after == replays.workdirs_before


# --- the harness itself ------------------------------------------------------------


def test_harness_records_what_bash_passes_to_gcloud() -> None:
    recording = SELF_TESTS["valid.sh"]
    assert recording.returncode == 0, recording.stderr
    assert [(c.line, c.argv) for c in recording.invocations] == [
        (5, ("config", "get-value", "project")),
        (
            8,
            (
                "functions",
                "deploy",
                "hello-http",
                "--gen2",
                "--runtime=python313",
                "--trigger-http",
                "--region=europe-west1",
                "--entry-point=hello_http",
            ),
        ),
        (
            15,
            (
                "functions",
                "describe",
                "hello-http",
                "--region=europe-west1",
                "--format=value(url)",
            ),
        ),
        (
            19,
            (
                "storage",
                "buckets",
                "create",
                "gs://uploads-demo-project",
                "--location=europe-west1",
            ),
        ),
        (
            20,
            (
                "eventarc",
                "triggers",
                "list",
                "--location=europe-west1",
                "--format=value(name)",
            ),
        ),
        (
            21,
            (
                "eventarc",
                "triggers",
                "delete",
                "demo-value",
                "--location=europe-west1",
                "--quiet",
            ),
        ),
    ]
    assert recording.others == ("curl", "sleep")
    assert unreached_lines(recording) == []


def test_harness_accepts_valid_commands(replays: Replays) -> None:
    recording = SELF_TESTS["valid.sh"]
    for call in calls_of(recording):
        assert verdict(replays.get(call, recording.workdir)) is None, call.argv


def test_harness_rejects_a_wrong_flag(replays: Replays) -> None:
    recording = SELF_TESTS["wrong-flag.sh"]
    [call] = calls_of(recording)
    problem = verdict(replays.get(call, recording.workdir))
    assert problem is not None
    assert "unrecognized arguments: --trigger-htttp" in problem


def test_harness_reports_a_command_never_reached() -> None:
    recording = SELF_TESTS["hidden-branch.sh"]
    assert recording.returncode == 0
    assert unreached_lines(recording) == [6]


def test_harness_reaches_commands_behind_an_opt_in_switch() -> None:
    recording = SELF_TESTS["opt-in.sh"]
    assert [c.argv[:3] for c in recording.invocations] == [
        ("artifacts", "repositories", "delete")
    ]
    assert unreached_lines(recording) == []


def test_harness_reports_a_script_that_stops_early() -> None:
    assert SELF_TESTS["stops-early.sh"].returncode == 3


@pytest.mark.parametrize(
    ("manifest", "accepted"),
    [("valid-job.yaml", True), ("mis-nested-job.yaml", False)],
)
def test_harness_checks_job_manifests(
    manifest: str, accepted: bool, replays: Replays
) -> None:
    path = FIXTURES / manifest
    assert is_job_manifest(path)
    outcome = replays.get(*manifest_call(path))
    if accepted:
        assert verdict(outcome) is None
    else:
        assert verdict(outcome) is not None
        assert "Failed to parse value(s) in protobuf [Job]" in outcome.output


def test_gcloud_runs_without_network() -> None:
    require(can_unshare(), "`unshare -n` is not available (it needs root)")
    probe = "import socket; socket.create_connection(('192.0.2.1', 443), timeout=5)"
    done = subprocess.run(
        offline([sys.executable, "-c", probe]),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "Network is unreachable" in done.stderr
