"""Notebook hygiene: what strict nbval cannot see, checked on the committed files."""

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHAPTERS = [path for path in NOTEBOOKS if not path.name.startswith("00_")]
PERSONAL_PATH = re.compile(r"(/home/\w+|/Users/\w+|/root/|[A-Za-z]:\\\\Users|/tmp/|site-packages)")


def code_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def markdown(notebook: dict) -> str:
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")


@pytest.fixture(params=NOTEBOOKS, ids=[nb.name for nb in NOTEBOOKS])
def notebook(request: pytest.FixtureRequest) -> dict:
    return json.loads(request.param.read_text(encoding="utf-8"))


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "no notebooks found in notebooks/"


def test_valid_nbformat_with_python3_kernel(notebook: dict) -> None:
    nbformat.validate(nbformat.from_dict(notebook))
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_executed_in_order_with_outputs(notebook: dict) -> None:
    cells = code_cells(notebook)
    assert [c["execution_count"] for c in cells] == list(range(1, len(cells) + 1)), "restart, run all, save"
    assert any(c["outputs"] for c in cells), "the notebook is committed without outputs"


def test_no_errors_no_stderr(notebook: dict) -> None:
    for cell in code_cells(notebook):
        for output in cell["outputs"]:
            assert output["output_type"] != "error", "".join(cell["source"])[:200]
            assert output.get("name") != "stderr", "".join(cell["source"])[:200]


def test_no_execution_timestamps(notebook: dict) -> None:
    stamped = [i for i, c in enumerate(notebook["cells"]) if "execution" in c.get("metadata", {})]
    assert not stamped, f"cells {stamped} carry execution timestamps: re-execute with record_timing off"


def test_no_personal_paths(notebook: dict) -> None:
    text = json.dumps([c.get("outputs", []) for c in notebook["cells"]] + [c["source"] for c in notebook["cells"]])
    assert not PERSONAL_PATH.search(text), PERSONAL_PATH.search(text).group(0)


def test_course_structure(notebook: dict) -> None:
    first = "".join(notebook["cells"][0]["source"])
    assert first.lstrip().startswith("# "), "the first cell must be a markdown title"
    text = markdown(notebook)
    for heading in (
        "## What you will learn",
        "**Prerequisites**",
        "**Time**",
        "**Contents**",
        "## Recap",
        "## Further reading",
    ):
        assert heading in text, f"missing section {heading!r}"


@pytest.fixture(params=CHAPTERS, ids=[nb.name for nb in CHAPTERS])
def chapter(request: pytest.FixtureRequest) -> dict:
    return json.loads(request.param.read_text(encoding="utf-8"))


def test_chapter_credits_its_source_and_has_checked_exercises(chapter: dict) -> None:
    text = markdown(chapter)
    objectives = re.search(r"## What you will learn\n\n((?:- .*\n(?:  .*\n)*)+)", text)
    assert objectives and 3 <= objectives.group(1).count("\n- ") + 1 <= 5, "3 to 5 learning objectives"
    checks = [c for c in code_cells(chapter) if re.search(r"^check_\w+\(", "".join(c["source"]), re.MULTILINE)]
    assert 2 <= len(checks) <= 4, "2 to 4 exercises, each with a check cell calling helpers.exercises"
    assert "../docs/glossary.md#" in text, "link the glossary terms"
    assert re.search(r"\*\*Source\*\*.*\]\(https?://", text), (
        "credit the source with a link: **Source**: [..](https://..)"
    )


STATEFUL_CALLS = {"fit", "train_on_batch", "predict_on_batch"}
RESETS = {"reset_state", "reset_states", "reset_stateful_layers"}


def calls_on_state_from_earlier_cells(source: str) -> list[str]:
    """Models a cell trains (or runs statefully) without building or resetting them first in that cell.

    Re-running such a cell would continue from the weights or state its last run left behind, so its
    result would change. A cell passes if every ``name.fit`` / ``name.train_on_batch`` /
    ``name.predict_on_batch`` at its top level (function bodies are not run by the cell) acts on a
    name the cell assigned before, or comes after a ``reset_state()`` call.
    """
    assigned: set[str] = set()
    reset = False
    offenders = []
    for statement in ast.parse(source).body:
        if isinstance(statement, (ast.FunctionDef, ast.ClassDef)):
            continue
        if (
            isinstance(statement, ast.For)
            and {n.id for n in ast.walk(statement.iter) if isinstance(n, ast.Name)} <= assigned
        ):
            # `for m in models_built_above:` binds m to what this cell built
            assigned |= {n.id for n in ast.walk(statement.target) if isinstance(n, ast.Name)}
        for node in ast.walk(statement):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            owner = node.func.value if isinstance(node.func, ast.Attribute) else None
            if name in STATEFUL_CALLS and isinstance(owner, ast.Name) and owner.id not in assigned and not reset:
                offenders.append(owner.id)
        reset = reset or any(
            isinstance(n, ast.Call) and getattr(n.func, "attr", getattr(n.func, "id", None)) in RESETS
            for n in ast.walk(statement)
        )
        assigned |= {n.id for n in ast.walk(statement) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return offenders


@pytest.mark.parametrize(
    ("source", "offenders"),
    [
        ("m = build()\nm.fit(x, y)", []),
        ("m.fit(x, y)", ["m"]),
        ("def f(m):\n    m.fit(x, y)\nf(build())", []),
        ("layer.reset_state()\nm.predict_on_batch(x)", []),
        ("m.predict_on_batch(x)\nm = build()", ["m"]),
        ("for k in range(3):\n    m.fit(x, y)", ["m"]),
        ("ms = {1: build()}\nfor k, m in ms.items():\n    m.fit(x, y)", []),
        ("for k, m in ms.items():\n    m.fit(x, y)", ["m"]),
    ],
)
def test_the_rerun_rule_itself(source, offenders):
    assert calls_on_state_from_earlier_cells(source) == offenders


def test_rerunning_a_cell_gives_the_same_result(notebook: dict) -> None:
    """A learner re-runs cells: every cell that trains builds (or resets) its model itself."""
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code" and "".join(cell["source"]).strip():
            offenders = calls_on_state_from_earlier_cells("".join(cell["source"]))
            assert not offenders, f"cell {index} trains {offenders} built in another cell: build or reset it here"


# A figure with a unit in the prose: 71.5 s, 140 ms, 16×, 8x, 99 %, 15 minutes (not "30 minutes to read").
PROSE_FIGURE = re.compile(
    r"(?<![\w.,])(\d[\d,]*(?:\.\d+)?)\s?(%|×(?!\s?\d)|x(?!\w)|ms(?!\w)|s(?!\w)|seconds(?!\w)|minutes(?!\w| to read))"
)
# A quoted figure is inside a Markdown link to where it comes from: [24 s against 1.5 s](../benchmarks/bench_01...).
MARKDOWN_LINK_TEXT = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)")
# A threshold the notebook asserts is a claim, not a measurement: "at least 99 %".
THRESHOLD = re.compile(r"(at least|at most|above|below|more than|less than|under|over|≥|≤|>=|<=)\s*$", re.IGNORECASE)


def unbacked_prose_figures(markdown_cells: list[str], outputs: str) -> list[str]:
    """Figures stated in the prose that the notebook's outputs do not show, unless quoted or a threshold."""
    found = []
    for text in markdown_cells:
        links = [(m.start(), m.end()) for m in MARKDOWN_LINK_TEXT.finditer(text)]
        for match in PROSE_FIGURE.finditer(text):
            if any(start <= match.start() < end for start, end in links):
                continue
            if THRESHOLD.search(text[max(0, match.start() - 12) : match.start()]):
                continue
            if re.search(r"(?<![\d.,])" + re.escape(match.group(1)) + r"(?!\d|[.,]\d)", outputs):
                continue
            found.append(" ".join(text[max(0, match.start() - 50) : match.end() + 10].split()))
    return found


@pytest.mark.parametrize(
    ("prose", "outputs", "found"),
    [
        ("it takes 71.5 s here", "", ["it takes 71.5 s here"]),
        ("it takes 71.5 s here", "took ≈71.5 s", []),
        ("[71.5 s in the benchmark](../benchmarks/b.py)", "", []),
        ("at least 99 % of the windows", "", []),
        ("about 30 minutes to read", "", []),
        ("a (179 × 512) matrix, 3 steps", "", []),
        ("16× faster", "ratio: 16.4x", ["16× faster"]),
    ],
)
def test_the_prose_figure_rule_itself(prose, outputs, found):
    assert [f.split(" ")[0] for f in unbacked_prose_figures([prose], outputs)] == [f.split(" ")[0] for f in found]


def test_prose_states_only_figures_the_notebook_prints_or_quotes(notebook: dict) -> None:
    """Markdown never hard-codes a figure from another run: a figure with a unit (%, ×/x, s, ms, seconds, minutes)
    must appear in the notebook's own outputs, be a threshold it asserts ("at least 99 %"), or be quoted as a
    link to where it comes from (a benchmark script, the source, a paper)."""
    texts = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    outputs = "\n".join(
        "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
        for c in notebook["cells"]
        for o in c.get("outputs", [])
    )
    assert not unbacked_prose_figures(texts, outputs)
