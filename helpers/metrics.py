"""How results are scored: accuracy of predicted sequences against the truth, forecast errors and chapter 09's
claims (:func:`co2_split`, :func:`co2_claims`, shared by the notebook and its seed study), numpy's speed."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import numpy.typing as npt

from helpers import _checks
from helpers.data import (
    _SPLIT,
    CO2_SPLIT,
    RANDOM_SOURCE,
    SEASON,
    RandomSource,
    Windows,
    chronological_split,
    echo_probes,
    load_weekly,
    monthly_means,
    shift_right,
)
from helpers.encoding import fit_scale
from helpers.models import KINDS, fit_linear, linear_forecast, naive, seasonal_naive, seasonal_naive_trend


def token_accuracy(truth: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    """Fraction of time steps predicted right, over all sequences and steps."""
    return float(np.mean(np.asarray(truth) == np.asarray(predicted)))


def sequence_accuracy(truth: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    """Fraction of sequences whose every step is right (exact match, last axis = time)."""
    right = np.asarray(truth) == np.asarray(predicted)
    return float(np.mean(np.all(right, axis=-1)))


def probability_of_truth(probabilities: npt.ArrayLike, integers: npt.ArrayLike) -> float:
    """Mean probability a model gives to the right integer: ``probabilities (..., classes)``, ``integers (...)``."""
    integers = np.asarray(integers)
    return float(np.take_along_axis(np.asarray(probabilities), integers[..., np.newaxis], axis=-1).mean())


def numpy_gflops(rows: int, inner: int, cols: int, repeats: int) -> float:
    """Best of 5 timings of ``repeats`` float32 products ``(rows x inner) @ (inner x cols)``, in GFLOP/s."""
    a = np.random.default_rng(0).random((rows, inner), dtype=np.float32)
    b = np.random.default_rng(1).random((inner, cols), dtype=np.float32)
    best = np.inf
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeats):
            a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * rows * inner * cols * repeats / best / 1e9


def accuracy_by_length(
    truth: npt.ArrayLike, predicted: npt.ArrayLike, lengths: npt.ArrayLike
) -> dict[int, tuple[float, float]]:
    """Exact match and token accuracy for each answer length, counting only the answer's own steps.

    Args:
        truth: integer targets ``(batch, time)``, answers padded on the right.
        predicted: integer predictions, same shape.
        lengths: ``(batch,)``, how many leading steps of each row are the answer.

    Returns:
        ``{length: (exact_match, token_accuracy)}`` for every length present, in increasing order.
    """
    truth, predicted, lengths = np.asarray(truth), np.asarray(predicted), np.asarray(lengths)
    inside = np.arange(truth.shape[1]) < lengths[:, None]
    right = (truth == predicted) | ~inside
    result = {}
    for length in np.unique(lengths):
        rows = lengths == length
        result[int(length)] = (
            float(np.mean(right[rows].all(axis=1))),
            float(np.mean((truth == predicted)[rows][:, :length])),
        )
    return result


def aligned_weight(weights: npt.ArrayLike, lengths: npt.ArrayLike, task: str = "reverse") -> float:
    """Mean attention weight on the source position each output step should copy.

    Sources are padded on the left (:func:`helpers.data.variable_length_dataset`): a row of
    length ``k`` occupies positions ``time_in - k .. time_in - 1``. Output step ``t`` of a
    reversal copies position ``time_in - 1 - t``; of a copy, ``time_in - k + t``. Only the
    answer's own steps count. 1.0 means attention looks exactly where the answer is.

    Args:
        weights: ``(batch, n_steps, time_in)``, each row summing to 1.
        lengths: ``(batch,)`` answer lengths, ``1 .. min(n_steps, time_in)``.
        task: ``"reverse"`` or ``"copy"``.
    """
    weights, lengths = np.asarray(weights, dtype=float), np.asarray(lengths)
    _, n_steps, time_in = weights.shape
    step = np.arange(n_steps)[None, :]
    position = time_in - 1 - step if task == "reverse" else time_in - lengths[:, None] + step
    inside = step < lengths[:, None]
    picked = np.take_along_axis(weights, np.clip(position, 0, time_in - 1)[..., None], axis=2)[..., 0]
    return float(picked[inside].mean())


def step_accuracy(truth: npt.ArrayLike, predicted: npt.ArrayLike) -> np.ndarray:
    """Notebook 03: the share of sequences right at each output step.

    Args:
        truth, predicted: integer arrays of the same shape ``(sequences, steps)``.

    Returns:
        ``float64`` array ``(steps,)``: entry ``t`` is the fraction of rows whose step ``t`` is right.
    """
    return (np.asarray(truth) == np.asarray(predicted)).mean(axis=0).astype(np.float64)


def repeat_share(sequences: npt.ArrayLike) -> float:
    """Notebook 03: the share of sequences in which some step repeats an earlier step of the same sequence.

    ``[35, 35, 66, 66]`` and ``[12, 62, 12, 8]`` count; ``[35, 66, 12, 21]`` does not.

    Args:
        sequences: integer array ``(sequences, steps)``, predicted or true.
    """
    ordered = np.sort(sequences, axis=1)
    return float(np.mean(np.any(ordered[:, 1:] == ordered[:, :-1], axis=1)))


# Notebook 01's echo ---------------------------------------------------------------------------------------------


def echo_errors(one_to_one: Any, many_to_one: Any, many_to_many: Any) -> dict[str, float]:
    """How notebook 01's three models answer their training values and inputs they never saw, by one measure.

    Each model answers the probes of :func:`helpers.data.echo_probes` the way it was trained: one-to-one value by
    value, the two others the whole sequence at once. Returns ``{claim id: value}``, for each ``name`` of
    ``one_to_one``, ``many_to_one`` and ``many_to_many``: ``{name}_train_error``, ``{name}_shifted_error`` and
    ``{name}_reversed_error``, the largest absolute error on the training values, on the same values shifted up
    by 0.1, and on them in reverse order (which tells reading the values from counting the steps); and
    ``{name}_shift_followed``, the share of the 0.1 shift its answers follow, on average over the five values
    (an echo follows all of it, 1; an answer learnt by heart follows none, 0).
    """
    probes = echo_probes()
    shift = float(probes["shifted"][0] - probes["train"][0])
    errors = {}
    for name, model in {"one_to_one": one_to_one, "many_to_one": many_to_one, "many_to_many": many_to_many}.items():
        shape = (5, 1, 1) if name == "one_to_one" else (1, 5, 1)
        answers = {k: np.asarray(model.predict_on_batch(probes[k].reshape(shape))).ravel() for k in probes}
        for probe in ("train", "shifted", "reversed"):
            errors[f"{name}_{probe}_error"] = float(np.abs(answers[probe] - probes[probe]).max())
        errors[f"{name}_shift_followed"] = float(np.mean(answers["shifted"] - answers["train"]) / shift)
    return errors


# Forecasts of a measured series (chapter 09) ---------------------------------------------------------------------


def adding_scores(model: Any, X: npt.ArrayLike, y: npt.ArrayLike, nudge: float = 0.1) -> dict[str, float]:
    """An adding-problem model's test error and what its answer depends on (notebook 02).

    ``mse``: mean squared error on ``X (samples, time, 2)``, ``y (samples,)``. ``first`` and ``second``: how far the
    answer moves per unit added to the first (far) or the second (recent) marked value, measured by adding ``nudge``
    to it; the true sum moves by 1 for each. All three predictions in one batch.
    """
    X = np.asarray(X, dtype=np.float32)
    rows = np.arange(len(X))
    marked = np.sort(np.argsort(-X[..., 1], axis=1, kind="stable")[:, :2], axis=1)
    nudged = []
    for k in (0, 1):
        copy = X.copy()
        copy[rows, marked[:, k], 0] += nudge
        nudged.append(copy)
    answers = np.asarray(model.predict(np.concatenate([X, *nudged]), batch_size=1024, verbose=0)).reshape(3, -1)
    return {
        "mse": float(np.mean((answers[0] - np.asarray(y)) ** 2)),
        "first": float(np.mean(answers[1] - answers[0]) / nudge),
        "second": float(np.mean(answers[2] - answers[0]) / nudge),
    }


def output_ceiling(model: Any, head: str = "head") -> float:
    """The largest absolute value ``model`` can output through its ``Dense`` layer ``head`` fed an LSTM's output:
    every unit of ``h = o * tanh(c)`` lies in [-1, 1], so ``|w . h + b| <= sum|w| + |b|`` (notebook 04)."""
    w, b = model.get_layer(head).get_weights()
    return float(np.abs(w).sum() + np.abs(b).sum())


def exposure_errors(
    models: Any,
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    free: npt.ArrayLike,
    scale: float = 1.0,
    rng: RandomSource = 0,
    shuffles: int = 5,
) -> dict[str, np.ndarray]:
    """Notebook 04's exposure-bias control: a teacher-forced decoder's mean absolute error at each output step
    (in the original units) for three kinds of step input.

    - ``"fed the truth"``: the target shifted right, as in training;
    - ``"fed its own predictions"``: ``free``, the greedy decoding of the same sequences;
    - ``"fed the truth plus another's error"``: the truth plus the errors ``free - y`` of other sequences (rows
      shuffled by ``rng``; the mean over ``shuffles`` shuffles): wrong inputs of the same sizes, not its own.

    ``models`` is a :class:`helpers.models.Seq2Seq` trained on ``X / scale`` and ``y / scale``; ``X``, ``y`` and
    ``free`` are ``(sequences, steps, 1)`` in the original units.
    """
    X, y, free = (np.asarray(a, np.float64) for a in (X, y, free))
    generator = np.random.default_rng(rng)

    def fed(values: np.ndarray) -> np.ndarray:  # teacher forcing: the decoder reads ``values`` shifted right
        return np.asarray(models.train([X / scale, shift_right(values) / scale], training=False)) * scale

    def error(output: np.ndarray) -> np.ndarray:
        return np.abs(output - y).mean(axis=(0, 2))

    others = [error(fed(y + (free - y)[generator.permutation(len(y))])) for _ in range(shuffles)]
    return {
        "fed the truth": error(fed(y)),
        "fed its own predictions": error(free),
        "fed the truth plus another's error": np.mean(others, axis=0),
    }


def mae_by_horizon(truth: npt.ArrayLike, forecast: npt.ArrayLike) -> np.ndarray:
    """Mean absolute error for each month ahead: ``(windows, horizon)`` twice -> ``(horizon,)``."""
    return np.abs(np.asarray(truth, np.float64) - np.asarray(forecast)).mean(axis=0)


def co2_split(window: int | None = None) -> tuple[dict[str, Windows], dict[str, float]]:
    """Chapter 09's split of the monthly record (:data:`helpers.data.CO2_SPLIT`) and the claims that need no training.

    Returns the split and ``{claim id: value}``: test months inside a training window (must be 0), the MAE in
    ppm of the baselines and the least-squares model over the test windows, and its ratio to seasonal naive plus
    trend. ``window`` replaces the recipe's input length (exercise 1).
    """
    periods = CO2_SPLIT | ({} if window is None else {"window": window})
    window, horizon = periods["window"], periods["horizon"]
    split = chronological_split(monthly_means(load_weekly()).to_numpy(), **periods)
    train, test = split["train"], split["test"]
    scale = fit_scale(train)
    forecasts = {"linear": linear_forecast(fit_linear(train, scale), test.x, scale)}
    if window >= 2 * SEASON:
        forecasts |= {f.__name__: f(test.x, horizon) for f in (naive, seasonal_naive, seasonal_naive_trend)}
    mae = {name: float(mae_by_horizon(test.y, f).mean()) for name, f in forecasts.items()}
    claims = {f"{name}_mae": value for name, value in mae.items()}
    claims["leaked_test_months"] = float(np.isin(test.months[:, window:], train.months).sum())
    if "seasonal_naive_trend" in mae:
        claims["linear_over_trend"] = mae["linear"] / mae["seasonal_naive_trend"]
    return split, claims


def co2_claims(
    split: dict[str, Windows], forecasts: dict[str, np.ndarray], levels: np.ndarray | None = None
) -> dict[str, float]:
    """The LSTM claims of chapter 09 from test forecasts ``{"direct", "recursive": (windows, horizon)}`` in ppm.

    ``levels``, if given, is the direct LSTM's forecast trained on standardised levels instead of offsets
    (exercise 2): its MAE is the claim ``exercise_levels_mae``.
    """
    test = split["test"]
    fixed: dict[str, float] = {}
    scale = fit_scale(split["train"])
    linear = mae_by_horizon(test.y, linear_forecast(fit_linear(split["train"], scale), test.x, scale))
    seasonal = mae_by_horizon(test.y, seasonal_naive(test.x, test.y.shape[1]))
    error = {kind: mae_by_horizon(test.y, f) for kind, f in forecasts.items()}
    fixed["direct_mae"], fixed["recursive_mae"] = float(error["direct"].mean()), float(error["recursive"].mean())
    fixed["direct_over_seasonal_naive"] = fixed["direct_mae"] / float(seasonal.mean())
    fixed["direct_gain_over_linear"] = float(linear.mean()) - fixed["direct_mae"]
    fixed["direct_gap_to_linear"] = abs(fixed["direct_gain_over_linear"])
    fixed["recursive_over_seasonal_naive"] = fixed["recursive_mae"] / float(seasonal.mean())
    fixed["recursive_minus_direct"] = fixed["recursive_mae"] - fixed["direct_mae"]
    for kind in KINDS:
        fixed[f"{kind}_month_1"], fixed[f"{kind}_month_12"] = float(error[kind][0]), float(error[kind][-1])
    fixed["recursive_minus_direct_last_month"] = float(error["recursive"][-1] - error["direct"][-1])
    fixed["direct_month_12_minus_month_1"] = fixed["direct_month_12"] - fixed["direct_month_1"]
    if levels is not None:
        fixed["exercise_levels_mae"] = float(mae_by_horizon(test.y, levels).mean())
    return fixed


# Argument checks, applied by _checks.install below (out of the bodies the notebooks print) ----------------------


def _paired(truth: npt.ArrayLike, predicted: npt.ArrayLike, **_: Any) -> tuple[np.ndarray, np.ndarray]:
    """Integer ``truth`` and ``predicted`` of one non-empty shape ``(..., time)``."""
    truth = _checks.integer_array("truth", truth)
    predicted = _checks.integer_array("predicted", predicted)
    if truth.shape != predicted.shape:
        raise ValueError(f"predicted must have the shape of truth {truth.shape}, got {predicted.shape}")
    if truth.ndim < 1 or truth.size == 0:
        raise ValueError(f"truth must be a non-empty array (..., time), got shape {truth.shape}")
    return truth, predicted


def _probability_of_truth_arguments(probabilities: npt.ArrayLike, integers: npt.ArrayLike) -> None:
    """``probabilities`` are floats, one row per integer of ``integers``."""
    integers = _checks.integer_array("integers", integers)
    probabilities = np.asarray(probabilities)
    if probabilities.dtype == bool or not np.issubdtype(probabilities.dtype, np.floating):
        raise TypeError(f"probabilities must hold floats, got dtype {probabilities.dtype}")
    if probabilities.shape[:-1] != integers.shape or integers.size == 0:
        raise ValueError(
            f"probabilities must have shape integers.shape + (classes,) = {integers.shape} + (classes,), "
            f"got {probabilities.shape}"
        )
    if integers.min() < 0 or integers.max() >= probabilities.shape[-1]:
        raise ValueError(f"integers must lie in [0, {probabilities.shape[-1] - 1}]")


def _accuracy_by_length_arguments(truth: npt.ArrayLike, predicted: npt.ArrayLike, lengths: npt.ArrayLike) -> None:
    """``truth`` and ``predicted`` are paired integer sequences, ``lengths`` one integer per sequence."""
    truth, _ = _paired(truth, predicted)
    lengths = _checks.integer_array("lengths", lengths)
    if truth.ndim != 2 or lengths.shape != (truth.shape[0],):
        raise ValueError(f"lengths must have shape ({truth.shape[0]},) for truth (batch, time), got {lengths.shape}")
    if lengths.min() < 1 or lengths.max() > truth.shape[1]:
        raise ValueError(f"lengths must lie in 1..{truth.shape[1]}, got {lengths.min()}..{lengths.max()}")


def _aligned_weight_arguments(weights: npt.ArrayLike, lengths: npt.ArrayLike, **_: Any) -> None:
    """``weights`` are attention weights ``(batch, steps, time_in)``, ``lengths`` one source length per row."""
    weights = _checks.number_array("weights", weights, 3, "(batch, n_steps, time_in)")
    lengths = _checks.integer_array("lengths", lengths)
    batch, n_steps, time_in = weights.shape
    if lengths.shape != (batch,):
        raise ValueError(f"lengths must have shape ({batch},) like weights' batch, got {lengths.shape}")
    if lengths.min() < 1 or lengths.max() > min(n_steps, time_in):
        raise ValueError(f"lengths must lie in 1..{min(n_steps, time_in)}, got {lengths.min()}..{lengths.max()}")


def _step_accuracy_arguments(truth: npt.ArrayLike, predicted: npt.ArrayLike) -> None:
    """``truth`` and ``predicted`` are paired integer arrays ``(sequences, steps)``."""
    truth, _ = _paired(truth, predicted)
    if truth.ndim != 2:
        raise ValueError(f"truth must be 2-D (sequences, steps), got shape {truth.shape}")


def _repeat_share_arguments(sequences: npt.ArrayLike) -> None:
    """``sequences`` is a non-empty integer array ``(sequences, steps)``."""
    sequences = _checks.integer_array("sequences", sequences)
    if sequences.ndim != 2 or sequences.size == 0:
        raise ValueError(f"sequences must be a non-empty 2-D array (sequences, steps), got shape {sequences.shape}")


#: A side of numpy_gflops' matrices: 4096 x 4096 float32 is 64 MB and a product ~140 GFLOP (the course: 1024).
_SIDE = _checks.count(4096)


def _mae_by_horizon_arguments(truth: Any, forecast: Any) -> None:
    """``truth`` and ``forecast`` are ``(windows, horizon)`` of one shape."""
    truth = _checks.array_rank("truth", truth, 2, "(windows, horizon)")
    forecast = _checks.array_rank("forecast", forecast, 2, "(windows, horizon)")
    if truth.shape != forecast.shape:
        raise ValueError(f"forecast must have the shape of truth {truth.shape}, got {forecast.shape}")


def _co2_claims_arguments(split: dict[str, Windows], forecasts: Any, levels: Any) -> None:
    """``levels``, if given, has the shape of the test targets."""
    if levels is None:
        return
    levels = _checks.array_rank("levels", levels, 2, "(windows, horizon)")
    if levels.shape != split["test"].y.shape:
        raise ValueError(f"levels must have the test targets' shape {split['test'].y.shape}, got {levels.shape}")


def _adding_scores_arguments(model: Any, X: Any, y: Any, nudge: float) -> None:
    """``X`` is ``(samples, time, 2)`` with two marked steps per sample, ``y`` one target per sample."""
    values = _checks.number_array("X", X, 3, "(samples, time, 2)")
    if values.shape[-1] != 2 or len(values) == 0:
        raise ValueError(f"X must be (samples, time, 2) with one sample at least, got shape {values.shape}")
    if not np.all(np.sum(values[..., 1] == 1, axis=1) == 2):
        raise ValueError("X must mark exactly two steps of every sample (its second channel), as adding_problem does")
    targets = _checks.number_array("y", y, 1, "(samples,)")
    if len(targets) != len(values):
        raise ValueError(f"y must hold one target per sample of X ({len(values)}), got {len(targets)}")


def _output_ceiling_arguments(model: Any, head: str) -> None:
    """``head`` names a ``Dense`` layer of ``model``."""
    names = [layer.name for layer in model.layers]
    if head not in names:
        raise ValueError(f"head must name a layer of model, one of {names}, got {head!r}")


def _exposure_errors_arguments(models: Any, X: Any, y: Any, free: Any, **_: Any) -> None:
    """``models`` is an encoder-decoder ``(train, encoder, decoder)``; ``X``, ``y`` and ``free`` are
    ``(sequences, steps, 1)``, ``y`` and ``free`` of one shape with as many sequences as ``X``."""
    if not hasattr(models, "train") or not callable(models.train):
        raise TypeError(f"models must be a Seq2Seq (train, encoder, decoder), got {type(models).__name__}")
    source = _checks.number_array("X", X, 3, "(sequences, steps, 1)")
    truth = _checks.number_array("y", y, 3, "(sequences, steps, 1)")
    decoded = _checks.number_array("free", free, 3, "(sequences, steps, 1)")
    if decoded.shape != truth.shape or len(truth) != len(source) or len(truth) == 0:
        raise ValueError(f"free and y must share one shape with X's {len(source)} sequences, got {decoded.shape} "
                         f"and {truth.shape}")  # fmt: skip


def _forecasts(name: str, value: object) -> dict[str, np.ndarray]:
    if not isinstance(value, dict) or set(value) != set(KINDS):
        raise TypeError(f"{name} must be a dict with keys {KINDS}, got {value!r}")
    return value


_checks.install(
    globals(),
    rules={
        "echo_errors": {name: _checks.MODEL for name in ("one_to_one", "many_to_one", "many_to_many")},
        "co2_split": {"window": _checks.optional(_checks.ARGUMENTS["window"])},
        "co2_claims": {"split": _SPLIT, "forecasts": _checks.named(f"a dict with keys {KINDS}", _forecasts)},
        # five timings of ``repeats`` products: 100 of 1024^3 are ~1 TFLOP, a minute at most (the course: 50)
        "numpy_gflops": {"rows": _SIDE, "inner": _SIDE, "cols": _SIDE, "repeats": _checks.count(100)},
        "aligned_weight": {"task": _checks.one_of("reverse", "copy")},
        "adding_scores": {"model": _checks.MODEL, "nudge": _checks.POSITIVE},
        "output_ceiling": {"model": _checks.MODEL, "head": _checks.NAME},
        "exposure_errors": {"scale": _checks.POSITIVE, "rng": RANDOM_SOURCE, "shuffles": _checks.count(100)},
    },
    preconditions={
        "mae_by_horizon": _mae_by_horizon_arguments,
        "co2_claims": _co2_claims_arguments,
        "token_accuracy": _paired,
        "sequence_accuracy": _paired,
        "probability_of_truth": _probability_of_truth_arguments,
        "accuracy_by_length": _accuracy_by_length_arguments,
        "aligned_weight": _aligned_weight_arguments,
        "step_accuracy": _step_accuracy_arguments,
        "repeat_share": _repeat_share_arguments,
        "adding_scores": _adding_scores_arguments,
        "exposure_errors": _exposure_errors_arguments,
        "output_ceiling": _output_ceiling_arguments,
    },
)
