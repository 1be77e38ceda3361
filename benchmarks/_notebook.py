"""Load a notebook's code for a benchmark script, so the script measures what the notebook teaches.

:func:`notebook_namespace` runs the notebook's set-up cell, then only its function definitions and UPPER_CASE
constants: the notebook's code without its training runs, and without a second copy of it in ``benchmarks/``.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def notebook_namespace(path: Path) -> dict[str, Any]:
    """Run the notebook's first code cell after the Colab set-up (seeding and imports), then only its
    function definitions and UPPER_CASE constants, in order: the notebook's code without its training runs."""
    cells = [
        c
        for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
        if c["cell_type"] == "code" and "colab-setup" not in c["metadata"].get("tags", [])
    ]
    namespace: dict[str, Any] = {"__name__": path.stem}
    exec(compile("".join(cells[0]["source"]), str(path), "exec"), namespace)  # our own notebook's code
    for cell in cells[1:]:
        for node in ast.parse("".join(cell["source"])).body:
            names = [n for t in getattr(node, "targets", []) for n in (t.elts if isinstance(t, ast.Tuple) else [t])]
            constant = isinstance(node, ast.Assign) and all(isinstance(n, ast.Name) and n.id.isupper() for n in names)
            if isinstance(node, ast.FunctionDef) or constant:
                module = ast.Module(body=[node], type_ignores=[])
                exec(compile(module, str(path), "exec"), namespace)
    return namespace
