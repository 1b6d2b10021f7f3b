"""Start and stop the Google Cloud emulators that ship with the Google Cloud CLI.

The emulators are Java programs under the SDK's ``platform/`` folder. They are started
directly (not through ``gcloud beta emulators ...``) so that nothing but the emulator
runs, bound to 127.0.0.1 on a free port, in its own process group so that stopping it
also stops the JVM it spawns.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
STARTUP_TIMEOUT_S = 60.0


class EmulatorUnavailable(RuntimeError):
    """The Google Cloud CLI or the emulator component is not installed here."""


@dataclass(frozen=True)
class Emulator:
    name: str
    host_port: str
    started_in_s: float

    @property
    def url(self) -> str:
        return f"http://{self.host_port}"


def sdk_root() -> Path:
    """The Google Cloud SDK's installation folder, found from the gcloud on PATH."""
    gcloud = shutil.which("gcloud")
    if gcloud is None:
        raise EmulatorUnavailable("gcloud is not on PATH")
    return Path(gcloud).resolve().parent.parent


def emulator_command(name: str, port: int) -> list[str]:
    """The command line that starts one emulator on HOST:port."""
    platform = sdk_root() / "platform"
    if name == "pubsub":
        binary = platform / "pubsub-emulator" / "bin" / "cloud-pubsub-emulator"
        command = [str(binary), f"--host={HOST}", f"--port={port}"]
    elif name == "firestore":
        binary = platform / "cloud-firestore-emulator" / "cloud_firestore_emulator"
        command = [str(binary), "--host", HOST, "--port", str(port)]
    else:
        raise ValueError(f"unknown emulator {name!r}")
    if not binary.exists():
        raise EmulatorUnavailable(f"{name} emulator not installed ({binary})")
    if shutil.which("java") is None:
        raise EmulatorUnavailable("the emulators need Java, and java is not on PATH")
    return command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _wait_until_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"emulator exited early:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise TimeoutError(f"emulator not ready after {STARTUP_TIMEOUT_S} s: {url}")


def stop_process_group(process: subprocess.Popen, grace_s: float = 5.0) -> None:
    """SIGTERM the whole group, then SIGKILL what is still there after grace_s."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


@contextmanager
def running_emulator(name: str, log_dir: Path) -> Iterator[Emulator]:
    """Run one emulator for the duration of the block, then stop it and its JVM."""
    port = free_port()
    command = emulator_command(name, port)
    log = log_dir / f"{name}-emulator.log"
    started = time.monotonic()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_until_ready(f"http://{HOST}:{port}/", process, log)
        yield Emulator(name, f"{HOST}:{port}", time.monotonic() - started)
    finally:
        stop_process_group(process)
