"""Build the Binder environment the way repo2docker would, as far as a machine without Docker allows.

repo2docker copies the repository, installs binder/requirements.txt with pip from the repository root on the
Python of binder/runtime.txt, runs binder/postBuild, and starts every session through binder/start. This test
does the same in a fresh virtual environment (pip's cache spares the downloads), then executes
notebook 01 in it and compares its printed results with the committed ones.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/01_timedistributed.ipynb"
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "test-artifacts", "__pycache__", "*.egg-info", "build", ".ipynb_checkpoints"
)

pytestmark = pytest.mark.slow


def runtime_python() -> tuple[str, str]:
    """(X.Y from binder/runtime.txt, a working interpreter for it), or skip."""
    version = re.fullmatch(r"python-(3\.\d+)", (ROOT / "binder" / "runtime.txt").read_text().strip()).group(1)
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [shutil.which(f"python{version}"), *sorted(map(str, pyenv.glob(f"{version}.*/bin/python{version}")))]
    for executable in filter(None, candidates):  # a pyenv shim may exist and still refuse to run
        probe = subprocess.run(
            [executable, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], capture_output=True, text=True
        )
        if probe.returncode == 0 and probe.stdout.strip() == version:
            return version, executable
    pytest.skip(f"Python {version} (binder/runtime.txt) is not installed here, so Binder's build cannot be copied")


def sanitizers() -> list[tuple[re.Pattern, str]]:
    """The regex/replace pairs of tests/sanitize.cfg, as nbval applies them."""
    lines = (ROOT / "tests" / "sanitize.cfg").read_text().splitlines()
    return [
        (re.compile(line.removeprefix("regex: ")), lines[i + 1].removeprefix("replace: "))
        for i, line in enumerate(lines)
        if line.startswith("regex: ")
    ]


def printed(notebook: dict) -> list[list[str]]:
    """The text every code cell shows (streams joined, and text/plain), durations sanitised; volatile cells left out."""
    rules = sanitizers()
    result = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code" or "nbval-ignore-output" in cell.get("metadata", {}).get("tags", []):
            continue
        texts: list[list[str]] = []
        for output in cell["outputs"]:
            label = f"{output['output_type']}:{output.get('name', '')}:"
            text = "".join(output.get("text", "")) or "".join(output.get("data", {}).get("text/plain", ""))
            if output["output_type"] == "stream" and texts and texts[-1][0] == label:
                texts[-1][1] += text  # one print may arrive in several chunks: join them, as nbval does
            else:
                texts.append([label, text])
        for pair in texts:
            for pattern, replacement in rules:
                pair[1] = pattern.sub(replacement, pair[1])
        result.append(["".join(pair) for pair in texts])
    return result


def test_binder_environment_builds_and_runs_a_notebook(tmp_path: Path) -> None:
    version, python = runtime_python()
    repo, venv = tmp_path / "repo", tmp_path / "venv"
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORE)  # repo2docker builds from a copy of the repository
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHASHSEED", "TF_CPP_MIN_LOG_LEVEL"}}
    env.pop("PYTEST_CURRENT_TEST", None)
    env |= {
        "PATH": f"{venv / 'bin'}{os.pathsep}{env['PATH']}",
        "VIRTUAL_ENV": str(venv),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }

    def run(*command: str, timeout: int) -> None:
        result = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"

    run(python, "-m", "venv", str(venv), timeout=120)
    # --no-compile only saves time (byte-compiling TensorFlow is a third of the install here); the rest is Binder's.
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-compile"]
    run(*pip, "-r", "binder/requirements.txt", timeout=900)
    if (repo / "binder" / "postBuild").exists():
        run("binder/postBuild", timeout=300)
    start = ["binder/start"] if (repo / "binder" / "start").exists() else []
    executed = tmp_path / "executed.ipynb"
    run(
        *start, str(venv / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute", NOTEBOOK,
        "--ExecutePreprocessor.timeout=600", "--output", str(executed),
        timeout=900,
    )  # fmt: skip

    result = json.loads(executed.read_text(encoding="utf-8"))
    committed = json.loads((ROOT / NOTEBOOK).read_text(encoding="utf-8"))
    assert result["metadata"]["language_info"]["version"].startswith(f"{version}."), "the kernel ran another Python"
    for cell in result["cells"]:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", "".join(cell["source"])[:300]
            assert output.get("name") != "stderr", "".join(output["text"])[:300]
    assert printed(result) == printed(committed), "Binder's environment prints other results than the committed ones"
    freeze = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, env=env
    ).stdout
    assert "tensorflow-cpu==" in freeze.lower().replace("_", "-") and "\ntensorflow==" not in f"\n{freeze}"


def test_printed_joins_a_print_that_arrived_in_chunks() -> None:
    chunked = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [
        {"output_type": "stream", "name": "stdout", "text": "{'lstm': 140}"},
        {"output_type": "stream", "name": "stdout", "text": " output shape (None, 5, 1)\n"},
        {"output_type": "stream", "name": "stderr", "text": "warning\n"},
    ]}]}  # fmt: skip
    whole = [["stream:stdout:{'lstm': 140} output shape (None, 5, 1)\n", "stream:stderr:warning\n"]]
    assert printed(chunked) == whole
