"""Loaded by pytest for every path (tests/ and notebooks/): the environment every notebook kernel runs in.

Set before nbval starts any kernel (kernels inherit this process's environment), so that `pytest` run directly,
on any path, behaves like `make test`: repeatable hashing, no TensorFlow C++ logs, no progress bars.
"""

import os

os.environ.setdefault("PYTHONHASHSEED", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("LSTM_COURSE_QUIET", "1")
