"""The backend lane: results of benchmarks/backends.py, their README table, and tools/course.py's --backend."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import backends  # benchmarks/backends.py: benchmarks/ is on pytest's pythonpath (pyproject.toml)
import pytest

import helpers.course

ROOT = Path(__file__).resolve().parents[1]

spec = importlib.util.spec_from_file_location("stamp_notebooks", ROOT / "tools" / "stamp_notebooks.py")
stamp = sys.modules.setdefault("stamp_notebooks", importlib.util.module_from_spec(spec))
spec.loader.exec_module(stamp)


@pytest.fixture
def results(tmp_path, monkeypatch):
    path = tmp_path / "results.json"
    path.write_text(helpers.course.RESULTS.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(helpers.course, "RESULTS", path)
    return path


def test_record_backend_runs_merges_per_notebook_and_backend(results):
    before = json.loads(results.read_text(encoding="utf-8")).get("backends", {}).get("99", {})
    helpers.course.record_backend_runs({"99": {"jax": {"passed": True, "seconds": 30.6}}}, "today")
    helpers.course.record_backend_runs({"99": {"torch": {"passed": False, "seconds": 12.0}}}, "later")
    saved = json.loads(results.read_text(encoding="utf-8"))
    expected = before | {"jax": {"passed": True, "seconds": 30.6}, "torch": {"passed": False, "seconds": 12.0}}
    assert saved["backends"]["99"] == expected
    assert saved["backends_measured"] == "later" and saved["notebooks"]  # the other keys stay


@pytest.mark.parametrize(
    ("runs", "error"),
    [
        ({}, TypeError),
        ({"01": {"theano": {"passed": True, "seconds": 1.0}}}, ValueError),
        ({"01": {"jax": {"passed": 1, "seconds": 1.0}}}, TypeError),
        ({"01": {"jax": {"passed": True, "seconds": True}}}, TypeError),
        ({1: {"jax": {"passed": True, "seconds": 1.0}}}, TypeError),
    ],
)
def test_record_backend_runs_refuses_bad_runs(results, runs, error):
    with pytest.raises(error, match="runs"):
        helpers.course.record_backend_runs(runs, "today")


def test_backend_table_renders_pass_fail_and_seconds():
    table = stamp.backend_table(
        {
            "backends_measured": "2026-12-02",
            "backends": {
                "00": {"tensorflow": {"passed": True, "seconds": 4.4}, "jax": {"passed": True, "seconds": 4.6}},
                "02": {"jax": {"passed": False, "seconds": 17.2}},
            },
        }
    )
    assert "| notebook | TensorFlow | JAX |" in table and "PyTorch" not in table
    assert "| 00 | passes, 4 s | passes, 5 s |" in table
    assert "| 02 | not run | **fails**, 17 s |" in table
    assert "Not measured yet" in stamp.backend_table({})


def test_the_benchmark_finds_every_notebook_and_tensorflow():
    paths = backends.notebook_paths()
    assert list(paths) == ["00", *(c.number for c in helpers.course.CHAPTERS)]
    assert all(p.exists() for p in paths.values())
    assert list(backends.notebook_paths(["03"])) == ["03"]
    with pytest.raises(ValueError, match="notebooks"):
        backends.notebook_paths(["99"])
    assert "tensorflow" in backends.installed_backends()


def test_last_error_names_the_exception():
    assert backends.last_error("Traceback\n  x\nAssertionError: \n") == "AssertionError:"
    assert backends.last_error("\x1b[31mTypeError\x1b[39m: boom\n") == "TypeError: boom"


def test_course_script_knows_the_backends():
    import course

    assert course.BACKENDS == helpers.course.BACKENDS
    result = subprocess.run(
        [sys.executable, "-I", "tools/course.py", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert "--backend" in result.stdout


def test_jax_is_pinned_with_the_course():
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    jax = [line for line in pins if line.startswith(("jax==", "jaxlib=="))]
    assert len(jax) == 2 and len({line.split("==")[1] for line in jax}) == 1
    assert not any(line.startswith("torch") for line in pins)  # PyTorch is measured, not installed (too heavy)
