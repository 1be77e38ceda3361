"""The course's chapters in one place: what each teaches, what it builds on, how long it takes.

The course map notebook (``00_course_map``) prints this table and draws :func:`plot_course_map`;
a test checks that every chapter here has its notebook and every notebook its chapter.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.figure import Figure


@dataclass(frozen=True)
class Chapter:
    """One notebook of the course; ``run_seconds`` is measured on a 2-core CPU (``make benchmark``)."""

    number: str
    slug: str
    title: str
    teaches: str
    builds_on: tuple[str, ...]
    read_minutes: int
    run_seconds: int

    @property
    def notebook(self) -> str:
        """File name of the chapter's notebook in ``notebooks/``."""
        return f"{self.number}_{self.slug}.ipynb"


CHAPTERS: tuple[Chapter, ...] = (
    Chapter(
        "01", "timedistributed", "TimeDistributed", "3-D inputs, return_sequences, counting parameters", (), 20, 15
    ),
    Chapter(
        "02", "stateful_echo", "Stateful echo", "one-hot sequences, stateful LSTMs, resetting state", ("01",), 30, 24
    ),
    Chapter(
        "03",
        "repeatvector_encoder_decoder",
        "RepeatVector\nencoder-decoder",
        "why 4 output steps fail, and teacher forcing as the fix",
        ("02",),
        30,
        61,
    ),
    Chapter(
        "04",
        "teacher_forcing",
        "Teacher forcing,\ndebugged",
        "inference models, scaling, a start-token bug, exact answers",
        ("03",),
        35,
        24,
    ),
    Chapter(
        "05",
        "reverse_prefix_seq2seq",
        "Reverse-prefix\nseq2seq",
        "a full seq2seq classifier and batched greedy decoding",
        ("03", "04"),
        30,
        42,
    ),
    Chapter(
        "06",
        "attention",
        "Attention",
        "the bottleneck measured by length; attention removes it",
        ("03", "05"),
        35,
        60,
    ),
)


def chapter(number: str) -> Chapter:
    """The chapter with this two-digit ``number``, e.g. ``"03"``."""
    for candidate in CHAPTERS:
        if candidate.number == number:
            return candidate
    raise ValueError(f"number must be one of {[c.number for c in CHAPTERS]}, got {number!r}")


def plot_course_map(chapters: tuple[Chapter, ...] = CHAPTERS) -> Figure:
    """Draw the chapters left to right, an arrow from each chapter to those that build on it."""
    if not chapters:
        raise ValueError("chapters must hold at least one Chapter")
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
            if earlier not in position:
                raise ValueError(f"chapter {c.number} builds on {earlier!r}, which is not in chapters")
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
