"""Reproducibility: the course's one seeding contract, on every Keras 3 backend.

1. A notebook's first code cell calls :func:`seed_everything` *before* importing Keras,
   which also imports it quietly (no TensorFlow C++ start-up logs)::

       import helpers.repro
       helpers.repro.seed_everything(1)
       import keras

2. Every model builder (:mod:`helpers.models`) and every training function
   (:mod:`helpers.training`) takes ``seed: int`` and calls :func:`seed_everything` itself,
   so a cell that builds a model gives the same model when it is run again.
3. Data generators take ``rng`` (a seed, a numpy ``Generator`` or ``None``) and never touch
   the global seeds (:mod:`helpers.data`).

The backend is Keras' own choice: ``KERAS_BACKEND`` (``tensorflow``, the default here, ``jax`` or
``torch``) set before Keras is imported. This module is the only one in :mod:`helpers` that imports
a backend library by name; everything else uses ``keras.ops`` and numpy. Same seed, same machine and
backend: same numbers; across backends or CPUs the last digits differ, so the notebooks print measured
figures as ``≈0.62`` and assert claims with a margin.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from helpers import _checks

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


def import_keras_quietly() -> None:
    """Import Keras (and its backend) with TensorFlow's start-up log lines silenced.

    The backend is ``KERAS_BACKEND`` if set, else ``tensorflow``. On TensorFlow, Python-side warnings such
    as "triggered tf.function retracing" are also turned off: they are advice for production code, not
    for a notebook that builds many small models; errors stay on.
    """
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)
    with _silenced_stderr_fd():
        import keras
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")


def backend() -> str:
    """The Keras backend in use: ``"tensorflow"``, ``"jax"`` or ``"torch"`` (imports Keras quietly)."""
    import_keras_quietly()
    import keras

    return keras.backend.backend()


def seed_everything(seed: int) -> None:
    """Seed Python, numpy, Keras and the backend, and make the backend's ops deterministic where it can.

    Every model builder calls it with its own ``seed``: initial weights are drawn from the global seed.
    TensorFlow: op determinism on (an op with no deterministic kernel raises instead of varying); JAX:
    deterministic on CPU already (explicit keys, XLA's fixed order); PyTorch: deterministic algorithms on.
    """
    name = backend()
    import keras

    keras.utils.set_random_seed(seed)
    if name == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
    elif name == "torch":
        import torch

        torch.use_deterministic_algorithms(True)


def steps_per_execution(steps: int) -> int:
    """``steps`` for ``Model.compile(steps_per_execution=...)``, or 1 on PyTorch, where Keras trains only with 1.

    Several steps per call of the compiled function save per-call overhead on TensorFlow and JAX; on PyTorch
    training refuses anything but 1 (``compile`` accepts it, the first ``fit`` raises), so the builders ask here
    and train one step per call instead.
    """
    return 1 if backend() == "torch" else steps


_checks.install(
    globals(),
    # ``steps`` of a compiled call, as the course-wide ``steps_per_execution`` it is passed
    rules={"steps_per_execution": {"steps": _checks.ARGUMENTS["steps_per_execution"]}},
)
