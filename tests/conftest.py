"""Fixtures shared by every test: loading samples through functions-framework."""

import os
import sys
from collections.abc import Callable, Iterator

import flask
import functions_framework
import pytest
from functions_framework import _function_registry as registry

from tests.support import SAMPLES, UNDER_CI, require
from tools.emulators import Emulator, EmulatorUnavailable, running_emulator

LoadSample = Callable[..., flask.Flask]

# pytester runs small pytest sessions in a subprocess (tests/test_isolation.py).
pytest_plugins = ["pytester"]


@pytest.fixture
def load_sample() -> Iterator[LoadSample]:
    """Load a sample's ``main.py`` as functions-framework does when deployed.

    ``create_app`` writes FUNCTION_TARGET and FUNCTION_SIGNATURE_TYPE into the
    environment, appends the sample's folder to ``sys.path``, registers the
    module under its file stem and keeps the function in a global registry. All
    of that is put back afterwards, so that every sample (they are all called
    ``main.py``) starts from a clean interpreter state.
    """
    saved_environ = dict(os.environ)
    saved_path = list(sys.path)
    saved_modules = set(sys.modules)
    saved_registries = [
        (registry.REGISTRY_MAP, dict(registry.REGISTRY_MAP)),
        (registry.INPUT_TYPE_MAP, dict(registry.INPUT_TYPE_MAP)),
    ]
    saved_asgi = set(registry.ASGI_FUNCTIONS)

    def load(
        folder: str | os.PathLike[str], target: str, signature_type: str = "http"
    ) -> flask.Flask:
        # A folder relative to samples/, or an absolute one (test fixtures).
        source = SAMPLES / folder / "main.py"
        return functions_framework.create_app(target, str(source), signature_type)

    yield load

    os.environ.clear()
    os.environ.update(saved_environ)
    sys.path[:] = saved_path
    for name in set(sys.modules) - saved_modules:
        del sys.modules[name]
    for live, saved in saved_registries:
        live.clear()
        live.update(saved)
    registry.ASGI_FUNCTIONS.clear()
    registry.ASGI_FUNCTIONS.update(saved_asgi)


def _emulator(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Emulator]:
    try:
        with running_emulator(name, tmp_path_factory.mktemp(name)) as emulator:
            yield emulator
    except EmulatorUnavailable as missing:
        require(False, str(missing))


@pytest.fixture(scope="session")
def pubsub_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """The Pub/Sub emulator of the Google Cloud CLI, on 127.0.0.1, for the session.

    Point a client at it with ``monkeypatch.setenv("PUBSUB_EMULATOR_HOST",
    pubsub_emulator.host_port)`` before the sample creates its client.
    """
    yield from _emulator("pubsub", tmp_path_factory)


@pytest.fixture(scope="session")
def firestore_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """The Firestore emulator on 127.0.0.1 for the session (FIRESTORE_EMULATOR_HOST)."""
    yield from _emulator("firestore", tmp_path_factory)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI a skip is a failure: a check that did not run proves nothing."""
    outcome = yield
    report = outcome.get_result()
    if UNDER_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = (
            f"skipped under CI, which must run every check: {report.longrepr}"
        )
