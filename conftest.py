"""Loaded by pytest for every path (tests/ and notebooks/): the environment every notebook kernel runs in.

Set before nbval starts any kernel (kernels inherit this process's environment), so that `pytest` run directly,
on any path, behaves like `make test`. The values are tools/course.py's, the one definition.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))
from course import ENVIRONMENT, UNATTENDED  # noqa: E402

for name, value in {**ENVIRONMENT, **UNATTENDED}.items():
    os.environ.setdefault(name, value)
