"""Time every notebook end to end in a fresh kernel, as nbval runs it.

Usage: ``make benchmark`` or ``python benchmarks/run_notebooks.py [NOTEBOOK ...]``.
Prints a Markdown table (notebook, seconds); the README's course map shows the figures.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def run(path: Path) -> float:
    """Execute ``path`` top to bottom in a fresh kernel; return wall seconds (kernel start included)."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print("| notebook | seconds |\n|---|---:|")
    for path in paths:
        print(f"| {path.name} | {run(path):.1f} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
