#!/usr/bin/env python3
"""Re-execute notebooks top to bottom in a fresh kernel, as the tests do, and save them with their outputs.

Usage (``make execute`` calls it)::

    python tools/execute_notebooks.py                      # every notebooks/NN_*.ipynb
    python tools/execute_notebooks.py notebooks/03_*.ipynb # only these
    python tools/execute_notebooks.py --no-save            # only time them
    python tools/execute_notebooks.py --no-save --record   # time them and record the seconds (``make benchmark``)

``--record`` writes each notebook's whole seconds, and each code cell's seconds (keyed by cell id), into
``benchmarks/results.json``, the one source of the course's run times: ``helpers.course`` reads it, and
``make stamp`` renders it into the README, the instructor guide and the "the next cell runs for about ..."
line above every long cell. ``make execute`` and ``make benchmark`` both record.

Each kernel gets the course's test environment (``PYTHONHASHSEED=0``, TensorFlow's C++ logs off and
``LSTM_COURSE_QUIET=1``, so no progress bars). Cell timestamps are measured in memory and never saved.
Prints a Markdown table: notebook, wall seconds (kernel start included).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from course import ENVIRONMENT, UNATTENDED  # the one definition of the course environment (tools/course.py)
from nbclient import NotebookClient

from helpers.course import RESULTS, record_notebook_times  # the one writer of results.json

ROOT = Path(__file__).resolve().parents[1]


def cell_seconds(cell: nbformat.NotebookNode) -> float:
    """Seconds a code cell ran, from the timestamps nbclient recorded (execute input to execute reply)."""
    stamps = cell.metadata.get("execution", {})
    start, end = stamps.get("iopub.execute_input"), stamps.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = datetime.fromisoformat
    return (parse(end.replace("Z", "+00:00")) - parse(start.replace("Z", "+00:00"))).total_seconds()


def execute(path: Path, save: bool = True) -> tuple[float, dict[str, float]]:
    """Run ``path`` in a fresh ``python3`` kernel from its own folder; save it if ``save``.

    Returns the whole run's seconds (kernel start included) and each code cell's seconds by cell id.
    """
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=900,
        kernel_name="python3",
        record_timing=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    cells = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cells[cell.id] = cell_seconds(cell)
            cell.metadata.pop("execution", None)  # committed notebooks carry no timestamps
    if save:
        nbformat.write(notebook, path)
    return seconds, cells


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/NN_*.ipynb")
    parser.add_argument("--no-save", action="store_true", help="only execute and time, keep the files as they are")
    parser.add_argument("--record", action="store_true", help="write the seconds into benchmarks/results.json")
    args = parser.parse_args(argv)
    os.environ.update({**ENVIRONMENT, **UNATTENDED})
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print("| notebook | seconds |\n|---|---:|", flush=True)
    # The course map prints the chapters' recorded times: it runs last, after each chapter's time is recorded,
    # and whenever a saved run records a chapter's new time, so that its committed output never goes stale.
    course_map = ROOT / "notebooks" / "00_course_map.ipynb"
    if args.record and not args.no_save and course_map not in paths:
        paths.append(course_map)
    paths.sort(key=lambda p: p.name.startswith("00_"))
    for path in paths:
        number = path.name[:2]
        seconds, cells = execute(path, save=not args.no_save)
        print(f"| {path.name} | {seconds:.1f} |", flush=True)
        if args.record:
            measured = f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()}-core CPU (make benchmark)"
            record_notebook_times({number: seconds}, {number: cells}, measured)
    if args.record:
        print(f"recorded in {RESULTS.relative_to(ROOT)}; run make stamp to render it")


if __name__ == "__main__":
    main(sys.argv[1:])
