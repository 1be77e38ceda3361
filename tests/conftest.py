"""Shared test set-up: the environment every notebook kernel and every test runs in."""

import os

# Set before nbval starts any kernel (kernels inherit this process's environment), so that running
# `pytest` directly behaves like `make test`: repeatable hashing, no TensorFlow C++ logs, no progress bars.
os.environ.setdefault("PYTHONHASHSEED", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("LSTM_COURSE_QUIET", "1")
