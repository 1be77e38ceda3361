"""The benchmark scripts are not run in CI (they take minutes); importing each one (without running ``main``)
makes them break loudly here when a helper they build on changes."""

import importlib
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"  # on pytest's pythonpath (pyproject.toml)


@pytest.mark.parametrize("script", sorted(p.stem for p in BENCHMARKS.glob("*.py")))
def test_every_benchmark_script_imports(script):
    module = importlib.import_module(script)
    assert hasattr(module, "main"), f"benchmarks/{script}.py has no main()"


def test_no_benchmark_reads_a_notebook():
    for path in BENCHMARKS.glob("*.py"):
        assert ".ipynb" not in path.read_text(encoding="utf-8"), path.name
