"""Code quality: ruff lints and checks the formatting of helpers, tests, benchmarks, tools, notebooks and solutions."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "command",
    [
        ["check", "helpers", "tests", "benchmarks", "tools", "notebooks", "solutions"],
        ["format", "--check", "helpers", "tests", "benchmarks", "tools", "notebooks", "solutions"],
    ],
    ids=["check", "format"],
)
def test_ruff_passes(command) -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
