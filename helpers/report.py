"""Printing measured figures so that a notebook's committed outputs hold on any CPU.

A figure that comes out of training (an accuracy, a loss, a prediction) is deterministic on one
machine, but another CPU sums floats in another order, and after thousands of steps the last
printed digit can move: ``0.61`` here, ``0.62`` there. Such figures are printed through
:func:`measured`, which marks them with ``≈``. The strict notebook tests mask every marked figure
(``tests/sanitize.cfg``), while the claim made about it is printed as a plain ``True``/``False``
against its threshold and asserted. Facts that cannot move (shapes, parameter counts, data) are
printed plainly and compared exactly.
"""

from __future__ import annotations

import numbers

import numpy as np
import numpy.typing as npt

from helpers import _checks

MARK = "≈"


def measured(value: float | npt.ArrayLike, fmt: str = ".2f") -> str:
    """``value`` formatted with ``fmt`` behind the ``≈`` mark: ``measured(0.6149)`` is ``"≈0.61"``.

    Args:
        value: a real number, or a 1-D array of them (printed as ``≈[0.1 0.2]``).
        fmt: a format specification for one number, e.g. ``".2f"``, ``".1%"``, ``",.0f"``, or ``"d"``
            for whole numbers (a count, predicted integers: ``≈[94 94 94 94]``).
    """
    cast = int if fmt.endswith("d") else float
    if isinstance(value, numbers.Real):
        return MARK + format(cast(value), fmt)
    return MARK + "[" + " ".join(format(cast(v), fmt) for v in np.asarray(value)) + "]"


# Argument checks, applied by _checks.install below ------------------------------------------------------------------


def _format(name: str, fmt: object) -> str:
    if not isinstance(fmt, str):
        raise TypeError(f"{name} must be a format specification string such as '.2f', got {type(fmt).__name__}")
    try:
        format(1 if fmt.endswith("d") else 1.0, fmt)
    except ValueError:
        raise ValueError(f"{name} must be a number format specification such as '.2f' or 'd', got {fmt!r}") from None
    return fmt


def _value(name: str, value: object) -> object:
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a number or an array of numbers, got a bool")
    if isinstance(value, numbers.Real):
        return value
    array = np.asarray(value)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number) or array.ndim != 1 or array.size == 0:
        raise TypeError(
            f"{name} must be a real number or a non-empty 1-D array of numbers, got {type(value).__name__} "
            f"of shape {array.shape} and dtype {array.dtype}"
        )
    return value


_checks.install(
    globals(),
    rules={
        "measured": {
            "fmt": _checks.named("a number format specification, e.g. '.2f' or 'd'", _format),
            "value": _checks.named("a real number or a non-empty 1-D array of numbers", _value),
        }
    },
)
