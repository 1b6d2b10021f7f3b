"""The project's pytest plumbing does what the suite relies on.

- ``load_sample`` isolates samples: two samples whose ``main.py`` import a
  same-named ``helpers`` module each get their own, and after a test the
  interpreter (sys.modules, sys.path, os.environ, the functions-framework
  registry) is as it was before.
- Under CI (``CI=true``) a skipped test is a failed one.

Both run small pytest sessions in a subprocess (pytester) with the project's
``tests/conftest.py`` as a plugin, so the real fixture and hook are exercised.
"""

from __future__ import annotations

import pytest

from tests.support import ROOT

FIXTURES = ROOT / "tests" / "support" / "fixtures" / "isolation"

SAMPLES_IN_SEQUENCE = f"""
import os
import sys

from functions_framework import _function_registry as registry

A = {str(FIXTURES / "a")!r}
B = {str(FIXTURES / "b")!r}
SEEN = {{}}


def state():
    return {{
        "modules": set(sys.modules),
        "path": list(sys.path),
        "environ": {{
            k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"
        }},
        "registry": dict(registry.REGISTRY_MAP),
        "input types": dict(registry.INPUT_TYPE_MAP),
        "asgi": set(registry.ASGI_FUNCTIONS),
    }}


def test_0_state_before():
    SEEN["before"] = state()
    assert "helpers" not in sys.modules


def test_1_first_sample_gets_its_helper(load_sample):
    client = load_sample(A, "which").test_client()
    assert client.get("/").get_json() == {{"helper": "a"}}
    assert os.environ["ISOLATION_SAMPLE"] == "a"


def test_2_second_sample_gets_its_own_helper(load_sample):
    client = load_sample(B, "which").test_client()
    assert client.get("/").get_json() == {{"helper": "b"}}
    assert os.environ["ISOLATION_SAMPLE"] == "b"


def test_3_state_after_is_state_before():
    after = state()
    for key, before in SEEN["before"].items():
        assert after[key] == before, key
"""

# What the suite would be without the fixture's restoring: a bare create_app.
LEAKY_CONFTEST = """
import functions_framework
import pytest


@pytest.fixture
def load_sample():
    def load(folder, target, signature_type="http"):
        source = f"{folder}/main.py"
        return functions_framework.create_app(target, source, signature_type)

    return load
"""

SKIPS = """
import pytest

from tests.support import require


def test_skip_call():
    pytest.skip("tool missing")


def test_require():
    require(False, "tool missing")


@pytest.mark.skip(reason="tool missing")
def test_skip_mark():
    pass


@pytest.mark.xfail(reason="known bug", strict=True)
def test_expected_failure():
    raise AssertionError


def test_runs():
    pass
"""


@pytest.fixture
def inner_session(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    """Run pytest on files written with pytester, with the project's conftest."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.delenv("CI", raising=False)

    def run(*extra: str) -> pytest.RunResult:
        return pytester.runpytest_subprocess(
            "-p", "tests.conftest", "-p", "no:cacheprovider", "-p", "no:cov", *extra
        )

    return run


def test_samples_with_same_named_helpers_stay_apart(pytester, inner_session) -> None:
    pytester.makepyfile(test_sequence=SAMPLES_IN_SEQUENCE)
    result = inner_session()
    result.assert_outcomes(passed=4)


def test_isolation_check_catches_a_leaky_loader(pytester, inner_session) -> None:
    pytester.makeconftest(LEAKY_CONFTEST)
    pytester.makepyfile(test_sequence=SAMPLES_IN_SEQUENCE)
    result = inner_session()
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(
        [
            "FAILED test_sequence.py::test_2_second_sample_gets_its_own_helper*",
            "FAILED test_sequence.py::test_3_state_after_is_state_before*",
        ]
    )


def test_skips_are_skips_on_a_laptop(pytester, inner_session) -> None:
    pytester.makepyfile(test_skips=SKIPS)
    result = inner_session()
    result.assert_outcomes(passed=1, skipped=3, xfailed=1)


def test_skips_are_failures_under_ci(pytester, inner_session, monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    pytester.makepyfile(test_skips=SKIPS)
    result = inner_session()
    # A skip marker acts at setup, so that one is reported as an error.
    result.assert_outcomes(passed=1, failed=2, errors=1, xfailed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
