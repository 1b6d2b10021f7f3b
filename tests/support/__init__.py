"""Helpers shared by the tests: where the samples are, and how CI treats skips."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
DOCS = ROOT / "docs"
UNDER_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip on a developer's laptop when a tool is missing; under CI, fail.

    A check that cannot run proves nothing, so CI must never pass without it.
    """
    if condition:
        return
    if UNDER_CI:
        pytest.fail(f"required under CI: {reason}", pytrace=False)
    pytest.skip(reason)
