"""The claims ledger (``benchmarks/claims.json``): every asserted claim of a chapter, where it is, and its seeds.

Each entry names a chapter, the sentence it claims, the notebook cell (by id) whose source holds the exact
``assert`` text, and the claim id of the chapter's seed study in ``benchmarks/results.json`` (``seeds``; an entry's
``study`` names another study of the chapter, such as ``05.rates``), whose
recorded range must satisfy the asserted threshold with room (``op`` and ``threshold``): ``ROOM`` of the threshold's
scale, or the entry's own ``room`` (absolute) for a claim on a bounded scale near its bound, such as an exact match
of 99.5 % of 1,000 sequences, where 2 points of room cannot exist. ``"some_seed": true`` marks a claim about
*some* seed (the LSTM picks the top rate on at least one): only the extreme seed on the threshold's side must hold
it (``>``, ``>=``, ``<``, ``<=`` only).
``"seed": null`` marks a
fact of the data that no seed can change (it has no threshold to check). A chapter takes part as soon as it has
one entry: from then on every ``assert`` line of its notebook needs an entry.
"""

from __future__ import annotations

import json
import operator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LEDGER = json.loads((ROOT / "benchmarks" / "claims.json").read_text(encoding="utf-8"))
SEEDS = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8")).get("seeds", {})
CHAPTERS = sorted({entry["chapter"] for entry in LEDGER})
OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq}
#: How far inside its threshold a seed study's worst seed must stay, as a share of the threshold's scale.
ROOM = 0.02


def notebook_cells(chapter: str) -> dict[str, str]:
    (path,) = (ROOT / "notebooks").glob(f"{chapter}_*.ipynb")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return {cell["id"]: "".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"}


def holds_with_room(op: str, threshold: float, low: float, high: float, room: float | None = None) -> bool:
    """Does every seed's value in ``low .. high`` satisfy ``value op threshold``, ``room`` inside the threshold
    (by default ``ROOM`` of the threshold's scale)?"""
    room = ROOM * max(1.0, abs(threshold)) if room is None else room
    if op == "==":
        return low == high == threshold
    if op in ("<", "<="):
        return OPS[op](high, threshold) and high <= threshold - room
    return OPS[op](low, threshold) and low >= threshold + room


@pytest.mark.parametrize(
    ("op", "threshold", "low", "high", "holds"),
    [
        ("<", 0.5, 0.2, 0.3, True),
        ("<", 0.5, 0.2, 0.49, False),
        (">", 0.0, 0.03, 0.1, True),
        (">", 0.0, 0.001, 0.1, False),
        (">=", 1.0, 0.99, 1.2, False),
        ("==", 0.0, 0.0, 0.0, True),
        ("==", 0.0, 0.0, 1.0, False),
    ],
)
def test_the_room_rule_itself(op, threshold, low, high, holds):
    assert holds_with_room(op, threshold, low, high) == holds


def test_an_entrys_own_room():
    assert holds_with_room(">=", 0.995, 0.999, 1.0, room=0.003)
    assert not holds_with_room(">=", 0.995, 0.997, 1.0, room=0.003)
    assert not holds_with_room(">=", 0.995, 0.999, 1.0)


def test_ledger_entries_are_complete() -> None:
    ids = [entry["id"] for entry in LEDGER]
    assert len(ids) == len(set(ids)), "claim ids must be unique"
    for entry in LEDGER:
        assert {"id", "chapter", "sentence", "cell", "assert", "seed"} <= set(entry), entry
        if entry["seed"] is not None:
            assert entry.get("op") in OPS and isinstance(entry.get("threshold"), int | float), entry


@pytest.mark.parametrize("entry", LEDGER, ids=[entry["id"] for entry in LEDGER])
def test_the_claim_is_asserted_in_its_cell(entry: dict) -> None:
    cells = notebook_cells(entry["chapter"])
    assert entry["cell"] in cells, f"no code cell {entry['cell']!r} in notebook {entry['chapter']}"
    lines = [line.strip() for line in cells[entry["cell"]].splitlines()]  # an assert may sit in a loop or block
    assert entry["assert"] in lines, f"cell {entry['cell']} lacks {entry['assert']!r}"
    if entry["seed"] is not None:
        assert f"{entry['op']} {entry['threshold']}" in entry["assert"], "op and threshold must be the assert's"


@pytest.mark.parametrize("entry", [e for e in LEDGER if e["seed"] is not None], ids=lambda e: e["id"])
def test_the_seed_study_supports_the_threshold_with_room(entry: dict) -> None:
    """``seed`` is one claim id, or a list of them: the same claim on each backend the study ran on, all checked."""
    study = SEEDS.get(entry.get("study", entry["chapter"]), {})
    for claim in [entry["seed"]] if isinstance(entry["seed"], str) else entry["seed"]:
        assert claim in study, f"no {claim!r} in that study: run its benchmarks/seeds_*.py"
        recorded = study[claim]
        assert len(recorded["seeds"]) >= 5, "a seed study covers at least 5 seeds"
        low, high = recorded["min"], recorded["max"]
        if entry.get("some_seed"):
            assert entry["op"] != "==", "some_seed takes an order, not =="
            low = high = high if entry["op"] in (">", ">=") else low
        assert holds_with_room(entry["op"], entry["threshold"], low, high, entry.get("room")), (
            f"{entry['id']}, {claim}: seeds {recorded['min']:.4g}..{recorded['max']:.4g} vs {entry['op']} "
            f"{entry['threshold']}"
        )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_assert_of_a_ledger_chapter_is_in_the_ledger(chapter: str) -> None:
    ledgered = {(e["cell"], e["assert"]) for e in LEDGER if e["chapter"] == chapter}
    found = {
        (cell, line.strip())
        for cell, source in notebook_cells(chapter).items()
        for line in source.splitlines()
        if line.strip().startswith("assert ")
    }
    assert not found - ledgered, f"asserts with no ledger entry: {sorted(found - ledgered)}"
