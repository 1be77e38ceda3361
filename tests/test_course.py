import json
from pathlib import Path

import nbformat
import pytest

import helpers.course
from helpers.course import CHAPTERS, Chapter, plot_course_map

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_every_chapter_has_its_notebook_and_every_notebook_its_chapter():
    chapters = {c.notebook for c in CHAPTERS}
    notebooks = {p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")} - {"00_course_map.ipynb"}
    assert chapters == notebooks


def test_the_committed_course_map_prints_the_recorded_run_times():
    """The course map's output is compared by nbval: a chapter re-timed without re-running 00 fails CI late."""
    course_map = nbformat.read(NOTEBOOKS / "00_course_map.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in course_map.cells if c.cell_type == "code" for o in c.outputs)
    total = sum(c.run_seconds for c in CHAPTERS)
    assert f"minutes to read, {total} seconds to run" in printed, "run: make execute NB=notebooks/00_course_map.ipynb"


def test_chapters_build_only_on_earlier_chapters():
    seen: set[str] = set()
    for c in CHAPTERS:
        assert set(c.builds_on) <= seen, c.number
        seen.add(c.number)


def test_course_map_draws_one_box_per_chapter_and_one_arrow_per_dependency():
    fig = plot_course_map()
    (ax,) = fig.axes
    boxes = [t for t in ax.texts if t.get_bbox_patch() is not None]
    assert [t.get_text().split("\n")[0] for t in boxes] == [c.number for c in CHAPTERS]
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert len(arrows) == sum(len(c.builds_on) for c in CHAPTERS) >= 5


def test_course_map_refuses_unknown_dependencies_and_empty_input():
    with pytest.raises(ValueError, match="^chapters must hold at least one Chapter"):
        plot_course_map(())
    orphan = Chapter("02", "x", "x", "x", ("01",))
    with pytest.raises(ValueError, match="^chapter 02 builds on '01', which is not in chapters"):
        plot_course_map((orphan,))


def test_record_seed_study_stores_min_median_max_and_seeds(tmp_path, monkeypatch):
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"notebooks": {}}), encoding="utf-8")
    monkeypatch.setattr(helpers.course, "RESULTS", results)
    helpers.course.record_seed_study("09", {"b": [3.0, 1.0, 2.0], "a": [0.5]})
    stored = json.loads(results.read_text(encoding="utf-8"))["seeds"]["09"]
    assert list(stored) == ["a", "b"]
    assert stored["b"] == {"min": 1.0, "median": 2.0, "max": 3.0, "seeds": [3.0, 1.0, 2.0]}
    assert helpers.course.seed_range("09", "b") == (1.0, 3.0)
    assert helpers.course.seed_summary("09", "b") == (1.0, 2.0, 3.0)
    assert helpers.course.seed_values("09", "b") == [3.0, 1.0, 2.0]
    with pytest.raises(TypeError, match="results"):
        helpers.course.record_seed_study("09", {"a": [True]})
    with pytest.raises(ValueError, match="claim"):
        helpers.course.seed_range("09", "c")
    table = helpers.course.seed_table("09", {"the b claim": "b"}).splitlines()
    assert table[0].split() == ["min", "median", "max"]
    assert table[1].split() == ["the", "b", "claim", "1.000", "2.000", "3.000"]
    assert helpers.course.seed_table("09", {"b": "b"}, fmt=".1e").splitlines()[1].split() == [
        "b",
        "1.0e+00",
        "2.0e+00",
        "3.0e+00",
    ]
    with pytest.raises(ValueError, match="fmt"):
        helpers.course.seed_table("09", {"b": "b"}, fmt="?")
    with pytest.raises(ValueError, match="claim"):
        helpers.course.seed_table("09", {"x": "c"})
    with pytest.raises(TypeError, match="rows"):
        helpers.course.seed_table("09", {})


def test_reading_minutes_follow_the_one_rule(tmp_path):
    """200 words of prose, 15 code lines (one of them a printed source line) and a 2-minute exercise: 1 + 1 + 2
    minutes, rounded up to 5."""
    import nbformat

    printed = nbformat.v4.new_code_cell("print(inspect.getsource(f))")
    printed.outputs = [nbformat.v4.new_output("stream", text="def f():\n")]
    cells = [
        nbformat.v4.new_markdown_cell("word " * 180 + "**Exercise 1 (2 min).** <!-- not counted --> [a link](x.md)"),
        nbformat.v4.new_code_cell("\n".join(["x = 1"] * 13 + [""])),
        printed,
    ]
    path = tmp_path / "n.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    assert helpers.course.reading_minutes(path) == 5
    many = [nbformat.v4.new_markdown_cell("word " * 1_001)]
    nbformat.write(nbformat.v4.new_notebook(cells=many), path)
    assert helpers.course.reading_minutes(path) == 10


def test_run_seed_study_runs_every_seed_and_records_the_range(tmp_path, monkeypatch, capsys):
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"notebooks": {}}), encoding="utf-8")
    monkeypatch.setattr(helpers.course, "RESULTS", results)
    study = helpers.course.run_seed_study("99", lambda seed: {"square": float(seed**2)}, n_seeds=3)
    assert study == {"square": [1.0, 4.0, 9.0]}
    assert helpers.course.seed_range("99", "square") == (1.0, 9.0)
    assert "seed 3: square 9" in capsys.readouterr().out


def test_run_seed_study_runs_each_seed_again_on_another_backend(tmp_path, monkeypatch):
    """Each seed runs once more in a fresh process of the calling script, with KERAS_BACKEND set; its claims come
    back prefixed with the backend."""
    script = tmp_path / "study.py"
    script.write_text(
        "import os\nimport helpers.course\n"
        "helpers.course.run_seed_study('99', lambda seed: {'seed': float(seed), "
        "'jax': float(os.environ.get('KERAS_BACKEND') == 'jax')})\n",
        encoding="utf-8",
    )
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"notebooks": {}}), encoding="utf-8")
    monkeypatch.setattr(helpers.course, "RESULTS", results)
    monkeypatch.setattr("sys.argv", [str(script)])
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    study = helpers.course.run_seed_study("99", lambda seed: {"seed": float(seed), "jax": 0.0}, 2, backends=("jax",))
    assert study == {"seed": [1.0, 2.0], "jax": [0.0, 0.0], "jax: seed": [1.0, 2.0], "jax: jax": [1.0, 1.0]}
    assert json.loads(results.read_text(encoding="utf-8"))["seeds"]["99"]["jax: seed"]["max"] == 2.0
