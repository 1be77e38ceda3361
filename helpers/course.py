"""The course's chapters in one place: what each teaches, what it builds on, how long it takes.

The course map notebook (``00_course_map``) prints this table and draws :func:`plot_course_map`;
a test checks that every chapter here has its notebook and every notebook its chapter.
"""

from __future__ import annotations

import json
import math
import os
import re
import statistics
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from helpers import _checks
from helpers._checks import positive_int, text

#: Measured notebook run times (and benchmark figures), written by the benchmark tooling; one source for all.
RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results.json"
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
#: Reading time of the course map notebook (``00_course_map``), which is not a chapter.
COURSE_MAP_MINUTES = 5


def run_seconds(number: str) -> int:
    """Seconds the notebook ``number`` (``"00"`` .. ) takes end to end, as recorded in ``benchmarks/results.json``."""
    return int(json.loads(RESULTS.read_text(encoding="utf-8"))["notebooks"][number])


def _update_results(change: Callable[[dict], None]) -> None:
    """Read ``benchmarks/results.json``, let ``change`` edit it in place, and write it back (the one writer)."""
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    change(results)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def record_notebook_times(seconds: dict[str, float], cells: dict[str, dict[str, float]], measured: str) -> None:
    """Write notebook seconds ``{number: s}`` and code-cell seconds ``{number: {cell id: s}}`` (whole seconds).

    ``tools/execute_notebooks.py --record`` (``make execute``, ``make benchmark``) calls it; ``make stamp``
    renders the times into the README, the instructor guide and the long-cell lines of the notebooks.
    """

    def change(results: dict) -> None:
        results["notebooks"].update({number: round(value) for number, value in seconds.items()})
        recorded = results.setdefault("cells", {})
        recorded.update({number: {c: round(v) for c, v in times.items()} for number, times in cells.items()})
        results["cells"] = dict(sorted(recorded.items()))
        results["notebooks_measured"] = measured

    _update_results(change)


def record_benchmark(key: str, row: list[str]) -> None:
    """Write a benchmark's headline row ``[what, the source's way, ours, speed-up]`` into ``benchmarks/results.json``.

    ``make stamp`` renders the rows into the README's Benchmarks table.
    """
    _update_results(lambda results: results["benchmarks"].__setitem__(key, row))


#: The course's one rule for a chapter's stated time (``Chapter.read_minutes``): its prose at 200 words a minute, its
#: code (the lines of its code cells, and the helper sources it prints) at 15 lines a minute, plus the minutes its
#: exercises state ("**Exercise 2 (10 min)**"), rounded up to 5 minutes.
WORDS_PER_MINUTE, CODE_LINES_PER_MINUTE = 200, 15


def reading_minutes(notebook: Path) -> int:
    """Minutes to work through ``notebook`` by the course's one rule (:data:`WORDS_PER_MINUTE`, ...)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    prose = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    words = len(re.sub(r"<!--.*?-->|\]\([^)]*\)", " ", prose, flags=re.S).split())
    code = [c for c in cells if c["cell_type"] == "code" and c.get("id") != "colab-setup"]
    lines = sum(1 for c in code for line in "".join(c["source"]).splitlines() if line.strip())
    shown = [o for c in code if "getsource" in "".join(c["source"]) for o in c.get("outputs", [])]
    lines += sum("".join(o.get("text", "")).count("\n") for o in shown)
    exercises = sum(int(m) for m in re.findall(r"\*\*Exercise \d+ \((\d+) min", prose))
    return 5 * math.ceil((words / WORDS_PER_MINUTE + lines / CODE_LINES_PER_MINUTE + exercises) / 5)


@dataclass(frozen=True)
class Chapter:
    """One notebook of the course; its run time comes from ``benchmarks/results.json`` (``make benchmark``)."""

    number: str
    slug: str
    title: str
    teaches: str
    builds_on: tuple[str, ...]
    #: Seconds the notebook may take on the 2-core test machine: 90, or more where the chapter says why.
    run_budget: int = 90

    def __post_init__(self) -> None:
        for name in ("number", "slug", "title", "teaches"):
            text(name, getattr(self, name))
        if not isinstance(self.builds_on, tuple) or not all(isinstance(n, str) for n in self.builds_on):
            raise TypeError(f"builds_on must be a tuple of chapter numbers, got {self.builds_on!r}")
        positive_int("run_budget", self.run_budget)

    @property
    def run_seconds(self) -> int:
        """Seconds the notebook takes end to end on a 2-core CPU (from ``benchmarks/results.json``)."""
        return run_seconds(self.number)

    @property
    def read_minutes(self) -> int:
        """Minutes to read the chapter and do its exercises, by the course's one rule (:func:`reading_minutes`)."""
        return reading_minutes(NOTEBOOKS / self.notebook)

    @property
    def notebook(self) -> str:
        """File name of the chapter's notebook in ``notebooks/``."""
        return f"{self.number}_{self.slug}.ipynb"


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("01", "timedistributed", "TimeDistributed", "the LSTM cell, 3-D inputs, counting parameters", ()),
    Chapter(
        "02",
        "stateful_echo",
        "Stateful echo",
        "stateful LSTMs, resetting state; a long lag: LSTM against SimpleRNN",
        ("01",),
    ),
    Chapter(
        "03",
        "repeatvector_encoder_decoder",
        "RepeatVector\nencoder-decoder",
        "2 output steps work, 4 slip into repeats; candidate causes; what the fix changes",
        ("02",),
        150,  # the source's own settings: two full-size fits, worth their cost (the notebook says why)
    ),
    Chapter(
        "04",
        "teacher_forcing",
        "Teacher forcing,\ndebugged",
        "inference models, which scaling fixes, a start-token bug, rules learnt exactly",
        ("03",),
    ),
    Chapter(
        "05",
        "reverse_prefix_seq2seq",
        "Reverse-prefix\nseq2seq",
        "a full seq2seq classifier and batched greedy decoding",
        ("03", "04"),
    ),
    Chapter(
        "06",
        "attention",
        "Attention",
        "the bottleneck by length against a masked, fair baseline; three attention scores",
        ("03", "05"),
    ),
    Chapter(
        "07",
        "real_sequences",
        "Real-shaped\nsequences",
        "padding masks, paired over seeds on two backends; an end token",
        ("05",),
    ),
    Chapter(
        "08",
        "search_and_saving",
        "Search and\nsaving",
        "beam search, search errors against model errors, reload in a fresh process",
        ("07",),
    ),
    Chapter(
        "09",
        "co2_forecasting",
        "Forecasting\nMauna Loa CO₂",
        "a measured series, a split in time, baselines first, recursive and direct",
        ("01", "04"),
    ),
)


def plot_course_map(chapters: tuple[Chapter, ...] = CHAPTERS) -> Figure:
    """Draw the chapters left to right, an arrow from each chapter to those that build on it."""
    position = {c.number: index for index, c in enumerate(chapters)}
    fig, ax = plt.subplots(figsize=(2.2 * len(chapters), 3.2))
    for index, c in enumerate(chapters):
        label = f"{c.number}\n{c.title}\n({c.read_minutes} min)"
        ax.text(index, -0.42, textwrap.fill(c.teaches, 22), ha="center", va="top", fontsize=8, color="#444444")
        ax.text(
            index,
            0,
            label,
            ha="center",
            va="center",
            fontsize=9,
            wrap=True,
            bbox={"boxstyle": "round,pad=0.5", "facecolor": "#e8f0fe", "edgecolor": "#3367d6"},
        )
        for earlier in c.builds_on:
            gap = index - position[earlier]
            ax.annotate(
                "",
                xy=(index - 0.42, 0.12 * (gap > 1)),
                xytext=(position[earlier] + 0.42, 0.12 * (gap > 1)),
                arrowprops={
                    "arrowstyle": "->",
                    "color": "#555555",
                    "connectionstyle": f"arc3,rad={-0.35 if gap > 1 else 0}",
                },
            )
    ax.set(xlim=(-0.6, len(chapters) - 0.4), ylim=(-1.1, 0.9), title="How the chapters build on each other")
    ax.axis("off")
    fig.tight_layout()
    return fig


#: The Keras 3 backends the course is run on (``KERAS_BACKEND``), in the order of the README's table.
BACKENDS = ("tensorflow", "jax", "torch")


def record_backend_runs(runs: dict, measured: str) -> None:
    """Merge ``runs`` (``{number: {backend: {"passed": bool, "seconds": float}}}``) into ``benchmarks/results.json``.

    ``benchmarks/backends.py`` writes them under ``"backends"`` (what it did not run stays as it was) and
    ``measured`` (when, where, the load) under ``"backends_measured"``; ``make stamp`` renders the README's
    notebook × backend table from them.
    """

    def change(results: dict) -> None:
        table = results.setdefault("backends", {})
        for number, by_backend in runs.items():
            table.setdefault(number, {}).update(by_backend)
        results["backends"] = dict(sorted(table.items()))
        results["backends_measured"] = measured

    _update_results(change)


def record_seed_study(chapter: str, results: dict[str, list[float]]) -> None:
    """Write a seed study's values per claim (``{claim id: [one value per seed]}``) into ``benchmarks/results.json``.

    Stored as ``results["seeds"][chapter][claim id] = {"min", "median", "max", "seeds"}``; the claims ledger
    (``benchmarks/claims.json``, ``tests/test_claims.py``) checks every asserted threshold against that range.
    """

    def change(stored: dict) -> None:
        study = {
            claim: {
                "min": min(values),
                "median": statistics.median(values),
                "max": max(values),
                "seeds": [float(v) for v in values],
            }
            for claim, values in results.items()
        }
        stored.setdefault("seeds", {})[chapter] = dict(sorted(study.items()))

    _update_results(change)


#: Set by :func:`run_seed_study` in the process it starts for another backend: run this one seed, print its row.
ONE_SEED = "LSTM_COURSE_ONE_SEED"


def run_seed_study(
    chapter: str, run: Callable[[int], dict[str, float]], n_seeds: int = 5, backends: tuple[str, ...] = ()
) -> dict[str, list[float]]:
    """A seed study's loop: ``run(seed)`` for seeds 1 .. ``n_seeds``, each row printed as it comes, then every
    claim's min / median / max, recorded with :func:`record_seed_study`. Returns ``{claim id: [value per seed]}``.

    For each of ``backends`` (e.g. ``("jax",)``), every seed runs once more in a fresh process of the calling script
    with ``KERAS_BACKEND`` set (a process has one backend), and its claims are recorded as ``"<backend>: <claim>"``.
    """
    if ONE_SEED in os.environ:  # the process started below for one seed on another backend
        print(json.dumps(run(int(os.environ[ONE_SEED]))))
        return {}
    rows = []
    for seed in range(1, n_seeds + 1):
        row = run(seed)
        for backend in backends:
            environment = os.environ | {"KERAS_BACKEND": backend, ONE_SEED: str(seed)}
            child = subprocess.run(
                [sys.executable, sys.argv[0]], env=environment, capture_output=True, text=True, check=True
            )
            other = json.loads(child.stdout.strip().splitlines()[-1])
            row |= {f"{backend}: {claim}": value for claim, value in other.items()}
        rows.append(row)
        print(f"seed {seed}: " + ", ".join(f"{k} {v:.4g}" for k, v in row.items()), flush=True)
    study = {claim: [row[claim] for row in rows] for claim in rows[0]}
    print(f"\nover seeds 1-{n_seeds}: min / median / max")
    for claim, values in study.items():
        print(f"{claim:>40}: {min(values):.4g} / {statistics.median(values):.4g} / {max(values):.4g}")
    record_seed_study(chapter, study)
    return study


def seed_range(chapter: str, claim: str) -> tuple[float, float]:
    """``(min, max)`` of ``claim`` over the seed study of ``chapter`` recorded in ``benchmarks/results.json``."""
    low, _, high = seed_summary(chapter, claim)
    return low, high


def seed_summary(chapter: str, claim: str) -> tuple[float, float, float]:
    """``(min, median, max)`` of ``claim`` over the seed study of ``chapter`` in ``benchmarks/results.json``."""
    study = json.loads(RESULTS.read_text(encoding="utf-8"))["seeds"][chapter][claim]
    return float(study["min"]), float(study["median"]), float(study["max"])


def seed_values(chapter: str, claim: str) -> list[float]:
    """The value of ``claim`` for each seed of the study of ``chapter`` in ``benchmarks/results.json``."""
    return [float(v) for v in json.loads(RESULTS.read_text(encoding="utf-8"))["seeds"][chapter][claim]["seeds"]]


def seed_table(chapter: str, rows: dict[str, str], fmt: str = ".3f") -> str:
    """A text table of min / median / max over the seed study of ``chapter``, one line per ``{label: claim id}``,
    each number formatted with ``fmt`` (e.g. ``".2g"`` for errors that span decades).

    Notebooks print it, so a seed study's numbers reach the prose from ``benchmarks/results.json`` only.
    """
    study = json.loads(RESULTS.read_text(encoding="utf-8"))["seeds"][chapter]
    width = max(map(len, rows))
    lines = [f"{'':{width}}    min  median    max"]
    for label, claim in rows.items():
        low, mid, high = (format(study[claim][key], fmt) for key in ("min", "median", "max"))
        lines.append(f"{label:>{width}} {low:>6} {mid:>7} {high:>6}")
    return "\n".join(lines)


def _backends(name: str, value: object) -> tuple[str, ...]:
    """A tuple of Keras backends of :data:`BACKENDS`."""
    if not isinstance(value, tuple) or not all(isinstance(b, str) and b in BACKENDS for b in value):
        raise TypeError(f"{name} must be a tuple of backends from {BACKENDS}, got {value!r:.80}")
    return value


# Argument checks, applied by _checks.install below ------------------------------------------------------------------


def _run_seconds_arguments(number: object) -> None:
    """``number`` is a chapter with a recorded run time in benchmarks/results.json."""
    seconds = json.loads(RESULTS.read_text(encoding="utf-8"))["notebooks"]
    if not isinstance(number, str) or number not in seconds:
        raise ValueError(f"number must be one of {sorted(seconds)}, got {number!r}")


def _by_notebook(name: str, table: object) -> dict:
    if not isinstance(table, dict) or not all(isinstance(n, str) for n in table):
        raise TypeError(f"{name} must be a dict keyed by notebook number, got {table!r}")
    return table


def _seconds(name: str, seconds: object) -> dict[str, float]:
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in _by_notebook(name, seconds).values()):
        raise TypeError(f"{name} must map notebook numbers to seconds, got {seconds!r}")
    return seconds


def _cells(name: str, cells: object) -> dict[str, dict[str, float]]:
    if not all(isinstance(times, dict) for times in _by_notebook(name, cells).values()):
        raise TypeError(f"{name} must map notebook numbers to {{cell id: seconds}} dicts, got {cells!r}")
    return cells


def _row(name: str, row: object) -> list[str]:
    if not isinstance(row, list) or len(row) != 4 or not all(isinstance(cell, str) for cell in row):
        raise TypeError(f"{name} must be a list of 4 strings (what, the source's way, ours, speed-up), got {row!r}")
    return row


def _chapters(name: str, chapters: object) -> tuple[Chapter, ...] | list[Chapter]:
    """Chapters that build only on chapters among them."""
    if not isinstance(chapters, (tuple, list)) or not all(isinstance(c, Chapter) for c in chapters):
        raise TypeError(f"{name} must be a tuple of Chapter, got {type(chapters).__name__}")
    if not chapters:
        raise ValueError(f"{name} must hold at least one Chapter")
    numbers = {c.number for c in chapters}
    for c in chapters:
        for earlier in c.builds_on:
            if earlier not in numbers:
                raise ValueError(f"chapter {c.number} builds on {earlier!r}, which is not in {name}")
    return chapters


def _runs(name: str, runs: object) -> dict:
    """``{number: {backend: {"passed": bool, "seconds": float}}}``, not empty."""
    if not isinstance(runs, dict) or not runs:
        raise TypeError(f"{name} must be a non-empty dict {{number: {{backend: run}}}}, got {runs!r}")
    for number, by_backend in runs.items():
        if not isinstance(number, str) or not isinstance(by_backend, dict):
            raise TypeError(
                f"{name} must map notebook numbers to {{backend: run}} dicts, got {number!r}: {by_backend!r}"
            )
        for backend, run in by_backend.items():
            if backend not in BACKENDS:
                raise ValueError(f"{name}: backend must be one of {BACKENDS}, got {backend!r}")
            if (
                not isinstance(run, dict)
                or not isinstance(run.get("passed"), bool)
                or isinstance(run.get("seconds"), bool)
                or not isinstance(run.get("seconds"), int | float)
            ):
                raise TypeError(f"{name}: each run must be {{'passed': bool, 'seconds': float}}, got {run!r}")
    return runs


def _seed_results(name: str, results: object) -> dict[str, list[float]]:
    """``{claim id: [one finite number per seed]}``, not empty."""
    if not isinstance(results, dict) or not results:
        raise TypeError(f"{name} must be a non-empty dict {{claim id: [values]}}, got {results!r}")
    for claim, values in results.items():
        if not isinstance(claim, str) or not isinstance(values, list) or not values:
            raise TypeError(f"{name} must map claim ids to non-empty lists of numbers, got {claim!r}: {values!r}")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in values):
            raise TypeError(f"{name}[{claim!r}] must hold finite numbers, got {values!r}")
    return results


def _rows(name: str, rows: object) -> dict[str, str]:
    if not isinstance(rows, dict) or not rows or not all(isinstance(k, str) for k in rows):
        raise TypeError(f"{name} must be a non-empty dict {{label: claim id}}, got {rows!r}")
    return rows


def _number_format(name: str, value: object) -> str:
    try:
        format(0.5, value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a format specification for one number such as '.3f', got {value!r}") from None
    return value  # type: ignore[return-value]


def _seed_range_arguments(chapter: str, claim: str) -> None:
    """``claim`` is recorded in the seed study of ``chapter``."""
    study = json.loads(RESULTS.read_text(encoding="utf-8")).get("seeds", {}).get(chapter, {})
    if claim not in study:
        raise ValueError(f"claim must be one of {sorted(study)} for chapter {chapter!r}, got {claim!r}")


def _seed_table_arguments(chapter: str, rows: dict[str, str], **_: object) -> None:
    """Every claim of ``rows`` has a seed range recorded for ``chapter``."""
    for claim in rows.values():
        _seed_range_arguments(chapter, claim)


_TEXT = _checks.named("a string", text)


def _notebook_file(name: str, value: object) -> Path:
    if not isinstance(value, Path) or value.suffix != ".ipynb" or not value.is_file():
        raise TypeError(f"{name} must be the Path of an existing .ipynb file, got {value!r:.80}")
    return value


def _seed_run(name: str, value: object) -> Callable[[int], dict[str, float]]:
    if not callable(value):
        raise TypeError(
            f"{name} must be a function of the seed returning {{claim id: value}}, got {type(value).__name__}"
        )
    return value


_checks.install(
    globals(),
    rules={
        "record_notebook_times": {
            "seconds": _checks.named("a dict {notebook number: seconds}", _seconds),
            "cells": _checks.named("a dict {notebook number: {cell id: seconds}}", _cells),
            "measured": _TEXT,
        },
        "record_benchmark": {
            "key": _checks.NAME,
            "row": _checks.named("a list of 4 strings", _row),
        },
        "plot_course_map": {
            "chapters": _checks.named("a non-empty tuple of Chapter, closed under builds_on", _chapters)
        },
        "record_backend_runs": {
            "runs": _checks.named("a dict {number: {backend: {'passed': bool, 'seconds': float}}}", _runs),
            "measured": _TEXT,
        },
        "record_seed_study": {
            "chapter": _TEXT,
            "results": _checks.named("a non-empty dict {claim id: [finite numbers]}", _seed_results),
        },
        "seed_range": {"chapter": _TEXT, "claim": _TEXT},
        "seed_summary": {"chapter": _TEXT, "claim": _TEXT},
        "seed_values": {"chapter": _TEXT, "claim": _TEXT},
        "run_seed_study": {
            "chapter": _TEXT,
            "run": _checks.named("a function of the seed", _seed_run),
            "n_seeds": _checks.count(100),
            "backends": _checks.named("a tuple of backends", _backends),
        },  # fmt: skip
        "reading_minutes": {"notebook": _checks.named("the Path of an existing .ipynb file", _notebook_file)},
        "seed_table": {
            "chapter": _TEXT,
            "rows": _checks.named("a non-empty dict {label: claim id}", _rows),
            "fmt": _checks.named("a format specification for one number, e.g. '.3f'", _number_format),
        },
    },
    preconditions={
        "run_seconds": _run_seconds_arguments,
        "seed_range": _seed_range_arguments,
        "seed_summary": _seed_range_arguments,
        "seed_values": _seed_range_arguments,
        "seed_table": _seed_table_arguments,
    },
)
