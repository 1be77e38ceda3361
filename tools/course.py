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
import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
INSTALLED = VENV / ".installed"
SUPPORTED = ((3, 11), (3, 13))
#: Every command: repeatable hashing (set before a kernel starts) and TensorFlow's C++ logs off.
ENVIRONMENT = {"PYTHONHASHSEED": "0", "TF_CPP_MIN_LOG_LEVEL": "3"}
#: Commands that run notebooks unattended also turn training progress off (helpers.progress).
UNATTENDED = {"LSTM_COURSE_QUIET": "1"}
#: The second strict notebook run of `test`: oneDNN off, so other CPU kernels and another float summation order.
PERTURBED = {"TF_ENABLE_ONEDNN_OPTS": "0"}
#: Keras 3 backends a notebook run can use (`check --backend jax`, `make check BACKEND=jax`); the first is the default.
BACKENDS = ("tensorflow", "jax", "torch")
#: Whether `test` ends with the JAX lane: every notebook with its asserts on JAX (--nbval-lax: the committed outputs
#: are TensorFlow's, so they are not compared). It runs at the same time as the perturbed strict run: on 2 cores
#: two notebook lanes at once take about 20 % less time than one after the other (measured on notebook 06).
JAX_LANE_IN_TEST = True


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*args: object, extra: dict[str, str] | None = None) -> None:
    """Run a command from the repository root with the course environment; stop on failure."""
    command = [str(a) for a in args]
    print("+", " ".join(command), flush=True)
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, **ENVIRONMENT, **(extra or {})})
    if result.returncode:
        sys.exit(result.returncode)


def run_together(*lanes: tuple[list[object], dict[str, str]]) -> None:
    """Run several commands at once, each ``(args, extra environment)``; print each one's output whole, in
    order, when all have ended; stop with the first failure's exit code."""
    with contextlib.ExitStack() as files:
        started = []
        for args, extra in lanes:
            command = [str(a) for a in args]
            print("+", " ".join(command), f"({' '.join(f'{k}={v}' for k, v in extra.items())})", flush=True)
            output = files.enter_context(tempfile.TemporaryFile(mode="w+", encoding="utf-8"))
            env = {**os.environ, **ENVIRONMENT, **extra}
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
            started.append((process, output))
        codes = []
        for process, output in started:
            codes.append(process.wait())
            output.seek(0)
            sys.stdout.write(output.read())
            sys.stdout.flush()
    failed = [code for code in codes if code]
    if failed:
        sys.exit(failed[0])


def install() -> Path:
    """Build ``.venv`` from requirements.txt unless it is up to date; return its Python."""
    if not SUPPORTED[0] <= sys.version_info[:2] <= SUPPORTED[1]:
        sys.exit(
            f"Python 3.11 to 3.13 is needed, this is {sys.version.split()[0]}; run this script with another one "
            "(e.g. `py -3.12 tools/course.py ...` on Windows, or `make ... PYTHON=python3.12`)."
        )
    sources = [ROOT / "requirements.txt", ROOT / "pyproject.toml"]
    if INSTALLED.exists() and all(s.stat().st_mtime <= INSTALLED.stat().st_mtime for s in sources):
        return venv_python()
    run(sys.executable, "-m", "venv", VENV)
    run(venv_python(), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(venv_python(), "-m", "pip", "install", "--quiet", "-r", "requirements.txt")
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
    parser.add_argument("notebooks", nargs="*", help="execute/benchmark only: notebooks to run (default: all)")
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default=BACKENDS[0],
        help="check/execute/benchmark: the Keras backend (KERAS_BACKEND) the notebooks run on (default: tensorflow)",
    )
    args = parser.parse_args(argv)
    python = install()
    quiet = {**UNATTENDED, "KERAS_BACKEND": args.backend}
    if args.command == "lab":
        # JupyterLab refuses to run as root (containers, cloud VMs) unless told to.
        root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        # Served from the repository root, so the notebooks' links to docs/ work.
        run(python, "-m", "jupyterlab", *root, "notebooks/00_course_map.ipynb")
    elif args.command == "check":
        backend_installed(python, args.backend)
        run(python, "-m", "pytest", "tests", "-m", "not slow", extra=quiet)
        run(python, "-m", "pytest", "notebooks", "--nbval-lax", extra=quiet)
    elif args.command == "test":
        if args.backend != BACKENDS[0]:
            sys.exit("test compares TensorFlow's committed outputs; for another backend use: check --backend NAME")
        run(python, "-m", "pytest", extra=quiet)
        lanes = [([python, "-m", "pytest", "notebooks", "-p", "no:cacheprovider"], {**quiet, **PERTURBED})]
        if JAX_LANE_IN_TEST:
            jax = [python, "-m", "pytest", "notebooks", "--nbval-lax", "-p", "no:cacheprovider"]
            lanes.append((jax, {**quiet, "KERAS_BACKEND": "jax"}))
        run_together(*lanes)
    elif args.command in ("execute", "benchmark"):
        save = [] if args.command == "execute" else ["--no-save"]  # both record their times in results.json
        run(python, "tools/execute_notebooks.py", "--record", *save, *args.notebooks, extra=quiet)
    elif args.command == "stamp":
        run(python, "tools/stamp_notebooks.py")


if __name__ == "__main__":
    main(sys.argv[1:])
