"""Every notebook on every installed Keras 3 backend: pass/fail and seconds, for the README's backend table.

Usage (from the repository root, a few minutes per backend)::

    python benchmarks/backends.py                      # every backend that is installed
    python benchmarks/backends.py --backends jax torch # only these
    python benchmarks/backends.py --notebooks 00 01    # only these notebooks

Each notebook runs in its own process (``tools/execute_notebooks.py --no-save``: a fresh kernel, the course's
test environment, nothing saved) with ``KERAS_BACKEND`` set, so a failure in one neither stops nor affects the
next. The committed outputs stay TensorFlow's; this only asks whether the asserts hold on each backend.
Results go into ``benchmarks/results.json`` under ``"backends"`` (:func:`helpers.course.record_backend_runs`);
``make stamp`` renders them into the README.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from helpers.course import BACKENDS, CHAPTERS, record_backend_runs

ROOT = Path(__file__).resolve().parents[1]

#: The Python package each backend needs besides Keras.
PACKAGES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}


def installed_backends() -> list[str]:
    """The backends of :data:`helpers.course.BACKENDS` whose package this Python can import."""
    return [b for b in BACKENDS if importlib.util.find_spec(PACKAGES[b]) is not None]


def notebook_paths(numbers: list[str] | None = None) -> dict[str, Path]:
    """``{number: path}`` of the course map and every chapter (only ``numbers`` if given)."""
    folder = ROOT / "notebooks"
    paths = {"00": next(folder.glob("00_*"))} | {c.number: folder / c.notebook for c in CHAPTERS}
    unknown = sorted(set(numbers or []) - set(paths))
    if unknown:
        raise ValueError(f"notebooks must be among {sorted(paths)}, got {unknown}")
    return {n: p for n, p in paths.items() if not numbers or n in numbers}


def last_error(stderr: str) -> str:
    """The last line of a failed run's traceback that names an exception (``AssertionError``, ``TypeError: ...``)."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", stderr)  # the traceback's terminal colours
    lines = [line.strip() for line in plain.splitlines() if "Error" in line or "Exception" in line]
    return lines[-1][:200] if lines else stderr.strip()[-200:]


def run_notebook(path: Path, backend: str) -> dict:
    """Execute ``path`` with ``KERAS_BACKEND=backend`` in a fresh process; ``{"passed", "seconds"}`` (+ ``error``)."""
    command = [sys.executable, str(ROOT / "tools" / "execute_notebooks.py"), "--no-save", str(path)]
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=ROOT, env={**os.environ, "KERAS_BACKEND": backend}, capture_output=True, text=True
    )
    run = {"passed": done.returncode == 0, "seconds": round(time.perf_counter() - start, 1)}
    if done.returncode:
        run["error"] = last_error(done.stderr)
    return run


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", nargs="*", choices=BACKENDS, help="default: every installed backend")
    parser.add_argument("--notebooks", nargs="*", help="notebook numbers, e.g. 00 05 (default: all)")
    parser.add_argument("--no-record", action="store_true", help="print only, leave benchmarks/results.json alone")
    args = parser.parse_args(argv)
    backends = args.backends or installed_backends()
    runs: dict[str, dict] = {}
    loads = [os.getloadavg()[0]]
    print("| notebook | backend | passed | seconds | load |\n|---|---|---|---:|---:|", flush=True)
    for backend in backends:
        for number, path in notebook_paths(args.notebooks).items():
            run = run_notebook(path, backend)
            loads.append(os.getloadavg()[0])
            runs.setdefault(number, {})[backend] = {k: run[k] for k in ("passed", "seconds")}
            print(f"| {number} | {backend} | {run['passed']} | {run['seconds']} | {loads[-1]:.1f} |", flush=True)
            if not run["passed"]:
                print(f"    {run['error']}", flush=True)
    measured = (
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()}-core CPU, load {min(loads):.1f}-{max(loads):.1f} "
        "(benchmarks/backends.py)"
    )
    if not args.no_record and runs:
        record_backend_runs(runs, measured)
        print(f"recorded in benchmarks/results.json ({measured}); run make stamp to render it")
    return runs


if __name__ == "__main__":
    main()
