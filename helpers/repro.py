"""Reproducibility: one call that makes a notebook's results repeatable.

Call :func:`setup` in a notebook's first code cell, *before* importing
TensorFlow or Keras::

    import helpers.repro
    helpers.repro.setup(seed=1)
    import keras
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from helpers._checks import positive_int

QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # C++ INFO/WARNING/ERROR logs off
    "KERAS_BACKEND": "tensorflow",
}


@contextmanager
def _silenced_stderr_fd() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for the duration of the block.

    TensorFlow writes a few lines from C++ while it is imported, before its
    own log level applies; Jupyter would store them as stderr output.
    """
    try:
        stderr_fd = sys.__stderr__.fileno() if sys.__stderr__ else 2
    except (AttributeError, OSError, ValueError):
        stderr_fd = 2
    saved = os.dup(stderr_fd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, stderr_fd)
        yield
    finally:
        os.dup2(saved, stderr_fd)
        os.close(saved)
        os.close(devnull)


def import_tensorflow_quietly() -> None:
    """Import TensorFlow and Keras with their start-up log lines silenced."""
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)
    with _silenced_stderr_fd():
        import keras  # noqa: F401
        import tensorflow as tf
    # Python-side warnings such as "triggered tf.function retracing" are advice for
    # production code, not for a notebook that builds many small models; errors stay on.
    tf.get_logger().setLevel("ERROR")


def seed_everything(seed: int) -> None:
    """Seed Python, numpy and TensorFlow and make TensorFlow ops deterministic.

    Call it again before building each model you want to be repeatable:
    initial weights are drawn from the global seed.
    """
    seed = positive_int("seed", seed, minimum=0)
    import_tensorflow_quietly()
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def setup(seed: int = 1) -> None:
    """Quiet TensorFlow's logs, import it, and seed everything with ``seed``."""
    seed_everything(seed)
