"""Training stateful RNNs in one ``fit`` call: state resets on a schedule, and the loss of every block of steps.

A stateful layer carries its state from one batch to the next until it is reset. The
classic way to reset it between independent sequences is one ``fit`` call per sequence
followed by ``layer.reset_state()``; :func:`reset_states_every` does the same inside a
single ``fit`` (or ``predict``/``evaluate``) call, from a Keras callback.

Importing this module does not import Keras: the callback class is built on first use,
after :func:`helpers.repro.setup` has run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from helpers._checks import positive_int


def reset_stateful_layers(model: Any) -> int:
    """Call ``reset_state()`` on every stateful layer of ``model`` (nested models included).

    Keras 3 has no ``Model.reset_states()``; the state belongs to each recurrent layer.

    Returns:
        The number of layers reset.
    """
    layers = getattr(model, "layers", None)
    if layers is None:
        raise TypeError(f"model must be a Keras model with .layers, got {type(model).__name__}")
    count = 0
    for layer in layers:
        if getattr(layer, "stateful", False) and hasattr(layer, "reset_state"):
            layer.reset_state()
            count += 1
        elif hasattr(layer, "layers"):
            count += reset_stateful_layers(layer)
    return count


def block_means(end_steps: npt.ArrayLike, running_means: npt.ArrayLike) -> np.ndarray:
    """Turn the running mean Keras logs after each call into the mean of each block of steps.

    Within an epoch Keras logs ``mean(loss over steps 1..n)`` after step ``n``. Given the
    step counts ``n_1 < n_2 < ...`` where it was logged and the logged means ``m_1, m_2, ...``,
    block ``k`` covers steps ``n_{k-1} + 1 .. n_k`` and its mean is
    ``(n_k m_k - n_{k-1} m_{k-1}) / (n_k - n_{k-1})``.

    Args:
        end_steps: shape ``(blocks,)``, increasing positive step counts (1-based).
        running_means: shape ``(blocks,)``, the logged running means.

    Returns:
        ``float64`` array of shape ``(blocks,)``: the mean over each block.
    """
    steps = np.asarray(end_steps)
    means = np.asarray(running_means, dtype=np.float64)
    if steps.ndim != 1 or means.shape != steps.shape:
        raise ValueError(
            f"end_steps and running_means must be 1-D of the same length, got shapes {steps.shape} and {means.shape}"
        )
    if steps.dtype == bool or not np.issubdtype(steps.dtype, np.integer):
        raise TypeError(f"end_steps must hold integers, got dtype {steps.dtype}")
    if steps.size and (steps[0] < 1 or np.any(np.diff(steps) <= 0)):
        raise ValueError(f"end_steps must be positive and strictly increasing, got {steps.tolist()}")
    totals = steps * means
    previous_steps = np.concatenate([[0], steps[:-1]])
    previous_totals = np.concatenate([[0.0], totals[:-1]])
    return (totals - previous_totals) / (steps - previous_steps)


def reset_states_every(n_batches: int, metrics: Sequence[str] = ("loss",)) -> Any:
    """A Keras callback that resets every stateful layer before batches ``0, n, 2n, ...``.

    It acts in ``fit``, ``evaluate`` and ``predict`` alike, so one call can process many
    independent sequences, each ``n_batches`` batches long, in order (``shuffle=False``).
    With ``steps_per_execution=k`` Keras calls callbacks once per ``k`` steps, so ``k``
    must divide ``n_batches``; the callback checks this when training starts.

    During ``fit`` it also records, for every callback call, the mean of each metric over
    the steps since the previous call, in ``callback.history[metric]`` (one list for the
    whole run, epochs concatenated).

    Args:
        n_batches: batches per independent sequence (>= 1).
        metrics: logged metric names to record, e.g. ``("loss", "accuracy")``.

    Returns:
        A ``keras.callbacks.Callback`` instance.
    """
    n_batches = positive_int("n_batches", n_batches)
    if isinstance(metrics, str) or not all(isinstance(m, str) for m in metrics):
        raise TypeError(f"metrics must be a sequence of metric names, got {metrics!r}")
    return _callback_class()(n_batches, tuple(metrics))


_CLASS: type | None = None


def _callback_class() -> type:
    global _CLASS
    if _CLASS is not None:
        return _CLASS
    import keras

    class ResetStatesEvery(keras.callbacks.Callback):
        """Reset stateful layers every ``n_batches`` batches; record per-block metric means."""

        def __init__(self, n_batches: int, metrics: tuple[str, ...]) -> None:
            super().__init__()
            self.n_batches = n_batches
            self.metrics = metrics
            self.history: dict[str, list[float]] = {m: [] for m in metrics}
            self._steps: list[int] = []
            self._means: dict[str, list[float]] = {}

        def _check_steps_per_execution(self) -> None:
            per_call = int(getattr(self.model, "steps_per_execution", 1) or 1)
            if self.n_batches % per_call:
                raise ValueError(
                    f"steps_per_execution={per_call} must divide n_batches={self.n_batches}: "
                    "callbacks only run between executions"
                )

        def _maybe_reset(self, step: int) -> None:
            if step % self.n_batches == 0:
                reset_stateful_layers(self.model)

        def on_train_begin(self, logs: dict | None = None) -> None:
            self._check_steps_per_execution()

        def on_predict_begin(self, logs: dict | None = None) -> None:
            self._check_steps_per_execution()

        def on_test_begin(self, logs: dict | None = None) -> None:
            self._check_steps_per_execution()

        def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
            self._maybe_reset(batch)

        def on_test_batch_begin(self, batch: int, logs: dict | None = None) -> None:
            self._maybe_reset(batch)

        def on_predict_batch_begin(self, batch: int, logs: dict | None = None) -> None:
            self._maybe_reset(batch)

        def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
            self._steps, self._means = [], {m: [] for m in self.metrics}

        def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
            logs = logs or {}
            missing = [m for m in self.metrics if m not in logs]
            if missing:
                raise ValueError(f"metrics {missing} are not logged; logged: {sorted(logs)}")
            self._steps.append(batch + 1)
            for m in self.metrics:
                self._means[m].append(float(logs[m]))

        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            for m in self.metrics:
                self.history[m].extend(block_means(np.array(self._steps, dtype=np.int64), self._means[m]).tolist())

    _CLASS = ResetStatesEvery
    return _CLASS
