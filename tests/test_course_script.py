"""The route without `make`: every Makefile target is a command of tools/course.py, which needs only Python."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def makefile_targets() -> dict[str, str]:
    """target -> its recipe (the one line under it) for every documented target of the Makefile."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    return {
        match.group(1): lines[i + 1].strip()
        for i, line in enumerate(lines)
        if (match := re.match(r"^([a-z]+):.*## ", line))
    }


def test_every_make_target_runs_the_script_of_the_same_name():
    targets = makefile_targets()
    assert {"lab", "test", "check", "execute", "benchmark", "stamp", "install"} <= set(targets)
    for target, recipe in targets.items():
        assert recipe.startswith(f"$(PYTHON) tools/course.py {target}"), f"make {target} runs {recipe!r}"


def test_the_script_runs_on_the_standard_library_alone():
    # -I: isolated mode, no site-packages of this environment, as on a fresh machine before .venv exists.
    result = subprocess.run(
        [sys.executable, "-I", "tools/course.py", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    for command in ("lab", "check", "test", "execute"):
        assert command in result.stdout


def test_readme_shows_the_route_without_make():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("tools/course.py lab", "tools/course.py check", "tools/course.py test"):
        assert command in readme


def test_phases_run_jobs_in_parallel_print_each_whole_sum_each_phase_and_report_a_failure(capsys):
    import course

    jobs = [
        ("one", [sys.executable, "-c", "import os; print('job', os.environ['JOB'])"], {"JOB": "a"}),
        ("two", [sys.executable, "-c", "import sys; print('job', 'b'); sys.exit(3)"], {}),
        ("one", [sys.executable, "-c", "print('job', 'c')"], {}),  # runs although job b failed
    ]
    phases = course.Phases()
    assert phases.parallel(jobs, workers=2) == 3
    printed = capsys.readouterr().out
    assert printed.index("job a") < printed.index("job b") < printed.index("job c")  # in the list's order
    try:
        phases.finish("the table")
    except SystemExit as stop:
        assert stop.code == 3
    else:
        raise AssertionError("a failing job must fail the run")
    table = capsys.readouterr().out.split("the table\n")[1].splitlines()
    assert [line.split()[:2] for line in table] == [["one", "(2"], ["two", "(1"], ["the", "jobs"]]
    assert table[1].endswith("FAILED (exit 3)") and table[0].endswith("passed") and "wall clock" in table[2]
    passing = course.Phases()
    assert passing.parallel(jobs[:1], workers=1) == 0 and passing.timed("three", sys.executable, "-c", "pass") == 0
    passing.finish("all passed")  # every phase passing: no exit
    assert capsys.readouterr().out.count("passed") == 4


def test_the_longest_notebooks_are_started_first(tmp_path, monkeypatch):
    import course

    results = tmp_path / "results.json"
    results.write_text('{"notebooks": {"01": 20, "02": 90}}', encoding="utf-8")
    monkeypatch.setattr(course, "RESULTS", results)
    names = ["01_a.ipynb", "02_b.ipynb", "03_new.ipynb"]
    assert course.longest_first([Path(n) for n in names]) == [
        Path("02_b.ipynb"), Path("03_new.ipynb"), Path("01_a.ipynb")
    ]  # fmt: skip
