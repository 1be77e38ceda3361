"""Launchers: Binder configuration, Colab/Binder badges, the Colab set-up cell and navigation links.

What only mybinder.org and Colab can verify (their builds, their runtimes) is out of reach here; this file checks
everything about them that the repository decides. tests/test_binder_build.py builds the Binder environment.
"""

import contextlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

spec = importlib.util.spec_from_file_location("stamp_notebooks", ROOT / "tools" / "stamp_notebooks.py")
stamp = sys.modules.setdefault("stamp_notebooks", importlib.util.module_from_spec(spec))
spec.loader.exec_module(stamp)
COURSE = stamp.load_course(ROOT)

# Deliberate differences between binder/requirements.txt and the root requirements.txt.
BINDER_REPLACES = {"tensorflow": "tensorflow-cpu"}  # CPU-only Binder: half the wheel, same Keras
# test tools; learners on Binder need none
ROOT_ONLY = {"pytest", "nbval", "nbformat", "nbclient", "ruff", "playwright"}
ROOT_ONLY |= {"jax", "jaxlib"}  # the JAX test lane (make check BACKEND=jax); Binder runs TensorFlow


MARKDOWN_LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)\)")


def pins(path: Path) -> dict[str, str]:
    """name -> version for every `name==version` line of a requirements file."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if match := re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s;]+)", line):
            found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def markdown_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        return "\n".join("".join(c["source"]) for c in notebook(path)["cells"] if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


# --- Binder ---------------------------------------------------------------------------------------------------


def test_binder_pins_match_root_except_listed_differences() -> None:
    root, binder = pins(ROOT / "requirements.txt"), pins(BINDER / "requirements.txt")
    for name, replacement in BINDER_REPLACES.items():
        assert name not in binder, f"binder/ should use {replacement} instead of {name}"
        assert binder.get(replacement) == root[name], f"{replacement} must be pinned like {name}=={root[name]}"
    expected = {n: v for n, v in root.items() if n not in ROOT_ONLY and n not in BINDER_REPLACES}
    expected |= {BINDER_REPLACES[n]: root[n] for n in BINDER_REPLACES}
    assert binder == expected, "binder/requirements.txt and requirements.txt disagree beyond the listed differences"


def test_binder_installs_the_helpers_package() -> None:
    lines = [line.split("#", 1)[0].strip() for line in (BINDER / "requirements.txt").read_text().splitlines()]
    assert "-e ." in lines, "without the helpers package the notebooks cannot import `helpers` on Binder"


def test_binder_folder_is_complete_and_unambiguous() -> None:
    names = {p.name for p in BINDER.iterdir()}
    assert {"runtime.txt", "requirements.txt"} <= names
    # repo2docker would prefer these over requirements.txt, or they would need a conda/R/Julia build.
    assert not names & {"environment.yml", "Pipfile", "Pipfile.lock", "setup.py", "Project.toml", "install.R"}
    for script in ("postBuild", "start"):
        path = BINDER / script
        if path.exists():
            assert path.stat().st_mode & 0o111, f"binder/{script} must be executable"
            assert path.read_text().startswith("#!/bin/bash\n"), f"binder/{script} needs a shebang"
    if (BINDER / "start").exists():
        assert 'exec "$@"' in (BINDER / "start").read_text(), "binder/start must end by running its arguments"


# --- stamp: badges, Colab set-up cell, footer -----------------------------------------------------------------


def test_every_notebook_and_the_readme_match_the_stamp() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "stamp_notebooks.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_stamping_is_idempotent(tmp_path: Path) -> None:
    """Stamping a stamped copy changes nothing; stamping a bare copy gives the committed notebook back."""
    for part in ("notebooks", "benchmarks", "docs"):
        (tmp_path / part).mkdir()
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        stamped_tags = {"colab-setup", "nav-footer", "cell-time"}
        nb.cells = [c for c in nb.cells if not stamped_tags & set(c.metadata.get("tags", []))]
        block = re.escape(stamp.BADGES_START) + ".*?" + re.escape(stamp.BADGES_END) + r"\n*"
        nb.cells[0].source = re.sub(block, "", nb.cells[0].source, flags=re.DOTALL)
        nbformat.write(nb, tmp_path / "notebooks" / path.name)
    for name in ("pyproject.toml", "README.md", "docs/instructor.md", "benchmarks/results.json"):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    assert stamp.main(["--root", str(tmp_path)]) == 0
    once = {p.name: p.read_text() for p in (tmp_path / "notebooks").iterdir()}
    assert stamp.main(["--root", str(tmp_path), "--check"]) == 0
    assert stamp.main(["--root", str(tmp_path)]) == 0
    assert {p.name: p.read_text() for p in (tmp_path / "notebooks").iterdir()} == once
    for path in NOTEBOOKS:
        stamped, committed = notebook(tmp_path / "notebooks" / path.name), notebook(path)
        assert [c["source"] for c in stamped["cells"]] == [c["source"] for c in committed["cells"]]


def run_setup_cell(
    source: str, monkeypatch: pytest.MonkeyPatch, on_colab: bool, cloned: bool = False
) -> tuple[str, list[list[str]]]:
    """Execute the set-up cell's code, with Colab faked or not, recording (not running) its commands.

    ``cloned`` says whether ``/content/<course>`` exists: the cell's directory probe is answered by the test, never
    by this machine's file system (a stray ``/content`` here must not change the result).
    """
    commands: list[list[str]] = []
    real_isdir = os.path.isdir
    monkeypatch.setattr(os.path, "isdir", lambda p: cloned if str(p).startswith("/content") else real_isdir(p))

    def fake_run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess:
        commands.append([str(c) for c in cmd])
        return subprocess.CompletedProcess(cmd, 0, stdout="", stderr="")

    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.setattr(shutil, "which", lambda _name: None)  # no GPU driver, as on a CPU-only runtime
    monkeypatch.setattr(sys, "path", list(sys.path))
    if on_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "colab-setup", "exec"), {})
    return out.getvalue(), commands


@pytest.mark.parametrize("gpu", [False, True], ids=["cpu-notebook", "gpu-notebook"])
def test_setup_cell_is_silent_off_colab(gpu: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    printed, commands = run_setup_cell(stamp.setup_source(COURSE, gpu), monkeypatch, on_colab=False)
    assert printed == "" and commands == []


@pytest.mark.parametrize("gpu", [False, True], ids=["cpu-notebook", "gpu-notebook"])
@pytest.mark.parametrize("cloned", [False, True], ids=["fresh-runtime", "already-cloned"])
def test_setup_cell_on_colab_clones_puts_the_course_on_the_path_and_says_so_in_one_line(
    gpu: bool, cloned: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed, commands = run_setup_cell(stamp.setup_source(COURSE, gpu), monkeypatch, on_colab=True, cloned=cloned)
    if cloned:  # a second run in the same runtime: nothing to fetch
        assert commands == []
    else:
        (clone,) = commands  # nothing but the clone: no pip, so Colab's TensorFlow is never touched
        assert clone[:2] == ["git", "clone"] and f"--branch={COURSE.branch}" in clone
        assert f"https://github.com/{COURSE.github}.git" in clone
    assert sys.path[0] == f"/content/{COURSE.github.split('/')[1]}"
    lines = printed.splitlines()
    assert lines[0].startswith("Colab set-up: the course's helpers are importable from /content/")
    # Without a GPU, a GPU notebook adds the hint as a second line, and only a GPU notebook.
    assert len(lines) == 1 + gpu and ("No GPU: a GPU can speed up this notebook" in printed) == gpu


def test_setup_cell_tests_ignore_a_stray_content_directory_on_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a machine where /content/<course> exists (every directory exists, here), the fresh runtime still clones."""
    monkeypatch.setattr(os.path, "isdir", lambda _path: True)
    printed, commands = run_setup_cell(stamp.setup_source(COURSE, False), monkeypatch, on_colab=True)
    assert [c[:2] for c in commands] == [["git", "clone"]] and printed.startswith("Colab set-up:")


def test_the_course_package_has_no_dependencies_colab_could_replace() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    message = "keep helpers dependency-free: on Colab it is imported from its clone, with Colab's own packages"
    assert not project.get("dependencies"), message


# --- links -----------------------------------------------------------------------------------------------------


def documents() -> list[Path]:
    return [ROOT / "README.md", *NOTEBOOKS, *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("document", documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(document: Path) -> None:
    text = re.sub(r"```.*?```|`[^`\n]*`", "", markdown_of(document), flags=re.DOTALL)
    for target in MARKDOWN_LINK.findall(text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        file, _, anchor = target.partition("#")
        resolved = (document.parent / file).resolve()
        assert resolved.exists(), f"{document.name}: link {target} points to a missing file"
        if anchor and resolved.suffix == ".md":
            headings = re.findall(r"^#+\s+(.*)$", resolved.read_text(encoding="utf-8"), flags=re.MULTILINE)
            explicit = re.findall(r'<a (?:name|id)="([^"]+)"', resolved.read_text(encoding="utf-8"))
            assert anchor in {github_slug(h) for h in headings} | set(explicit), f"{document.name}: {target}"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(3, "about 5 s"), (12, "about 10 s"), (53, "about 55 s"), (95, "about 1.5 minutes"), (150, "about 2.5 minutes")],
)
def test_a_long_cell_is_announced_roughly(seconds: float, text: str) -> None:
    assert stamp.about(seconds) == text


def test_stamp_announces_long_cells_only_and_follows_new_times() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 99 · Title\n\nIntro", id="title"),
        nbformat.v4.new_code_cell("train()", id="train"),
        nbformat.v4.new_code_cell("print(1)", id="short"),
    ]
    stamp.stamp_notebook(nb, "99_x.ipynb", COURSE, "footer", {"train": 40, "short": 2})
    tags = [c.metadata.get("tags", [None])[0] for c in nb.cells]
    assert tags == [None, "colab-setup", "cell-time", None, None, "nav-footer"]
    assert "about 40 s" in nb.cells[2].source and nb.cells[3].id == "train"
    again = nbformat.writes(nb)
    stamp.stamp_notebook(nb, "99_x.ipynb", COURSE, "footer", {"train": 40, "short": 2})
    assert nbformat.writes(nb) == again, "stamping twice changes nothing"
    stamp.stamp_notebook(nb, "99_x.ipynb", COURSE, "footer", {"train": 4, "short": 70})
    assert [c.id for c in nb.cells if "cell-time" in c.metadata.get("tags", [])] == ["time-short"]
    assert stamp.unrecorded_cells(nb, {"train": 4, "gone": 1}) == [
        "2 code cells have no recorded time (colab-setup, short...)",
        "results.json times 1 cells that are gone (gone...)",
    ]


def test_every_announced_cell_time_sits_above_a_code_cell() -> None:
    for path in NOTEBOOKS:
        cells = nbformat.read(path, as_version=4).cells
        for i, cell in enumerate(cells):
            if "cell-time" in cell.metadata.get("tags", []):
                assert cells[i + 1].cell_type == "code" and cell.id == f"time-{cells[i + 1].id}", (path.name, i)


def test_the_time_paragraph_comes_from_the_course_figures() -> None:
    results = {"notebooks": {"00": 2, "01": 40, "02": 100}}
    chapter = stamp.time_paragraph("01", results)
    assert chapter.startswith("**Time**: about ") and "[about 40 s on the course's 2-core test machine]" in chapter
    assert "[about 2.5 minutes of computing" in stamp.time_paragraph("00", results)
