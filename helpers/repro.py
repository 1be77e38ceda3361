"""Reproducibility: the course's one seeding contract.

1. A notebook's first code cell calls :func:`seed_everything` *before* importing TensorFlow
   or Keras, which also imports them quietly (no C++ start-up logs)::

       import helpers.repro
       helpers.repro.seed_everything(1)
       import keras

2. Every model builder (:mod:`helpers.models`) and every training function
   (:mod:`helpers.training`) takes ``seed: int`` and calls :func:`seed_everything` itself,
   so a cell that builds a model gives the same model when it is run again.
3. Data generators take ``rng`` (a seed, a numpy ``Generator`` or ``None``) and never touch
   the global seeds (:mod:`helpers.data`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from helpers._checks import non_negative_int

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


#: numpy's global seed must be below 2**32.
MAX_SEED = 2**32 - 1


def check_seed(seed: object) -> int:
    """Return ``seed`` if it is an integer in ``0 .. MAX_SEED``; otherwise raise, naming ``seed``."""
    seed = non_negative_int("seed", seed)
    if seed > MAX_SEED:
        raise ValueError(f"seed must be <= {MAX_SEED} (numpy's limit), got {seed}")
    return seed


def seed_everything(seed: int) -> None:
    """Seed Python, numpy and TensorFlow and make TensorFlow ops deterministic.

    Every model builder calls it with its own ``seed``: initial weights are drawn from the global seed.
    """
    seed = check_seed(seed)
    import_tensorflow_quietly()
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
