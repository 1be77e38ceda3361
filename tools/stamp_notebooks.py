#!/usr/bin/env python3
"""Stamp the course's launch badges, Colab set-up cell and navigation footer from one setting.

The setting is the ``[tool.course]`` table of ``pyproject.toml``::

    github = "owner/repo"        # where the course is published
    branch = "main"              # the branch learners open
    gpu_notebooks = ["05"]       # notebooks whose training is worth a GPU

For every ``notebooks/NN_*.ipynb`` the script writes

1. a badges line (Open in Colab, Launch Binder at that notebook in JupyterLab) right under the title of the
   first markdown cell, between ``<!-- stamp:badges:start -->`` and ``<!-- stamp:badges:end -->``;
2. a first code cell tagged ``colab-setup`` that, on Colab only, clones the course at the branch and installs
   its ``helpers`` package with ``--no-deps`` (Colab's own TensorFlow is never touched); elsewhere it prints
   nothing. GPU notebooks also get a GPU check with a hint, on Colab only;
3. a last markdown cell tagged ``nav-footer``: previous chapter | course map | next chapter (the course map is
   ``00_course_map.ipynb`` if it exists, else the README's course map).

It also fills the README's ``stamp:*`` blocks (course-level Binder badge, per-notebook launch table).

Usage::

    python tools/stamp_notebooks.py           # stamp in place; lists notebooks that must be re-executed
    python tools/stamp_notebooks.py notebooks/01_timedistributed.ipynb   # only this notebook (and README.md)
    python tools/stamp_notebooks.py --check   # change nothing; exit 1 listing the files that disagree

Stamping is idempotent: an unchanged set-up cell keeps its outputs and execution count, so only notebooks
whose code cells changed need re-executing (restart, run all, save).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
COURSE_MAP_NOTEBOOK = "00_course_map.ipynb"

SETUP_TAG = "colab-setup"
FOOTER_TAG = "nav-footer"
BADGES_START, BADGES_END = "<!-- stamp:badges:start -->", "<!-- stamp:badges:end -->"
README_BLOCKS = ("badges", "launch")

COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"

# A hand-written "Next: [02 ...](02_x.ipynb)" line that the footer now replaces.
HAND_NAV = re.compile(r"^\s*(\*\*)?(next|previous|prev)\b[^\n]*\]\(\d\d_[^)]*\.ipynb\)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Course:
    """The published location of the course: ``github`` is ``owner/repo``."""

    github: str
    branch: str
    gpu_notebooks: tuple[str, ...] = ()

    @property
    def repo_name(self) -> str:
        return self.github.split("/")[1]

    @property
    def clone_url(self) -> str:
        return f"https://github.com/{self.github}.git"


def load_course(root: Path = ROOT) -> Course:
    """Read ``[tool.course]`` from ``root/pyproject.toml``; raise ValueError if it is missing or malformed."""
    with open(root / "pyproject.toml", "rb") as f:
        table = tomllib.load(f).get("tool", {}).get("course")
    if not isinstance(table, dict):
        raise ValueError("pyproject.toml has no [tool.course] table")
    github, branch = table.get("github"), table.get("branch")
    if not isinstance(github, str) or not re.fullmatch(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+", github):
        raise ValueError(f"[tool.course] github must be 'owner/repo', got {github!r}")
    if not isinstance(branch, str) or not re.fullmatch(r"[A-Za-z0-9._/-]+", branch):
        raise ValueError(f"[tool.course] branch must be a branch name, got {branch!r}")
    gpu = table.get("gpu_notebooks", [])
    if not isinstance(gpu, list) or not all(isinstance(n, str) and re.fullmatch(r"\d\d", n) for n in gpu):
        raise ValueError(f"[tool.course] gpu_notebooks must be a list of two-digit strings, got {gpu!r}")
    return Course(github=github, branch=branch, gpu_notebooks=tuple(gpu))


# --- URLs -------------------------------------------------------------------------------------------------


def colab_url(course: Course, path: str) -> str:
    """Open ``path`` (a notebook, relative to the repository root) in Colab, from GitHub at the branch."""
    return f"https://colab.research.google.com/github/{course.github}/blob/{course.branch}/{path}"


def binder_url(course: Course, path: str) -> str:
    """Build the repository on mybinder.org and open JupyterLab at ``path`` (a file or a folder)."""
    return f"https://mybinder.org/v2/gh/{course.github}/{course.branch}?urlpath=lab/tree/{path}"


def colab_badge(course: Course, path: str) -> str:
    return f"[![Open In Colab]({COLAB_BADGE})]({colab_url(course, path)})"


def binder_badge(course: Course, path: str) -> str:
    return f"[![Launch Binder]({BINDER_BADGE})]({binder_url(course, path)})"


# --- notebook parts ---------------------------------------------------------------------------------------


def title_of(notebook: dict) -> str:
    """The text of the first ``# `` heading of the first cell (e.g. ``01 · One-to-one ...``)."""
    for line in "".join(notebook["cells"][0]["source"]).splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError("the first cell has no '# ' title line")


def badges_block(course: Course, path: str, gpu: bool) -> str:
    lines = [BADGES_START, f"{colab_badge(course, path)} {binder_badge(course, path)}"]
    if gpu:
        lines.append(
            "*A GPU can speed up this notebook's training: on Colab, choose **Runtime › Change runtime type › GPU** "
            "before you run it. It runs on a CPU too.*"
        )
    lines.append(BADGES_END)
    return "\n".join(lines)


def setup_source(course: Course, gpu: bool) -> str:
    """The Colab set-up cell. Off Colab it only imports ``sys`` and prints nothing."""
    folder = f"/content/{course.repo_name}"
    lines = [
        "# @title Colab set-up: gets this course's `helpers` package (on your machine or on Binder it does nothing)",
        "import sys",
        "",
        'if "google.colab" in sys.modules:',
        *(["    import shutil"] if gpu else []),
        "    import subprocess",
        "    from importlib.metadata import version",
        "    from pathlib import Path",
        "",
        f'    course, action = Path("{folder}"), "found"',
        "    if not course.exists():",
        f'        url, action = "{course.clone_url}", "cloned"',
        f'        subprocess.run(["git", "clone", "-q", "--depth=1", "--branch={course.branch}", url, str(course)], check=True)',  # noqa: E501
        "    # --no-deps: never replace Colab's own TensorFlow and Keras (the course needs nothing Colab lacks).",
        '    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "-e", str(course)], check=True)',  # noqa: E501
        "    sys.path.insert(0, str(course))  # importable at once, without restarting the runtime",
        f'    print(f"Colab set-up: course {{action}} in {{course}} (branch {course.branch}), helpers installed "',
        "          f\"with --no-deps; Colab's TensorFlow {version('tensorflow')} kept.\")",
    ]
    if gpu:
        lines += [
            '    query = ["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"]',
            '    gpu = subprocess.run(query, capture_output=True, text=True).stdout.strip() if shutil.which("nvidia-smi") else ""',  # noqa: E501
            '    print(f"GPU: {gpu}; training will use it." if gpu else "No GPU: a GPU can speed up this notebook. "',
            '          "Runtime > Change runtime type > GPU, then run all cells again (the CPU works too).")',  # noqa: E501
        ]
    return "\n".join(lines)


def footer_source(prev: tuple[str, str] | None, course_map: tuple[str, str], nxt: tuple[str, str] | None) -> str:
    """``prev``, ``course_map`` and ``nxt`` are (relative link, text) pairs; ``prev`` and ``nxt`` may be None."""
    parts = []
    if prev:
        parts.append(f"[← {prev[1]}]({prev[0]})")
    parts.append(f"[{course_map[1]}]({course_map[0]})")
    if nxt:
        parts.append(f"[{nxt[1]} →]({nxt[0]})")
    return "---\n\n" + " | ".join(parts)


def _lines(text: str) -> list[str]:
    """Notebook JSON stores a source as a list of lines, each but the last ending in a newline."""
    return text.splitlines(keepends=True)


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def with_badges(first_cell_source: str, block: str) -> str:
    """Put ``block`` right under the title line, replacing any earlier block; one blank line either side."""
    text = re.sub(
        re.escape(BADGES_START) + r".*?" + re.escape(BADGES_END) + r"\n*", "", first_cell_source, flags=re.DOTALL
    )
    lines = text.split("\n")
    title = next(i for i, line in enumerate(lines) if line.startswith("# "))
    head, tail = lines[: title + 1], lines[title + 1 :]
    while tail and not tail[0].strip():
        tail.pop(0)
    return "\n".join([*head, "", block, "", *tail]).rstrip("\n")


def stamp_notebook(notebook: dict, name: str, course: Course, neighbours: dict) -> tuple[dict, bool]:
    """Return the stamped notebook and whether its code cells changed (then it must be re-executed).

    ``neighbours`` has keys ``prev``, ``next`` ((file, title) or None) and ``course_map`` ((link, text)).
    """
    nb = copy.deepcopy(notebook)
    gpu = name[:2] in course.gpu_notebooks
    old_setup = [c for c in nb["cells"] if SETUP_TAG in _tags(c)]
    cells = [c for c in nb["cells"] if SETUP_TAG not in _tags(c) and FOOTER_TAG not in _tags(c)]

    first = cells[0]
    first["source"] = _lines(with_badges("".join(first["source"]), badges_block(course, f"notebooks/{name}", gpu)))

    source = setup_source(course, gpu)
    if len(old_setup) == 1 and "".join(old_setup[0]["source"]) == source:
        setup = old_setup[0]  # unchanged: keep its outputs, execution count and metadata
    else:
        setup = {
            "cell_type": "code",
            "execution_count": None,
            "id": SETUP_TAG,
            # cellView "form": Colab shows the "@title" line and hides the code until asked.
            "metadata": {"cellView": "form", "tags": [SETUP_TAG]},
            "outputs": [],
            "source": _lines(source),
        }
    footer = {
        "cell_type": "markdown",
        "id": FOOTER_TAG,
        "metadata": {"tags": [FOOTER_TAG]},
        "source": _lines(footer_source(neighbours["prev"], neighbours["course_map"], neighbours["next"])),
    }
    if nb.get("nbformat_minor", 0) < 5:
        setup.pop("id", None)
        footer.pop("id", None)
    nb["cells"] = [first, setup, *cells[1:], footer]

    def code(cells: list[dict]) -> list:
        return [(c["source"], c.get("execution_count"), c.get("outputs")) for c in cells if c["cell_type"] == "code"]

    return nb, code(nb["cells"]) != code(notebook["cells"])


def hand_written_nav(notebook: dict) -> list[str]:
    """Lines like 'Next: [02 ...](02_x.ipynb)' outside the footer: the footer replaces them."""
    found = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown" and FOOTER_TAG not in _tags(cell):
            found += [m.group(0).strip() for m in HAND_NAV.finditer("".join(cell["source"]))]
    return found


# --- README ------------------------------------------------------------------------------------------------


def readme_blocks(course: Course, notebooks: dict[str, str]) -> dict[str, str]:
    """The generated content of each README block; ``notebooks`` maps file name to title."""
    badges = f"{binder_badge(course, 'notebooks')} launches the whole course in JupyterLab on mybinder.org."
    rows = [
        "Run a notebook in the cloud, nothing to install: **Colab** (Google account; keeps its own TensorFlow) "
        "or **Binder** (no account; the course's exact environment, CPU only, first start takes a few minutes).",
        "",
        "| notebook | Colab | Binder |",
        "|---|---|---|",
    ]
    for name, title in notebooks.items():
        path = f"notebooks/{name}"
        title = title.replace("|", "\\|")
        rows.append(f"| [{title}]({path}) | {colab_badge(course, path)} | {binder_badge(course, path)} |")
    return {"badges": badges, "launch": "\n".join(rows)}


def stamp_readme(text: str, blocks: dict[str, str]) -> str:
    """Replace the content between ``<!-- stamp:NAME:start -->`` and ``<!-- stamp:NAME:end -->``."""
    for name, content in blocks.items():
        start, end = f"<!-- stamp:{name}:start -->", f"<!-- stamp:{name}:end -->"
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"README.md lacks the markers {start} ... {end}")
        text = pattern.sub(lambda _m, s=start, c=content, e=end: f"{s}\n{c}\n{e}", text)
    return text


# --- driver ------------------------------------------------------------------------------------------------


def dumps(notebook: dict) -> str:
    """Serialise as Jupyter and nbformat do, so a stamp followed by a save changes nothing."""
    return json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def stamp_all(root: Path = ROOT) -> tuple[dict[Path, str], list[Path], list[str]]:
    """Compute every stamped file. Returns (new text by path, notebooks to re-execute, problems)."""
    course = load_course(root)
    paths = sorted((root / "notebooks").glob(NOTEBOOK_GLOB))
    notebooks = {p: json.loads(p.read_text(encoding="utf-8")) for p in paths}
    titles = {p.name: title_of(nb) for p, nb in notebooks.items()}
    # Previous/next chain the chapters; the course map notebook, if any, is the middle link of every footer
    # and itself points to the README's course map and on to the first chapter.
    chapters = [name for name in titles if name != COURSE_MAP_NOTEBOOK]
    if COURSE_MAP_NOTEBOOK in titles:
        course_map = (COURSE_MAP_NOTEBOOK, "Course map")
    else:
        course_map = ("../README.md#course-map", "Course map")
    outputs, rerun, problems = {}, [], []
    for path in paths:
        if path.name == COURSE_MAP_NOTEBOOK:
            prev, middle, nxt = None, ("../README.md#course-map", "README"), chapters[0] if chapters else None
        else:
            i = chapters.index(path.name)
            prev, middle = chapters[i - 1] if i > 0 else None, course_map
            nxt = chapters[i + 1] if i + 1 < len(chapters) else None
        neighbours = {
            "prev": (prev, titles[prev]) if prev else None,
            "next": (nxt, titles[nxt]) if nxt else None,
            "course_map": middle,
        }
        stamped, code_changed = stamp_notebook(notebooks[path], path.name, course, neighbours)
        outputs[path] = dumps(stamped)
        counts = [c.get("execution_count") for c in stamped["cells"] if c["cell_type"] == "code" and c["source"]]
        if code_changed or counts != list(range(1, len(counts) + 1)):
            rerun.append(path)
        problems += [f"{path.relative_to(root)}: hand-written navigation {nav!r}" for nav in hand_written_nav(stamped)]
    readme = root / "README.md"
    try:
        outputs[readme] = stamp_readme(readme.read_text(encoding="utf-8"), readme_blocks(course, titles))
    except ValueError as error:
        problems.append(str(error))
    return outputs, rerun, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if any file disagrees")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this checkout)")
    parser.add_argument("notebooks", nargs="*", type=Path, help="stamp only these notebooks (and README.md)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    outputs, rerun, problems = stamp_all(root)
    if args.notebooks and not args.check:
        chosen = {p.resolve() for p in args.notebooks} | {root / "README.md"}
        unknown = chosen - set(outputs)
        if unknown:
            parser.error(f"not a course notebook: {', '.join(map(str, sorted(unknown)))}")
        outputs = {p: text for p, text in outputs.items() if p in chosen}
        rerun = [p for p in rerun if p in chosen]
        problems = [m for m in problems if any(m.startswith(str(p.relative_to(root))) for p in chosen)]
    stale = [p for p, text in outputs.items() if p.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"not stamped: {path.relative_to(root)}  (run: make stamp)")
        for problem in problems:
            print(problem)
        return 1 if stale or problems else 0
    for path in stale:
        path.write_text(outputs[path], encoding="utf-8")
        print(f"stamped: {path.relative_to(root)}")
    for problem in problems:
        print(f"warning: {problem}")
    if rerun:
        print("Code cells changed: restart, run all and save these notebooks (make execute NB=...), then make test:")
        for path in rerun:
            print(f"  re-execute: {path.relative_to(root)}")
    elif not stale:
        print("everything already stamped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
