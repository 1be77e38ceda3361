"""Training progress: Keras's own progress output for a person, silence under the tests.

One switch decides it: the environment variable ``LSTM_COURSE_QUIET``. ``make test``,
``make check``, ``make execute`` and the test suite (``tests/conftest.py``) set it to ``1``,
so committed and re-executed outputs carry no progress bars. JupyterLab, Colab and Binder
leave it unset: a learner sees training progress instead of a silent cell.

Every training call in the course passes ``verbose=helpers.progress.verbose(epochs)``.
"""

from __future__ import annotations

import os

from helpers import _checks

QUIET_VARIABLE = "LSTM_COURSE_QUIET"

#: Up to this many epochs a progress bar of steps reads best; past it, one line per epoch.
BAR_EPOCHS = 5


def quiet() -> bool:
    """``True`` when ``LSTM_COURSE_QUIET`` is set to anything but ``""`` or ``"0"``."""
    return os.environ.get(QUIET_VARIABLE, "") not in ("", "0")


def verbose(epochs: int = 1) -> int:
    """The ``verbose=`` argument for a Keras ``fit`` of ``epochs`` epochs.

    Returns:
        ``0`` (silent) when :func:`quiet`; otherwise ``1``, Keras's progress bar of the steps of
        each epoch, for at most ``BAR_EPOCHS`` epochs, or ``2``, one line per epoch, for more.
    """
    if quiet():
        return 0
    return 1 if epochs <= BAR_EPOCHS else 2


_checks.install(globals())  # epochs: the course-wide rule
