#!/usr/bin/env python3
"""Re-execute notebooks top to bottom in a fresh kernel, as the tests do, and save them with their outputs.

Usage (``make execute`` calls it)::

    python tools/execute_notebooks.py                      # every notebooks/NN_*.ipynb
    python tools/execute_notebooks.py notebooks/03_*.ipynb # only these
    python tools/execute_notebooks.py --no-save            # only time them
    python tools/execute_notebooks.py --no-save --record   # time them and record the seconds (``make benchmark``)

``--record`` writes each notebook's whole seconds into ``benchmarks/results.json`` (the one source of the
course's run times: ``helpers.course`` reads it and ``make stamp`` renders it into the README and the
instructor guide).

Each kernel gets the course's test environment (``PYTHONHASHSEED=0``, TensorFlow's C++ logs off and
``LSTM_COURSE_QUIET=1``, so no progress bars), and no per-cell execution timestamps are recorded.
Prints a Markdown table: notebook, wall seconds (kernel start included).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import nbformat
from course import ENVIRONMENT, UNATTENDED  # the one definition of the course environment (tools/course.py)
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"


def execute(path: Path, save: bool = True) -> float:
    """Run ``path`` in a fresh ``python3`` kernel from its own folder; save it if ``save``; return seconds."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=900,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    if save:
        nbformat.write(notebook, path)
    return seconds


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/NN_*.ipynb")
    parser.add_argument("--no-save", action="store_true", help="only execute and time, keep the files as they are")
    parser.add_argument("--record", action="store_true", help="write the seconds into benchmarks/results.json")
    args = parser.parse_args(argv)
    os.environ.update({**ENVIRONMENT, **UNATTENDED})
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print("| notebook | seconds |\n|---|---:|", flush=True)
    seconds = {}
    for path in paths:
        seconds[path.name[:2]] = execute(path, save=not args.no_save)
        print(f"| {path.name} | {seconds[path.name[:2]]:.1f} |", flush=True)
    if args.record:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
        results["notebooks"].update({number: round(value) for number, value in seconds.items()})
        results["notebooks_measured"] = f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()}-core CPU (make benchmark)"
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"recorded in {RESULTS.relative_to(ROOT)}; run make stamp to render it")


if __name__ == "__main__":
    main(sys.argv[1:])
