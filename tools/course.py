#!/usr/bin/env python3
"""Run the course on any OS: ``python tools/course.py lab|check|test|execute|benchmark|stamp|install``.

This is the one implementation behind the Makefile's targets (``make test`` runs ``tools/course.py test``), so
a machine without ``make`` (Windows PowerShell, a plain ``python -m venv`` user) gets exactly the same commands::

    py -3.12 tools/course.py lab       # Windows: open the course in JupyterLab
    python3 tools/course.py check      # is this laptop ready? (a few minutes)

The first command builds ``.venv`` from ``requirements.txt`` (again whenever it or ``pyproject.toml`` changes).
Needs only the Python standard library; runs with the Python that starts it (3.11 to 3.13).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import typing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
INSTALLED = VENV / ".installed"
NOTEBOOKS = ROOT / "notebooks"
#: Each notebook's last recorded run time ("notebooks": {"01": seconds, ...}), written by `execute`.
RESULTS = ROOT / "benchmarks" / "results.json"
SUPPORTED = ((3, 11), (3, 13))
#: Every command: repeatable hashing (set before a kernel starts) and TensorFlow's C++ logs off.
ENVIRONMENT = {"PYTHONHASHSEED": "0", "TF_CPP_MIN_LOG_LEVEL": "3"}
#: Commands that run notebooks unattended also turn training progress off (helpers.progress).
UNATTENDED = {"LSTM_COURSE_QUIET": "1"}
#: The second strict notebook run of `test`: oneDNN off, so other CPU kernels and another float summation order.
PERTURBED = {"TF_ENABLE_ONEDNN_OPTS": "0"}
#: `test` runs one job per core, each on one thread: TensorFlow's, XLA's (JAX) and OpenMP's thread pools.
ONE_THREAD = {
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
    "OMP_NUM_THREADS": "1",
}
#: Keras 3 backends a notebook run can use (`check --backend jax`, `make check BACKEND=jax`); the first is the default.
BACKENDS = ("tensorflow", "jax", "torch")
#: The pytest marker of unit tests whose results come from float32 arithmetic: `test` runs them again with PERTURBED.
NUMERICS = "numerics"
#: What `check` runs after the unit tests unless told otherwise (`check all` runs every notebook): the course map and
#: two chapters that train, decode and plot, so a laptop proves TensorFlow, Keras and matplotlib in a few minutes.
CHECK_NOTEBOOKS = ("notebooks/00_course_map.ipynb", "notebooks/01_timedistributed.ipynb",
                   "notebooks/05_reverse_prefix_seq2seq.ipynb")  # fmt: skip


def longest_first(notebooks: list[Path]) -> list[Path]:
    """``notebooks`` by their last recorded run time (benchmarks/results.json), longest first; one with no
    record counts as 60 s. `test` starts them in this order, so that the last jobs to end are short ones."""
    times = json.loads(RESULTS.read_text(encoding="utf-8")).get("notebooks", {})
    return sorted(notebooks, key=lambda notebook: float(times.get(notebook.name[:2], 60)), reverse=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*args: object, extra: dict[str, str] | None = None, capture: bool = False) -> int:
    """Run a command from the repository root with the course environment; stop on failure, else return 0.

    ``capture``: keep the command's output back and print its end only if it fails (a quiet install log).
    """
    code = call(args, extra, capture)
    if code:
        sys.exit(code)
    return code


def call(args: tuple[object, ...] | list[object], extra: dict[str, str] | None = None, capture: bool = False) -> int:
    """Run a command like :func:`run` and return its exit code instead of stopping."""
    command = [str(a) for a in args]
    print("+", " ".join(command), flush=True)
    env = {**os.environ, **ENVIRONMENT, **(extra or {})}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=capture, text=True)
    if result.returncode and capture:
        print((result.stdout + result.stderr)[-5000:], file=sys.stderr)
    return result.returncode


def timed_into(output: typing.TextIO, args: list[object], extra: dict[str, str]) -> tuple[float, int]:
    """Run a command like :func:`call`, its command line and all its output written to ``output``; return its
    seconds and exit code."""
    start = time.monotonic()
    command = [str(a) for a in args]
    output.write(f"+ {' '.join(command)} ({' '.join(f'{k}={v}' for k, v in extra.items())})\n")
    output.flush()
    env = {**os.environ, **ENVIRONMENT, **extra}
    code = subprocess.run(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT).returncode
    return time.monotonic() - start, code


class Phases:
    """The phases of one command with their seconds and outcomes, printed as one table when it ends."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, int]] = []

    def add(self, name: str, seconds: float, code: int = 0) -> None:
        self.rows.append((name, seconds, code))

    def timed(self, name: str, *args: object, extra: dict[str, str] | None = None) -> int:
        """Run one command as the phase ``name``; return its exit code."""
        start = time.monotonic()
        code = call(args, extra)
        self.add(name, time.monotonic() - start, code)
        return code

    def parallel(self, jobs: list[tuple[str, list[object], dict[str, str]]], workers: int) -> int:
        """Run ``jobs``, each ``(phase, command, extra environment)``, on ``workers`` threads that each take the
        next job of the list (so list the longest first). Each job's output is printed whole, in the list's order,
        once all have ended; a failed job does not stop the others. A phase's row is the sum of its jobs' seconds;
        one more row gives the wall clock of them all. Return the first failure's exit code, or 0."""
        start = time.monotonic()
        print(f"Running {len(jobs)} jobs, {workers} at once ...", flush=True)
        with contextlib.ExitStack() as files:
            outputs = [files.enter_context(tempfile.TemporaryFile(mode="w+", encoding="utf-8")) for _ in jobs]
            with concurrent.futures.ThreadPoolExecutor(workers) as pool:  # takes the jobs in the list's order
                running = [pool.submit(timed_into, outputs[n], args, extra) for n, (_, args, extra) in enumerate(jobs)]
            done = [future.result() for future in running]
            for output in outputs:
                output.seek(0)
                sys.stdout.write(output.read())
        sys.stdout.flush()
        for phase in dict.fromkeys(name for name, _, _ in jobs):
            mine = [d for (name, _, _), d in zip(jobs, done, strict=True) if name == phase]
            failed = next((code for _, code in mine if code), 0)
            self.add(f"{phase} ({len(mine)} job{'s' * (len(mine) > 1)})", sum(s for s, _ in mine), failed)
        self.add(f"  the jobs above, {workers} at once: wall clock", time.monotonic() - start)
        return next((code for _, code in done if code), 0)

    def finish(self, title: str) -> None:
        """Print the table; exit with the first failure's code, if any."""
        width = max(len(name) for name, _, _ in self.rows)
        lines = [f"  {n:<{width}}  {s:6.0f} s  {f'FAILED (exit {c})' if c else 'passed'}" for n, s, c in self.rows]
        print(f"\n{title}\n" + "\n".join(lines), flush=True)
        failed = [code for _, _, code in self.rows if code]
        if failed:
            sys.exit(failed[0])


def install() -> Path:
    """Build ``.venv`` from requirements.txt unless it is up to date; return its Python.

    pip runs quietly, its output kept back (this machine's pip configuration may add warnings) unless it fails.
    """
    if not SUPPORTED[0] <= sys.version_info[:2] <= SUPPORTED[1]:
        sys.exit(
            f"Python 3.11 to 3.13 is needed, this is {sys.version.split()[0]}; run this script with another one "
            "(e.g. `py -3.12 tools/course.py ...` on Windows, or `make ... PYTHON=python3.12`)."
        )
    sources = [ROOT / "requirements.txt", ROOT / "pyproject.toml"]
    if INSTALLED.exists() and all(s.stat().st_mtime <= INSTALLED.stat().st_mtime for s in sources):
        return venv_python()
    print(f"Building {VENV.name}/ from requirements.txt (a few minutes, once) ...", flush=True)
    run(sys.executable, "-m", "venv", VENV)
    pip = [venv_python(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"]
    run(*pip, "--upgrade", "pip", capture=True)
    run(*pip, "-r", "requirements.txt", capture=True)
    run(venv_python(), "-c", "import matplotlib.pyplot")  # the font cache, built once, not in a notebook
    INSTALLED.touch()
    return venv_python()


def backend_installed(python: Path, backend: str) -> None:
    """Stop with a hint unless ``python`` can import ``backend`` (jax is in requirements.txt, torch is not)."""
    found = subprocess.run([str(python), "-c", f"import {backend}"], cwd=ROOT, capture_output=True).returncode == 0
    if not found:
        hint = "pip install torch (CPU wheels: see BACKENDS in README.md)" if backend == "torch" else "make install"
        sys.exit(f"the {backend} backend is not installed in {python}; {hint}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["install", "lab", "check", "test", "execute", "benchmark", "stamp"])
    parser.add_argument(
        "notebooks", nargs="*", help="execute/benchmark: notebooks (default: all); check: notebooks or `all`"
    )
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default=BACKENDS[0],
        help="check/execute/benchmark: the Keras backend (KERAS_BACKEND) the notebooks run on (default: tensorflow)",
    )
    args = parser.parse_args(argv)
    phases = Phases()
    start = time.monotonic()
    python = install()
    phases.add("install (.venv from requirements.txt; 0 s when up to date)", time.monotonic() - start)
    quiet = {**UNATTENDED, "KERAS_BACKEND": args.backend}
    if args.command == "lab":
        # JupyterLab refuses to run as root (containers, cloud VMs) unless told to.
        root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        # Served from the repository root, so the notebooks' links to docs/ work.
        run(python, "-m", "jupyterlab", *root, "notebooks/00_course_map.ipynb")
    elif args.command == "check":
        backend_installed(python, args.backend)
        chosen = ["notebooks"] if args.notebooks == ["all"] else args.notebooks or [*CHECK_NOTEBOOKS]
        unit = [python, "-m", "pytest", "tests", "-m", "not slow", "-q"]
        if phases.timed("unit tests (not slow)", *unit, extra=quiet) == 0:
            lax = [python, "-m", "pytest", *chosen, "--nbval-lax", "-q"]
            names = " ".join(Path(c).name[:2] if c.endswith(".ipynb") else c for c in chosen)
            phases.timed(f"notebooks with their asserts: {names}", *lax, extra=quiet)
        phases.finish(f"make check on {args.backend}: what was checked, and how long it took")
    elif args.command == "test":
        if args.backend != BACKENDS[0]:
            sys.exit("test compares TensorFlow's committed outputs; for another backend use: check --backend NAME")
        pytest = [python, "-m", "pytest", "-p", "no:cacheprovider"]
        # One single-threaded job per core: as many processes as cores, none of them fighting for one, and each
        # notebook a job of its own, so both strict nbval and the JAX lane share out evenly (longest first).
        workers = max(1, min(os.cpu_count() or 1, 4))
        single = ONE_THREAD if workers > 1 else {}
        jobs = [
            ("unit tests, lint, launchers, Binder build, browser", [*pytest, "tests"], {**quiet, **single}),
            ("numerics unit tests, oneDNN off", [*pytest, "tests", "-m", NUMERICS, "-q"],
             {**quiet, **single, **PERTURBED}),
        ]  # fmt: skip
        for notebook in longest_first([*NOTEBOOKS.glob("*.ipynb")]):
            path = notebook.relative_to(ROOT)
            jobs.append(("strict nbval, oneDNN off", [*pytest, path], {**quiet, **single, **PERTURBED}))
            jobs.append(("JAX lane (asserts only)", [*pytest, path, "--nbval-lax"],
                         {**quiet, **single, "KERAS_BACKEND": "jax"}))  # fmt: skip
        phases.parallel(jobs, workers)
        phases.finish("make test: phase times (wall clock)")
    elif args.command in ("execute", "benchmark"):
        save = [] if args.command == "execute" else ["--no-save"]  # both record their times in results.json
        run(python, "tools/execute_notebooks.py", "--record", *save, *args.notebooks, extra=quiet)
    elif args.command == "stamp":
        run(python, "tools/stamp_notebooks.py")


if __name__ == "__main__":
    main(sys.argv[1:])
