"""Forecasting a measured series: load, resample, split in time, window, baselines, LSTM forecasters.

Shapes: a series of ``n`` months is ``(n,)``; windows are ``(windows, window)`` inputs and
``(windows, horizon)`` targets, in ppm; models read ``(windows, window, 1)`` offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from helpers import _checks

if TYPE_CHECKING:
    import keras

#: The weekly Mauna Loa record shipped with the course (``data/co2_mauna_loa_weekly.md`` says where from).
CO2_CSV = Path(__file__).resolve().parents[1] / "data" / "co2_mauna_loa_weekly.csv"
SEASON = 12
#: Chapter 09's recipe, shared by the notebook and ``benchmarks/seeds_09_co2.py``.
RECIPE = {"window": 36, "horizon": 12, "validation_months": 48, "test_months": 48, "units": 32, "epochs": 100}
REPRESENTATIONS = ("offsets", "levels")
KINDS = ("direct", "recursive")


def load_weekly(path: str | Path = CO2_CSV) -> pd.Series:
    """The weekly record as a ``pd.Series`` of ppm on a ``DatetimeIndex`` of weeks; empty weeks are ``NaN``."""
    frame = pd.read_csv(path, dtype={"date": str})
    weeks = pd.DatetimeIndex(pd.to_datetime(frame["date"], format="%Y%m%d"), name="week")
    return pd.Series(frame["co2"].to_numpy(np.float64), index=weeks, name="co2 (ppm)")


def monthly_means(weekly: pd.Series) -> pd.Series:
    """Monthly means ``(months,)`` of the weeks measured in each month; a month with none is interpolated in time."""
    return weekly.resample("MS").mean().interpolate(method="time")


@dataclass(frozen=True)
class Windows:
    """Windows of a series: ``months`` ``(windows, window + horizon)`` month indices, ``x`` and ``y`` in ppm."""

    months: np.ndarray
    x: np.ndarray
    y: np.ndarray


def windows(values: npt.ArrayLike, start: int, stop: int, window: int, horizon: int) -> Windows:
    """Every window of ``window`` inputs and ``horizon`` targets that lies inside months ``start .. stop - 1``.

    The month indices are cut by ``keras.utils.timeseries_dataset_from_array``, so ``months`` says exactly
    which months each window touches (inputs and targets).
    """
    import keras

    values = np.asarray(values).astype(np.float64)
    dataset = keras.utils.timeseries_dataset_from_array(
        np.arange(start, stop), None, sequence_length=window + horizon, batch_size=None, shuffle=False
    )
    months = np.stack(list(dataset.as_numpy_iterator())).astype(np.int64)
    return Windows(months, values[months[:, :window]], values[months[:, window:]])


def chronological_split(
    values: npt.ArrayLike, window: int, horizon: int, validation_months: int, test_months: int
) -> dict[str, Windows]:
    """Train, validation and test windows in time order: the last ``test_months`` are the test targets.

    A validation or test window's inputs may reach back into the months before it (they are the known past);
    its targets lie in its own period, and a training window touches no later month at all.
    """
    n = len(values)
    test_start, validation_start = n - test_months, n - test_months - validation_months
    return {
        "train": windows(values, 0, validation_start, window, horizon),
        "validation": windows(values, validation_start - window, test_start, window, horizon),
        "test": windows(values, test_start - window, n, window, horizon),
    }


# Baselines: exact arithmetic on a window's own inputs, no training --------------------------------------------


def naive(x: npt.ArrayLike, horizon: int) -> np.ndarray:
    """The last value, repeated: ``(windows, window)`` -> ``(windows, horizon)``."""
    x = np.asarray(x).astype(np.float64)
    return np.repeat(x[:, -1:], horizon, axis=1)


def seasonal_naive(x: npt.ArrayLike, horizon: int) -> np.ndarray:
    """The value 12 months earlier: ``(windows, window)`` -> ``(windows, horizon)``."""
    x = np.asarray(x).astype(np.float64)
    return x[:, -SEASON:][:, :horizon]


def seasonal_naive_trend(x: npt.ArrayLike, horizon: int) -> np.ndarray:
    """The value 12 months earlier plus the window's mean rise over 12 months (the mean year-on-year change)."""
    x = np.asarray(x).astype(np.float64)
    rise = (x[:, SEASON:] - x[:, :-SEASON]).mean(axis=1, keepdims=True)
    return x[:, -SEASON:][:, :horizon] + rise


# Representation: each window relative to its own last value, divided by a scale fit on training windows --------


def fit_scale(train: Windows, representation: str = "offsets") -> tuple[float, float]:
    """``(centre, scale)`` from the training windows' inputs only: offsets from the last value, or levels."""
    if representation == "levels":
        return float(train.x.mean()), float(train.x.std())
    return 0.0, float((train.x - train.x[:, -1:]).std())


def encode(x: npt.ArrayLike, scale: tuple[float, float], representation: str = "offsets") -> np.ndarray:
    """Model inputs ``(windows, window, 1)`` float32 from ppm windows ``(windows, window)``."""
    x = np.asarray(x)
    centre, spread = scale
    reference = x[:, -1:] if representation == "offsets" else centre
    return ((x - reference) / spread)[..., None].astype(np.float32)


def decode(outputs: npt.ArrayLike, x: npt.ArrayLike, scale: tuple[float, float], representation: str) -> np.ndarray:
    """ppm ``(windows, steps)`` from model outputs ``(windows, steps)``, the inverse of :func:`encode`."""
    outputs, x = np.asarray(outputs).astype(np.float64), np.asarray(x)
    centre, spread = scale
    return outputs * spread + (x[:, -1:] if representation == "offsets" else centre)


def fit_linear(train: Windows, scale: tuple[float, float]) -> np.ndarray:
    """Least squares on the same inputs as the LSTM: weights ``(window + 1, horizon)``, the last row the bias."""
    inputs = np.c_[encode(train.x, scale)[..., 0], np.ones(len(train.x))]
    targets = (train.y - train.x[:, -1:]) / scale[1]
    return np.linalg.lstsq(inputs, targets, rcond=None)[0]


def linear_forecast(weights: npt.ArrayLike, x: npt.ArrayLike, scale: tuple[float, float]) -> np.ndarray:
    """ppm forecasts ``(windows, horizon)`` of the least-squares model for windows ``x`` ``(windows, window)``."""
    inputs = np.c_[encode(x, scale)[..., 0], np.ones(len(x))]
    return decode(inputs @ np.asarray(weights), x, scale, "offsets")


# LSTM forecasters -------------------------------------------------------------------------------------------


def lstm_forecaster(window: int, outputs: int, units: int = 32, seed: int = 1) -> keras.Model:
    """LSTM(units) then Dense(outputs): ``(batch, window, 1)`` -> ``(batch, outputs)``, compiled with Adam 3e-3."""
    import keras

    import helpers.repro

    helpers.repro.seed_everything(seed)
    model = keras.Sequential(
        [keras.Input((window, 1)), keras.layers.LSTM(units, name="lstm"), keras.layers.Dense(outputs, name="head")],
        name=f"lstm_{outputs}_out",
    )
    steps = helpers.repro.steps_per_execution(12)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse", steps_per_execution=steps)
    return model


def recursive_forecast(
    model: keras.Model, x: npt.ArrayLike, horizon: int, scale: tuple[float, float], representation: str = "offsets"
) -> np.ndarray:
    """Feed a one-step model its own forecasts: ``horizon`` batched calls over all windows -> ``(windows, horizon)``."""
    history = np.asarray(x).astype(np.float64)
    forecasts = []
    for _ in range(horizon):  # one call per step, each over every window at once
        step = decode(model.predict_on_batch(encode(history, scale, representation)), history, scale, representation)
        forecasts.append(step[:, 0])
        history = np.c_[history[:, 1:], step[:, :1]]
    return np.stack(forecasts, axis=1)


def train_lstm(
    kind: str, split: dict[str, Windows], seed: int = 1, representation: str = "offsets", epochs: int | None = None
) -> tuple[keras.Model, np.ndarray, np.ndarray]:
    """Build and fit chapter 09's LSTM (``RECIPE``); return it with its validation and test forecasts in ppm.

    ``direct`` predicts all ``horizon`` months at once; ``recursive`` learns month 1 of the same windows and is
    fed back (:func:`recursive_forecast`). Same windows, scale, epochs, batch 32 and optimizer for both.
    """
    import helpers.progress

    epochs = RECIPE["epochs"] if epochs is None else epochs
    train, horizon = split["train"], split["train"].y.shape[1]
    scale = fit_scale(train, representation)
    steps = horizon if kind == "direct" else 1
    model = lstm_forecaster(train.x.shape[1], steps, RECIPE["units"], seed)
    targets = (train.y[:, :steps] - (train.x[:, -1:] if representation == "offsets" else scale[0])) / scale[1]
    model.fit(
        encode(train.x, scale, representation),
        targets.astype(np.float32),
        epochs=epochs,
        batch_size=32,
        shuffle=True,
        verbose=helpers.progress.verbose(epochs),
    )

    def forecast(x: np.ndarray) -> np.ndarray:
        if kind == "recursive":
            return recursive_forecast(model, x, horizon, scale, representation)
        return decode(model.predict_on_batch(encode(x, scale, representation)), x, scale, representation)

    return model, forecast(split["validation"].x), forecast(split["test"].x)


def mae_by_horizon(truth: npt.ArrayLike, forecast: npt.ArrayLike) -> np.ndarray:
    """Mean absolute error for each month ahead: ``(windows, horizon)`` twice -> ``(horizon,)``."""
    return np.abs(np.asarray(truth, np.float64) - np.asarray(forecast)).mean(axis=0)


def co2_split(window: int | None = None) -> tuple[dict[str, Windows], dict[str, float]]:
    """Chapter 09's split of the monthly record (``RECIPE``) and the claims that need no training.

    Returns the split and ``{claim id: value}``: test months inside a training window (must be 0), the MAE in
    ppm of the baselines and the least-squares model over the test windows, and its ratio to seasonal naive plus
    trend. ``window`` replaces the recipe's input length (exercise 1).
    """
    window = RECIPE["window"] if window is None else window
    values = monthly_means(load_weekly()).to_numpy()
    split = chronological_split(values, window, RECIPE["horizon"], RECIPE["validation_months"], RECIPE["test_months"])
    train, test = split["train"], split["test"]
    scale = fit_scale(train)
    forecasts = {"linear": linear_forecast(fit_linear(train, scale), test.x, scale)}
    if window >= 2 * SEASON:
        forecasts |= {f.__name__: f(test.x, RECIPE["horizon"]) for f in (naive, seasonal_naive, seasonal_naive_trend)}
    mae = {name: float(mae_by_horizon(test.y, f).mean()) for name, f in forecasts.items()}
    claims = {f"{name}_mae": value for name, value in mae.items()}
    claims["leaked_test_months"] = float(np.isin(test.months[:, window:], train.months).sum())
    if "seasonal_naive_trend" in mae:
        claims["linear_over_trend"] = mae["linear"] / mae["seasonal_naive_trend"]
    return split, claims


def co2_claims(split: dict[str, Windows], forecasts: dict[str, np.ndarray], levels: np.ndarray) -> dict[str, float]:
    """The LSTM claims of chapter 09 from test forecasts ``{"direct", "recursive": (windows, horizon)}`` in ppm.

    ``levels`` is the direct LSTM's forecast trained on standardised levels instead of offsets (exercise 2).
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
    fixed["exercise_levels_mae"] = float(mae_by_horizon(test.y, levels).mean())
    return fixed


# Argument checks, applied by _checks.install below (out of the bodies the notebooks print) ----------------------

#: Months of a series: the course's record holds 526; 10,000 months are cut into windows in ~1.5 s.
_MONTHS = 10_000


def _csv_file(name: str, value: object) -> str | Path:
    if not isinstance(value, (str, Path)):
        raise TypeError(f"{name} must be a str or Path to the CSV file, got {type(value).__name__}")
    if not Path(value).is_file():
        raise ValueError(f"{name} must name an existing CSV file, got {str(value)!r}")
    return value


def _weekly(name: str, value: object) -> pd.Series:
    if not isinstance(value, pd.Series) or not isinstance(value.index, pd.DatetimeIndex):
        raise TypeError(f"{name} must be a pd.Series on a DatetimeIndex, got {type(value).__name__}")
    return value


def _within_a_season(name: str, value: object) -> int:
    value = _checks.positive_int(name, value)
    if value > SEASON:
        raise ValueError(f"{name} must be <= {SEASON} (the baselines look one season back), got {value}")
    return value


def _windows(name: str, value: object) -> Windows:
    if not isinstance(value, Windows):
        raise TypeError(f"{name} must be Windows, got {type(value).__name__}")
    return value


def _scale(name: str, value: object) -> tuple[float, float]:
    """``value`` is ``(centre, spread)`` floats, the pair :func:`fit_scale` returns."""
    if not isinstance(value, tuple) or len(value) != 2 or not all(isinstance(v, float) for v in value):
        raise TypeError(f"{name} must be the (centre, spread) pair fit_scale returns, got {value!r}")
    if not (np.isfinite(value).all() and value[1] > 0):
        raise ValueError(f"{name} must hold a finite centre and a positive spread, got {value!r}")
    return value


def _split(name: str, value: object) -> dict[str, Windows]:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(k), Windows) for k in ("train", "validation", "test")
    ):
        raise TypeError(f"{name} must be chronological_split's dict of train, validation and test Windows")
    return value


def _forecasts(name: str, value: object) -> dict[str, np.ndarray]:
    if not isinstance(value, dict) or set(value) != set(KINDS):
        raise TypeError(f"{name} must be a dict with keys {KINDS}, got {value!r}")
    return value


_TRAIN = _checks.named("Windows (chronological_split's train windows)", _windows)
_SCALE = _checks.named("the (centre, spread) floats of fit_scale", _scale)
_SPLIT = _checks.named("chronological_split's dict of Windows", _split)
_REPRESENTATION = _checks.one_of(*REPRESENTATIONS)


def _x(x: Any, **_: Any) -> None:
    """``x`` holds windows ``(windows, window)``."""
    _checks.array_rank("x", x, 2, "(windows, window)")


def _windows_arguments(values: Any, start: int, stop: int, window: int, horizon: int) -> None:
    """``values`` is ``(months,)`` and months ``start .. stop - 1`` hold one window at least."""
    values = _checks.array_rank("values", values, 1, "(months,)")
    if not start + window + horizon <= stop <= len(values):
        raise ValueError(f"stop must lie in [start + window + horizon, len(values)], got {stop}")


def _chronological_split_arguments(
    values: Any, window: int, horizon: int, validation_months: int, test_months: int
) -> None:
    """``values`` is ``(months,)`` and long enough for the three periods and their windows."""
    n = len(_checks.array_rank("values", values, 1, "(months,)"))
    if n < 2 * (window + horizon) + validation_months + test_months:
        raise ValueError(f"values must hold enough months for the three periods and their windows, got {n}")


def _baseline_arguments(x: Any, horizon: int) -> None:
    """``x`` is ``(windows, window)`` with two seasons of inputs at least."""
    x = _checks.array_rank("x", x, 2, "(windows, window)")
    if x.shape[1] < 2 * SEASON:
        raise ValueError(f"x must hold >= {2 * SEASON} months (two seasons) per window, got shape {x.shape}")


def _decode_arguments(outputs: Any, x: Any, **_: Any) -> None:
    """``outputs (windows, steps)`` with one row per window of ``x (windows, window)``."""
    outputs = _checks.array_rank("outputs", outputs, 2, "(windows, steps)")
    x = _checks.array_rank("x", x, 2, "(windows, window)")
    if len(outputs) != len(x):
        raise ValueError(f"outputs must have one row per window of x ({len(x)}), got {len(outputs)}")


def _linear_forecast_arguments(weights: Any, x: Any, scale: tuple[float, float]) -> None:
    """``weights (window + 1, horizon)`` for windows ``x (windows, window)``."""
    weights = _checks.array_rank("weights", weights, 2, "(window + 1, horizon)")
    x = _checks.array_rank("x", x, 2, "(windows, window)")
    if weights.shape[0] != x.shape[1] + 1:
        raise ValueError(f"weights must have window + 1 = {x.shape[1] + 1} rows, got shape {weights.shape}")


def _mae_by_horizon_arguments(truth: Any, forecast: Any) -> None:
    """``truth`` and ``forecast`` are ``(windows, horizon)`` of one shape."""
    truth = _checks.array_rank("truth", truth, 2, "(windows, horizon)")
    forecast = _checks.array_rank("forecast", forecast, 2, "(windows, horizon)")
    if truth.shape != forecast.shape:
        raise ValueError(f"forecast must have the shape of truth {truth.shape}, got {forecast.shape}")


def _co2_claims_arguments(split: dict[str, Windows], forecasts: Any, levels: Any) -> None:
    """``levels`` has the shape of the test targets."""
    levels = _checks.array_rank("levels", levels, 2, "(windows, horizon)")
    if levels.shape != split["test"].y.shape:
        raise ValueError(f"levels must have the test targets' shape {split['test'].y.shape}, got {levels.shape}")


_BASELINE = {"horizon": _checks.named(f"an integer from 1 to {SEASON}", _within_a_season)}
_checks.install(
    globals(),
    rules={
        "load_weekly": {"path": _checks.named("a str or Path of an existing CSV file", _csv_file)},
        "monthly_means": {"weekly": _checks.named("a pd.Series on a DatetimeIndex", _weekly)},
        "windows": {"start": _checks.count(_MONTHS, minimum=0), "stop": _checks.count(_MONTHS)},
        "chronological_split": {"validation_months": _checks.count(_MONTHS), "test_months": _checks.count(_MONTHS)},
        "naive": _BASELINE,
        "seasonal_naive": _BASELINE,
        "seasonal_naive_trend": _BASELINE,
        "fit_scale": {"train": _TRAIN, "representation": _REPRESENTATION},
        "encode": {"scale": _SCALE, "representation": _REPRESENTATION},
        "decode": {"scale": _SCALE, "representation": _REPRESENTATION},
        "fit_linear": {"train": _TRAIN, "scale": _SCALE},
        "linear_forecast": {"scale": _SCALE},
        "lstm_forecaster": {"outputs": _checks.ARGUMENTS["horizon"]},
        "recursive_forecast": {"model": _checks.MODEL, "scale": _SCALE, "representation": _REPRESENTATION},
        # 100 epochs (RECIPE) take ~17 s, 1,000 about three minutes
        "train_lstm": {"kind": _checks.one_of(*KINDS), "split": _SPLIT, "representation": _REPRESENTATION,
                       "epochs": _checks.optional(_checks.count(1000))},
        "co2_split": {"window": _checks.optional(_checks.ARGUMENTS["window"])},
        "co2_claims": {"split": _SPLIT, "forecasts": _checks.named(f"a dict with keys {KINDS}", _forecasts)},
    },
    preconditions={
        "windows": _windows_arguments,
        "chronological_split": _chronological_split_arguments,
        "naive": _baseline_arguments,
        "seasonal_naive": _baseline_arguments,
        "seasonal_naive_trend": _baseline_arguments,
        "encode": _x,
        "decode": _decode_arguments,
        "linear_forecast": _linear_forecast_arguments,
        "recursive_forecast": _x,
        "mae_by_horizon": _mae_by_horizon_arguments,
        "co2_claims": _co2_claims_arguments,
    },
)  # fmt: skip
