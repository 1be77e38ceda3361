#!/usr/bin/env python3
"""Stamp the launch badges, the Colab set-up cell, the navigation footers and the measured times.

From ``[tool.course]`` in ``pyproject.toml`` (``github = "owner/repo"``, ``branch``, ``gpu_notebooks``) and
``benchmarks/results.json`` (measured seconds), it writes into every ``notebooks/NN_*.ipynb``:

1. badges (Open in Colab, Launch Binder) under the title, between ``<!-- stamp:badges:start/end -->``;
2. a first code cell tagged ``colab-setup``: on Colab only, it clones the course if missing, puts it on
   ``sys.path`` and prints one line (GPU notebooks add a GPU hint); elsewhere it does nothing;
3. a last markdown cell tagged ``nav-footer``: previous | course map | next;
4. above every code cell that ran for at least ``LONG_CELL_SECONDS`` in the last recorded run, a markdown
   line tagged ``cell-time`` that says roughly how long it runs, from ``results.json``'s ``cells``;
5. the ``**Time**:`` paragraph of the introduction: reading minutes from ``helpers.course``, run time from
   ``results.json``;

and fills the ``<!-- stamp:NAME:start/end -->`` blocks of README.md (badges, launch table, benchmarks) and of
docs/instructor.md (times). Usage: ``python tools/stamp_notebooks.py [--check]`` (``--check`` changes nothing and
exits 1 listing the files that disagree). A stamp then a save changes nothing (``nbformat`` reads and writes).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import nbformat

from helpers.course import BACKENDS, CHAPTERS, COURSE_MAP_MINUTES  # chapters, reading times, backends

ROOT = Path(__file__).resolve().parents[1]

COURSE_MAP = "00_course_map.ipynb"
SETUP_TAG, FOOTER_TAG, TIME_TAG = "colab-setup", "nav-footer", "cell-time"
#: A cell that runs this long (seconds, in the recorded run) gets a line saying so above it.
LONG_CELL_SECONDS = 10
BADGES_START, BADGES_END = "<!-- stamp:badges:start -->", "<!-- stamp:badges:end -->"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"

SETUP = """\
# @title Colab set-up: gets this course's `helpers` package (on your machine or on Binder it does nothing)
import sys

if "google.colab" in sys.modules:
    import os
    import subprocess

    course = "/content/{repo}"
    if not os.path.isdir(course):
        url = "https://github.com/{github}.git"
        subprocess.run(["git", "clone", "-q", "--depth=1", "--branch={branch}", url, course], check=True)
    sys.path.insert(0, course)  # Colab keeps its own TensorFlow and Keras; nothing is installed
    print(f"Colab set-up: the course's helpers are importable from {{course}} (branch {branch}).")
"""
GPU_HINT = """\
    import shutil

    if not shutil.which("nvidia-smi") or subprocess.run(["nvidia-smi", "-L"], capture_output=True).returncode:
        print("No GPU: a GPU can speed up this notebook (Runtime > Change runtime type > GPU); the CPU works too.")
"""


@dataclass(frozen=True)
class Course:
    """The published location of the course: ``github`` is ``owner/repo``."""

    github: str
    branch: str
    gpu_notebooks: tuple[str, ...] = ()


def load_course(root: Path = ROOT) -> Course:
    """Read ``[tool.course]`` from ``root/pyproject.toml``; raise ValueError if it is missing or malformed."""
    table = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8")).get("tool", {}).get("course")
    if not isinstance(table, dict):
        raise ValueError("pyproject.toml has no [tool.course] table")
    github, branch, gpu = table.get("github"), table.get("branch"), table.get("gpu_notebooks", [])
    if not isinstance(github, str) or not re.fullmatch(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+", github):
        raise ValueError(f"[tool.course] github must be 'owner/repo', got {github!r}")
    if not isinstance(branch, str) or not re.fullmatch(r"[A-Za-z0-9._/-]+", branch):
        raise ValueError(f"[tool.course] branch must be a branch name, got {branch!r}")
    if not isinstance(gpu, list) or not all(isinstance(n, str) and re.fullmatch(r"\d\d", n) for n in gpu):
        raise ValueError(f"[tool.course] gpu_notebooks must be a list of two-digit strings, got {gpu!r}")
    return Course(github, branch, tuple(gpu))


def badges(course: Course, path: str) -> str:
    colab = f"https://colab.research.google.com/github/{course.github}/blob/{course.branch}/{path}"
    binder = f"https://mybinder.org/v2/gh/{course.github}/{course.branch}?urlpath=lab/tree/{path}"
    return f"[![Open In Colab]({COLAB_BADGE})]({colab}) [![Launch Binder]({BINDER_BADGE})]({binder})"


def setup_source(course: Course, gpu: bool) -> str:
    """The Colab set-up cell's code; off Colab it only imports ``sys``."""
    repo = course.github.split("/")[1]
    return (SETUP.format(repo=repo, github=course.github, branch=course.branch) + (GPU_HINT if gpu else "")).rstrip()


def title_of(notebook: nbformat.NotebookNode) -> str:
    return next(line[2:].strip() for line in notebook.cells[0].source.splitlines() if line.startswith("# "))


def about(seconds: float) -> str:
    """A rough, readable duration: "about 15 s" (to 5 s) below 90 s, else "about 2.5 minutes" (to half a minute)."""
    if seconds < 90:
        return f"about {max(5, 5 * round(seconds / 5))} s"
    return f"about {round(seconds / 30) / 2:g} minutes"


def time_line(seconds: float, cell_id: str) -> nbformat.NotebookNode:
    """The ``cell-time`` markdown cell placed above a long cell (its figure is quoted from results.json)."""
    text = (
        f"⏱ *The next cell runs for [{about(seconds)} on the course's 2-core test machine]"
        "(../benchmarks/results.json): while it runs, the cell shows `[*]` beside it.*"
    )
    return nbformat.v4.new_markdown_cell(text, id=f"time-{cell_id}"[:64], metadata={"tags": [TIME_TAG]})


def reading_minutes() -> int:
    """Minutes to read the whole course with its exercises: the course map and every chapter."""
    return COURSE_MAP_MINUTES + sum(c.read_minutes for c in CHAPTERS)


def time_paragraph(number: str, results: dict) -> str:
    """The introduction's ``**Time**:`` paragraph of notebook ``number``, from the course's one set of figures."""
    seconds = results["notebooks"]
    where = "on the course's 2-core test machine](../benchmarks/results.json)"
    if number == "00":
        reading = reading_minutes()
        return (
            f"**Time**: this page, {COURSE_MAP_MINUTES} minutes to read; the whole course about {reading // 60} h "
            f"{reading % 60:02d} of reading and exercises, and [{about(sum(seconds.values()))} of computing {where}."
        )
    minutes = next(c.read_minutes for c in CHAPTERS if c.number == number)
    return (
        f"**Time**: about {minutes} minutes to read, exercises included; the notebook runs in "
        f"[{about(seconds[number])} {where}."
    )


def stamp_notebook(
    nb: nbformat.NotebookNode,
    name: str,
    course: Course,
    footer: str,
    cell_seconds: dict[str, float] | None = None,
    time: str | None = None,
) -> bool:
    """Stamp ``nb`` in place; return whether its code changed (then it must be re-executed).

    ``cell_seconds`` (code cell id -> seconds of the recorded run) puts a ``cell-time`` line above each long cell;
    ``time`` replaces the first ``**Time**:`` paragraph.
    """
    old_code = [c.source for c in nb.cells if c.cell_type == "code"]
    old_setup = [c for c in nb.cells if SETUP_TAG in c.metadata.get("tags", [])]
    cells = [c for c in nb.cells if not {SETUP_TAG, FOOTER_TAG, TIME_TAG} & set(c.metadata.get("tags", []))]
    first = re.sub(re.escape(BADGES_START) + r".*?" + re.escape(BADGES_END) + r"\n*", "", cells[0].source, flags=re.S)
    head, _, tail = first.partition("\n")
    gpu = name[:2] in course.gpu_notebooks
    note = (
        "\n*A GPU can speed up this notebook's training: on Colab, choose **Runtime › Change runtime type › GPU** "
        "before you run it. It runs on a CPU too.*"
    )
    block = f"{BADGES_START}\n{badges(course, f'notebooks/{name}')}{note if gpu else ''}\n{BADGES_END}"
    cells[0].source = f"{head}\n\n{block}\n\n{tail.lstrip(chr(10))}".rstrip("\n")
    setup = setup_source(course, gpu)
    if not (len(old_setup) == 1 and old_setup[0].source == setup):  # an unchanged cell keeps its outputs
        old_setup = [nbformat.v4.new_code_cell(setup, id=SETUP_TAG, metadata={"cellView": "form", "tags": [SETUP_TAG]})]
    old_setup[0].id = SETUP_TAG  # a fixed id: cell times are recorded by id
    end = nbformat.v4.new_markdown_cell(footer, id=FOOTER_TAG, metadata={"tags": [FOOTER_TAG]})
    seconds = cell_seconds or {}
    intro = next((c for c in cells if c.cell_type == "markdown" and "**Time**:" in c.source), None)
    if time is not None and intro is not None:
        intro.source = re.sub(r"\*\*Time\*\*:.*?(?=\n\n|\Z)", lambda _: time, intro.source, count=1, flags=re.S)
    body = []
    for cell in cells[1:]:
        if cell.cell_type == "code" and seconds.get(cell.id, 0) >= LONG_CELL_SECONDS:
            body.append(time_line(seconds[cell.id], cell.id))
        body.append(cell)
    nb.cells = [cells[0], old_setup[0], *body, end]
    return [c.source for c in nb.cells if c.cell_type == "code"] != old_code


def backend_table(results: dict) -> str:
    """The README's notebook × backend table (seconds, pass/fail) from ``results["backends"]``.

    ``benchmarks/backends.py`` measures it; a backend that was not run shows "not run".
    """
    runs = results.get("backends") or {}
    if not runs:
        return "Not measured yet: run `python benchmarks/backends.py`, then `make stamp`."
    names = {"tensorflow": "TensorFlow", "jax": "JAX", "torch": "PyTorch"}
    backends = [b for b in BACKENDS if any(b in by_backend for by_backend in runs.values())]
    lines = [
        f"Measured {results.get('backends_measured', '')}: each notebook run top to bottom with its asserts, "
        "`KERAS_BACKEND` set, outputs not saved; a failing notebook's time is up to the cell that failed.",
        "",
        "| notebook | " + " | ".join(names[b] for b in backends) + " |",
        "|---|" + "---:|" * len(backends),
    ]
    for number, by_backend in runs.items():
        cells = []
        for b in backends:
            run = by_backend.get(b)
            cells.append(
                "not run" if run is None else f"{'passes' if run['passed'] else '**fails**'}, {run['seconds']:.0f} s"
            )
        lines.append(f"| {number} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


#: The README's seed-study table: per row a chapter, what is measured, and the claim ids of ``results["seeds"]``
#: whose min / median / max it shows (``;`` between claims). The numbers come from ``results.json`` only.
SEED_ROWS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("01", "one-to-one echo, log₁₀ of the final loss; exercise 3: after 100 steps at 0.01",
     ("one_to_one_log10_final_loss", "exercise_log10_loss_100_steps_at_0_01")),
    ("02", "token accuracy on fresh sequences, stateful; the source's regime (Adam 0.001)",
     ("stateful_accuracy", "source_accuracy")),
    ("02", "adding problem at 50 steps, test mse: SimpleRNN; LSTM (same width, data and budget)",
     ("adding, SimpleRNN, 50 steps: mse", "adding, LSTM, 50 steps: mse")),
    ("03", "the source's settings, 4 output steps: sequence accuracy; share of repeated values",
     ("source 4/300: seq", "source 4/300: repeat share")),
    ("04", "mean absolute error, both bugs fixed; exercise 3: 20 epochs instead of 80",
     ("both fixes: MAE", "exercise 4.3, 20 epochs: MAE")),
    ("05", "exact match on 1,000 fresh examples; the source's recipe (100,000 samples, batch 32, Adam 0.001)",
     ("exact", "source_recipe_exact")),
    ("05", "6 outputs from 40,000 samples, exact match: reversed; original order (exercise 3)",
     ("reversed_6", "original_order_6")),
    ("05.rates", "the same, each order at its best Adam rate: reversed; original order; the reversed lead",
     ("reversed_6, best rate", "original_order_6, best rate", "reversed_6 lead at the best rates")),
    ("06", "exact match at 20 tokens: no attention; no attention at 3x the budget; Bahdanau's score",
     ("none, length 20: exact", "none x3, length 20: exact", "bahdanau, length 20: exact")),
    ("07", "exact match on 1,000 held-out sums, 10 epochs: masked; unmasked; masked minus unmasked, paired",
     ("masked", "unmasked", "masked minus unmasked")),
    ("08", "share of greedy's errors that are model errors; width 5 minus width 1, exact match (10 epochs)",
     ("10 epochs, width 1: model share", "10 epochs: width 5 minus width 1")),
    ("09", "test MAE, ppm, 12 months ahead: least squares; the direct LSTM; the recursive LSTM",
     ("linear_mae", "direct_mae", "recursive_mae")),
)  # fmt: skip


def seed_rows(results: dict) -> str:
    """The README's seed-study table (:data:`SEED_ROWS`), each claim as min / median / max over its seeds."""
    lines = ["| chapter | claim | min / median / max |", "|---|---|---|"]
    for chapter, what, claims in SEED_ROWS:
        study = results["seeds"][chapter]
        ranges = "; ".join(" / ".join(f"{study[c][k]:.3g}" for k in ("min", "median", "max")) for c in claims)
        lines.append(f"| {chapter} | {what} | {ranges} |")
    return "\n".join(lines)


def blocks(course: Course, titles: dict[str, str], results: dict) -> dict[str, str]:
    """The generated content of each README/instructor-guide block."""
    binder = f"https://mybinder.org/v2/gh/{course.github}/{course.branch}?urlpath=lab/tree/notebooks"
    launch = [
        "Run a notebook in the cloud, nothing to install: **Colab** (Google account; keeps its own TensorFlow) "
        "or **Binder** (no account; the course's exact environment, CPU only, first start takes a few minutes).",
        "",
        "| notebook | Colab | Binder |",
        "|---|---|---|",
    ]
    for name, title in titles.items():
        colab, bind = badges(course, f"notebooks/{name}").split(" [![Launch")
        launch.append(f"| [{title.replace('|', chr(92) + '|')}](notebooks/{name}) | {colab} | [![Launch{bind} |")
    labels = {"00": ("Course map", COURSE_MAP_MINUTES)} | {
        c.number: (c.title.replace("\n", " "), c.read_minutes) for c in CHAPTERS
    }
    seconds = {n: results["notebooks"][n] for n in labels}
    times = ["| notebook | runs in (2-core CPU, `make benchmark`) | reading + exercises |", "|---|---:|---:|"]
    for name in titles:
        title, minutes = labels[name[:2]]
        times.append(f"| [{name[:2]} · {title}](../notebooks/{name}) | {seconds[name[:2]]} s | {minutes} min |")
    total, reading = sum(seconds.values()), reading_minutes()
    times.append(f"| the whole course | {total // 60} min {total % 60} s | {reading // 60} h {reading % 60:02d} |")
    bench = [
        f"Measured {results['measured']}:",
        "",
        "| what | the source's way | ours | speed-up |",
        "|---|---:|---:|---:|",
    ]
    bench += [" | ".join(["", *row, ""]).strip() for row in results["benchmarks"].values()]
    whole = f"[![Launch Binder]({BINDER_BADGE})]({binder}) launches the whole course in JupyterLab on mybinder.org."
    return {
        "badges": whole,
        "launch": "\n".join(launch),
        "benchmarks": "\n".join(bench),
        "times": "\n".join(times),
        "backends": backend_table(results),
        "seeds": seed_rows(results),
    }


def fill(text: str, content: dict[str, str]) -> str:
    """Replace the content of every ``<!-- stamp:NAME:start -->`` ... ``end`` block found in ``text``."""
    pattern = re.compile(r"(<!-- stamp:(\w+):start -->).*?(<!-- stamp:\2:end -->)", re.S)
    return pattern.sub(lambda m: f"{m.group(1)}\n{content[m.group(2)]}\n{m.group(3)}", text)


def unrecorded_cells(nb: nbformat.NotebookNode, recorded: dict[str, float]) -> list[str]:
    """Code cells of ``nb`` without a recorded time, and recorded cells no longer in it, as readable lines."""
    ids = [c.id for c in nb.cells if c.cell_type == "code"]
    missing, gone = [i for i in ids if i not in recorded], [i for i in recorded if i not in ids]
    return ([f"{len(missing)} code cells have no recorded time ({', '.join(missing[:3])}...)"] if missing else []) + (
        [f"results.json times {len(gone)} cells that are gone ({', '.join(gone[:3])}...)"] if gone else []
    )


def stamp_all(root: Path = ROOT) -> tuple[dict[Path, str], list[Path], list[str]]:
    """Every stamped file's new text, the notebooks whose code changed, and the cells whose times are stale."""
    course = load_course(root)
    results = json.loads((root / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    paths = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    notebooks = {p.name: nbformat.read(p, as_version=4) for p in paths}
    titles = {name: title_of(nb) for name, nb in notebooks.items()}
    names = list(notebooks)
    outputs, rerun, stale_times = {}, [], []
    for i, (name, nb) in enumerate(notebooks.items()):
        links = [f"[← {titles[names[i - 1]]}]({names[i - 1]})"] if i > 1 else []
        links.append("[README](../README.md#course-map)" if name == COURSE_MAP else f"[Course map]({COURSE_MAP})")
        links += [f"[{titles[names[i + 1]]} →]({names[i + 1]})"] if i + 1 < len(names) else []
        times = results.get("cells", {}).get(name[:2])
        if stamp_notebook(nb, name, course, "---\n\n" + " | ".join(links), times, time_paragraph(name[:2], results)):
            rerun.append(root / "notebooks" / name)
        stale_times += [f"{name}: {line}" for line in unrecorded_cells(nb, results.get("cells", {}).get(name[:2], {}))]
        outputs[root / "notebooks" / name] = nbformat.writes(nb) + "\n"
    content = blocks(course, titles, results)
    for doc in (root / "README.md", root / "docs" / "instructor.md"):
        if doc.exists():
            outputs[doc] = fill(doc.read_text(encoding="utf-8"), content)
    return outputs, rerun, stale_times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if any file disagrees")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this checkout)")
    args = parser.parse_args(argv)
    outputs, rerun, stale_times = stamp_all(args.root.resolve())
    stale = [p for p, text in outputs.items() if p.read_text(encoding="utf-8") != text]
    for path in stale:
        if not args.check:
            path.write_text(outputs[path], encoding="utf-8")
        print(f"{'not stamped' if args.check else 'stamped'}: {path.relative_to(args.root.resolve())}")
    for path in rerun if not args.check else []:
        print(f"  code changed, re-execute: make execute NB={path.relative_to(args.root.resolve())}")
    for line in stale_times:
        print(f"cell times out of date: {line}")
    if stale_times:
        print("run: make execute NB=notebooks/NN_x.ipynb (or make benchmark) for those notebooks, then make stamp")
    if args.check and stale:
        print("run: make stamp, then re-execute each notebook it names with make execute NB=notebooks/NN_x.ipynb")
    return 1 if args.check and (stale or stale_times) else 0


if __name__ == "__main__":
    sys.exit(main())
