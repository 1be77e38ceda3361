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


def test_phases_run_lanes_together_print_whole_time_each_and_stop_on_the_first_failure(capsys):
    import course

    ok = ("one", [sys.executable, "-c", "import os; print('lane', os.environ['LANE'])"], {"LANE": "one"})
    failing = ("two", [sys.executable, "-c", "import sys; print('lane', 'two'); sys.exit(3)"], {})
    never = ("never", [sys.executable, "-c", "print('not run')"], {})
    phases = course.Phases()
    assert phases.together([ok], [failing, never]) == 3  # a failure ends its own lane
    printed = capsys.readouterr().out
    assert printed.index("lane one") < printed.index("lane two") and "not run" not in printed
    try:
        phases.finish("the table")
    except SystemExit as stop:
        assert stop.code == 3
    else:
        raise AssertionError("a failing lane must stop the run")
    table = capsys.readouterr().out.split("the table\n")[1].splitlines()
    assert [line.split()[0] for line in table] == ["one", "two"] and table[1].endswith("FAILED (exit 3)")
    passing = course.Phases()
    assert passing.together([ok]) == 0 and passing.timed("three", sys.executable, "-c", "pass") == 0
    passing.finish("all passed")  # every phase passing: no exit
    assert capsys.readouterr().out.count("passed") == 3
