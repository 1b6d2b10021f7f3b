"""Where the linters installed by the test requirements are (shellcheck, hadolint)."""

import shutil
import sys
from pathlib import Path


def tool(name: str) -> str | None:
    """The tool on PATH, or next to this interpreter (a venv that is not activated)."""
    found = shutil.which(name)
    if found:
        return found
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else None
