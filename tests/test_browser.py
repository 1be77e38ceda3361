"""End to end in a real browser: JupyterLab from this environment, notebook 01 run from the UI in headless Chromium.

It runs as a learner would, so training cells show Keras's progress (LSTM_COURSE_QUIET unset).

The browser is Debian's `chromium` (`.ci/run` installs it), driven by the `playwright` package with
`executable_path`; playwright's own browser downloads are not used. A screenshot is saved to test-artifacts/.
"""

import importlib.util
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOK = "notebooks/01_timedistributed.ipynb"
HEADLINE = "one-to-one follows over 90 % of the shift: True"  # a claim of notebook 01, printed after training
# What a person sees while notebook 01 trains its one-to-one model (20 epochs of 50 steps): one line per epoch.
PROGRESS = re.compile(r"Epoch 20/20\s.*loss", re.DOTALL)
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = shutil.which("chromium")
# As root in a container, and with no network but loopback: no sandbox, no background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# User settings for this test's JupyterLab only: never autosave over the notebook, no news pop-up, and every cell
# kept in the page (windowing off) so that the test can read every prompt.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}

pytestmark = pytest.mark.slow


def need(condition: bool, reason: str) -> None:
    """Skip when a prerequisite is missing on a developer's machine; fail in CI, which must have it."""
    if not condition:
        if IN_CI:
            pytest.fail(f"{reason} (CI must install it: see .ci/run)")
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Start JupyterLab on 127.0.0.1 with a token, serving a copy of notebooks/; yield (base URL, token)."""
    root = tmp_path / "root"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    for plugin, values in LAB_SETTINGS.items():
        path = tmp_path / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    env = os.environ | {
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "PYTHONHASHSEED": "0",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env.pop("PYTEST_CURRENT_TEST", None)  # it would make ipykernel swallow output
    env.pop("LSTM_COURSE_QUIET", None)  # a person at JupyterLab: training shows its progress
    log = open(tmp_path / "jupyterlab.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not start:\n" + (tmp_path / "jupyterlab.log").read_text()[-3000:])
            time.sleep(0.5)
        yield base, token
    finally:
        request = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
        try:
            urllib.request.urlopen(request, timeout=5).close()
            server.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        log.close()


@pytest.fixture
def browser_tools() -> None:
    """Check for the browser and its driver before starting anything."""
    need(CHROMIUM is not None, "Debian's chromium is not installed (apt-get install chromium)")
    need(importlib.util.find_spec("playwright") is not None, "the playwright package is not installed")


def test_notebook_runs_all_cells_in_jupyterlab_in_chromium(browser_tools: None, lab: tuple[str, str]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, token = lab
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
            expect(page.locator(".jp-NotebookPanel .jp-MarkdownCell").first).to_be_visible(timeout=90_000)
            kernel = page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"^Python 3.* \| Idle$"))
            expect(kernel).to_be_visible(timeout=90_000)  # the kernel has started and is idle
            indicator = page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator")
            page.screenshot(path=ARTIFACTS / "browser_01_opened.png")

            # Clear the committed outputs first, so that everything checked below comes from this run.
            click_menu(page, "Edit", "Clear Outputs of All Cells")
            prompts = page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputPrompt")
            expect(page.locator(".jp-NotebookPanel .jp-OutputArea-output")).to_have_count(0)
            code_cells = prompts.count()
            assert code_cells >= 10, f"only {code_cells} code cells on the page"

            click_menu(page, "Run", "Run All Cells")
            # Errors and stderr both render with this MIME type; Run All stops at the first error.
            errors = page.locator('.jp-NotebookPanel [data-mime-type="application/vnd.jupyter.stderr"]')
            deadline = time.monotonic() + 300
            while True:
                texts = [t.strip() for t in prompts.all_inner_texts()]
                done = all(re.fullmatch(r"\[\d+\]:", t) for t in texts) or errors.count() > 0
                if done and indicator.get_attribute("data-status") == "idle":
                    break
                assert time.monotonic() < deadline, f"cells still running after 300 s: {texts}"
                time.sleep(1)
            page.screenshot(path=ARTIFACTS / "browser_01_finished.png")
            assert errors.count() == 0, "a cell errored or wrote to stderr:\n" + "\n".join(errors.all_inner_texts())
            counts = [int(t[1:-2]) for t in texts]
            assert counts == list(range(1, code_cells + 1)), f"cells ran out of order: {counts}"

            headline = page.locator(".jp-NotebookPanel .jp-OutputArea-output", has_text=HEADLINE)
            assert headline.count() >= 1, f"no output shows {HEADLINE!r}"
            headline.first.scroll_into_view_if_needed()
            expect(headline.first).to_be_visible()
            page.screenshot(path=ARTIFACTS / "browser_01_headline.png")

            progress = page.locator(".jp-NotebookPanel .jp-OutputArea-output", has_text=PROGRESS)
            assert progress.count() >= 1, "no training cell showed Keras's progress (Epoch 20/20 ... loss)"
            progress.first.scroll_into_view_if_needed()
            page.screenshot(path=ARTIFACTS / "browser_01_progress.png")

            # The stamp's "⏱ The next cell runs for about ..." lines render as Markdown, one per long cell.
            stamped = json.loads((ROOT / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
            lines = sum("cell-time" in c["metadata"].get("tags", []) for c in stamped)
            announced = page.locator(".jp-NotebookPanel .jp-MarkdownCell", has_text="The next cell runs for about")
            assert announced.count() == lines, f"{announced.count()} long-cell lines rendered, {lines} stamped"
        finally:
            browser.close()


def click_menu(page: object, menu: str, item: str) -> None:
    """Open a menu of JupyterLab's menu bar and click one of its items, as a learner would."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(menu)}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()
