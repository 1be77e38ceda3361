"""Launchers: Binder configuration, Colab/Binder badges, the Colab set-up cell and navigation links.

What only mybinder.org and Colab can verify (their builds, their runtimes) is out of reach here; this file checks
everything about them that the repository decides. tests/test_binder_build.py builds the Binder environment.
"""

import contextlib
import importlib.util
import io
import json
import re
import shutil
import subprocess
import sys
import tomllib
import types
from pathlib import Path
from urllib.parse import urlsplit

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
ROOT_ONLY = {"pytest", "nbval", "nbformat", "ruff", "playwright"}  # test tools; learners on Binder need none

# Python versions with Linux x86_64 wheels of each pinned TensorFlow, checked against PyPI with
# `pip install --dry-run --no-deps --only-binary=:all: --python-version X.Y --platform manylinux_2_27_x86_64 ...`
# (2.21.0: cp310-cp313 for tensorflow and tensorflow-cpu; none for 3.14). Bumping TensorFlow fails this test
# until the new version is checked the same way and added here.
TENSORFLOW_WHEELS = {
    ("tensorflow", "2.21.0"): {"3.10", "3.11", "3.12", "3.13"},
    ("tensorflow-cpu", "2.21.0"): {"3.10", "3.11", "3.12", "3.13"},
}

MARKDOWN_LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)\)")
BADGE_LINK = re.compile(r"\[!\[([^\]]+)\]\(([^)]+)\)\]\(([^)]+)\)")


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


def test_runtime_python_has_wheels_for_pinned_tensorflow() -> None:
    runtime = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(3\.\d+)", runtime)
    assert match, f"runtime.txt must read python-3.X, not {runtime!r}"
    python = match.group(1)
    for name, version in pins(BINDER / "requirements.txt").items() | pins(ROOT / "requirements.txt").items():
        if name.startswith("tensorflow"):
            supported = TENSORFLOW_WHEELS.get((name, version))
            assert supported is not None, f"check which Pythons have {name}=={version} wheels and list them here"
            assert python in supported, f"{name}=={version} has no wheel for Python {python}"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    low, high = re.fullmatch(r">=(3\.\d+),<(3\.\d+)", requires).groups()
    as_tuple = lambda v: tuple(map(int, v.split(".")))  # noqa: E731
    assert as_tuple(low) <= as_tuple(python) < as_tuple(high), f"Python {python} is outside {requires}"


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
    assert result.returncode == 0, "run `make stamp`, then re-execute the notebooks it lists:\n" + result.stdout


def test_stamping_is_idempotent(tmp_path: Path) -> None:
    """Stamping a stamped copy changes nothing; stamping a bare copy gives the committed notebook back."""
    for part in ("notebooks", "tools"):
        (tmp_path / part).mkdir()
    for path in NOTEBOOKS:
        nb = notebook(path)
        nb["cells"] = [c for c in nb["cells"] if not {"colab-setup", "nav-footer"} & set(stamp._tags(c))]
        first = "".join(nb["cells"][0]["source"])
        block = re.escape(stamp.BADGES_START) + ".*?" + re.escape(stamp.BADGES_END) + r"\n*"
        first = re.sub(block, "", first, flags=re.DOTALL)
        nb["cells"][0]["source"] = stamp._lines(first)
        (tmp_path / "notebooks" / path.name).write_text(stamp.dumps(nb), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    (tmp_path / "README.md").write_text((ROOT / "README.md").read_text())
    assert stamp.main(["--root", str(tmp_path)]) == 0
    once = {p.name: p.read_text() for p in (tmp_path / "notebooks").iterdir()}
    assert stamp.main(["--root", str(tmp_path), "--check"]) == 0
    assert stamp.main(["--root", str(tmp_path)]) == 0
    assert {p.name: p.read_text() for p in (tmp_path / "notebooks").iterdir()} == once
    for path in NOTEBOOKS:
        stamped, committed = notebook(tmp_path / "notebooks" / path.name), notebook(path)
        assert [c["source"] for c in stamped["cells"]] == [c["source"] for c in committed["cells"]]


def test_setup_cell_comes_first_and_footer_last() -> None:
    for path in NOTEBOOKS:
        cells = notebook(path)["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        assert "colab-setup" in stamp._tags(code[0]), f"{path.name}: the Colab set-up cell must be the first code cell"
        assert "nav-footer" in stamp._tags(cells[-1]), f"{path.name}: the navigation footer must be the last cell"
        assert code[0]["outputs"] == [], f"{path.name}: off Colab the set-up cell must print nothing"


def run_setup_cell(source: str, monkeypatch: pytest.MonkeyPatch, on_colab: bool) -> tuple[str, list[list[str]]]:
    """Execute the set-up cell's code, with Colab faked or not, recording (not running) its commands."""
    commands: list[list[str]] = []

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
def test_setup_cell_on_colab_clones_installs_without_deps_and_says_so(
    gpu: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed, commands = run_setup_cell(stamp.setup_source(COURSE, gpu), monkeypatch, on_colab=True)
    clone, pip = commands[0], commands[1]
    assert clone[:2] == ["git", "clone"] and f"--branch={COURSE.branch}" in clone
    assert f"https://github.com/{COURSE.github}.git" in clone
    assert pip[1:4] == ["-m", "pip", "install"] and "--no-deps" in pip, "Colab's TensorFlow must never be replaced"
    assert "Colab set-up: course cloned" in printed and "--no-deps" in printed
    # Without a GPU, a GPU notebook must give the hint, and only a GPU notebook.
    assert ("No GPU: a GPU can speed up this notebook" in printed) == gpu


def test_the_course_package_has_no_dependencies_colab_could_replace() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not project.get("dependencies"), "keep helpers dependency-free: Colab installs it with --no-deps"


def test_badges_are_well_formed() -> None:
    colab = f"https://colab.research.google.com/github/{COURSE.github}/blob/{COURSE.branch}/"
    binder = f"https://mybinder.org/v2/gh/{COURSE.github}/{COURSE.branch}?urlpath=lab/tree/"
    for path in NOTEBOOKS:
        first = "".join(notebook(path)["cells"][0]["source"])
        badges = {alt: (image, url) for alt, image, url in BADGE_LINK.findall(first)}
        assert set(badges) >= {"Open In Colab", "Launch Binder"}, path.name
        assert badges["Open In Colab"] == (stamp.COLAB_BADGE, f"{colab}notebooks/{path.name}")
        assert badges["Launch Binder"] == (stamp.BINDER_BADGE, f"{binder}notebooks/{path.name}")
    readme = (ROOT / "README.md").read_text()
    targets = [url for _alt, _image, url in BADGE_LINK.findall(readme)]
    assert f"{binder}notebooks" in targets, "the README needs a course-level Launch Binder badge"
    for path in NOTEBOOKS:
        assert f"{colab}notebooks/{path.name}" in targets and f"{binder}notebooks/{path.name}" in targets
    for url in targets:
        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.netloc in {"colab.research.google.com", "mybinder.org"}, url
        assert re.fullmatch(r"[A-Za-z0-9_./:?=-]+", url), f"unexpected characters (would need encoding): {url}"
        target = url.split("?urlpath=lab/tree/")[-1] if "mybinder" in url else url.split(f"/{COURSE.branch}/", 1)[1]
        assert (ROOT / target).exists(), f"{url} points to {target}, which does not exist"


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


def test_footer_links_chain_the_notebooks_in_order() -> None:
    course_map = "00_course_map.ipynb"
    chapters = [p.name for p in NOTEBOOKS if p.name != course_map]
    middle = course_map if (ROOT / "notebooks" / course_map).exists() else "../README.md#course-map"
    for path in NOTEBOOKS:
        links = MARKDOWN_LINK.findall("".join(notebook(path)["cells"][-1]["source"]))
        if path.name == course_map:
            assert links == ["../README.md#course-map", *chapters[:1]], f"{path.name}: footer links {links}"
            continue
        i = chapters.index(path.name)
        assert links == [*chapters[max(i - 1, 0) : i], middle, *chapters[i + 1 : i + 2]], f"{path.name}: {links}"


def test_no_hand_written_navigation_besides_the_footer() -> None:
    for path in NOTEBOOKS:
        assert stamp.hand_written_nav(notebook(path)) == [], f"{path.name}: the footer replaces these lines"


def test_stamp_script_passes_ruff() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "tools"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
