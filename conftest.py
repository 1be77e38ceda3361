"""Loaded by pytest for every path (tests/ and notebooks/): the environment every notebook kernel runs in.

Set before nbval starts any kernel (kernels inherit this process's environment), so that `pytest` run directly,
on any path, behaves like `make test`. The values are tools/course.py's, the one definition.
"""

import os

from course import ENVIRONMENT, UNATTENDED  # tools/ is on pytest's pythonpath (pyproject.toml)

for name, value in {**ENVIRONMENT, **UNATTENDED}.items():
    os.environ.setdefault(name, value)
