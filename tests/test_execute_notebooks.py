"""tools/execute_notebooks.py: cell times from nbclient's timestamps, written to results.json by helpers.course."""

import importlib.util
import json
from pathlib import Path

import nbformat

import helpers.course

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_notebooks)


def test_cell_seconds_run_from_execute_input_to_execute_reply() -> None:
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["execution"] = {
        "iopub.status.busy": "2026-12-02T01:00:00.000000Z",
        "iopub.execute_input": "2026-12-02T01:00:00.500000Z",
        "shell.execute_reply": "2026-12-02T01:00:12.750000Z",
    }
    assert execute_notebooks.cell_seconds(cell) == 12.25
    assert execute_notebooks.cell_seconds(nbformat.v4.new_code_cell("never run")) == 0.0


def test_record_writes_whole_seconds_for_notebooks_and_cells(tmp_path: Path, monkeypatch) -> None:
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"notebooks": {"01": 9, "02": 5}, "cells": {"02": {"b": 1}}}), encoding="utf-8")
    monkeypatch.setattr(helpers.course, "RESULTS", results)
    helpers.course.record_notebook_times({"01": 14.6}, {"01": {"a": 10.4, "setup": 0.2}}, "today (make benchmark)")
    written = json.loads(results.read_text(encoding="utf-8"))
    assert written["notebooks"] == {"01": 15, "02": 5}
    assert written["cells"] == {"01": {"a": 10, "setup": 0}, "02": {"b": 1}}
    assert "make benchmark" in written["notebooks_measured"]
