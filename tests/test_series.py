"""helpers.series: the CO2 file, monthly means, the split in time, windows, baselines and decoding."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import helpers.course
from helpers.series import (
    CO2_CSV,
    chronological_split,
    decode,
    encode,
    fit_linear,
    fit_scale,
    linear_forecast,
    load_weekly,
    lstm_forecaster,
    mae_by_horizon,
    monthly_means,
    naive,
    recursive_forecast,
    seasonal_naive,
    seasonal_naive_trend,
    windows,
)


def test_the_shipped_file_is_the_record_the_chapter_describes():
    assert 33_000 < CO2_CSV.stat().st_size < 35_000
    weekly = load_weekly()
    assert isinstance(weekly.index, pd.DatetimeIndex) and len(weekly) == 2284
    assert (weekly.index[0], weekly.index[-1]) == (pd.Timestamp("1958-03-29"), pd.Timestamp("2001-12-29"))
    assert int(weekly.isna().sum()) == 59
    assert (CO2_CSV.parent / "co2_mauna_loa_weekly.md").read_text(encoding="utf-8").count("public domain") >= 1


def test_monthly_means_average_measured_weeks_and_interpolate_empty_months(tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_text("date,co2\n20000101,1.0\n20000108,3.0\n20000205,\n20000304,6.0\n", encoding="utf-8")
    monthly = monthly_means(load_weekly(path))
    assert list(monthly.index.month) == [1, 2, 3]
    # January: mean of 1 and 3; February empty: between 2 and 6, interpolated in time (31 of 60 days)
    np.testing.assert_allclose(monthly.to_numpy(), [2.0, 2.0 + 4.0 * 31 / 60, 6.0], rtol=1e-5)


def test_windows_cut_month_indices_and_the_split_never_leaks():
    values = np.arange(100.0)
    w = windows(values, 10, 20, window=3, horizon=2)
    assert w.months.shape == (6, 5) and w.months[0].tolist() == [10, 11, 12, 13, 14] and w.months[-1, -1] == 19
    np.testing.assert_array_equal(w.x, values[w.months[:, :3]])
    split = chronological_split(values, window=4, horizon=2, validation_months=10, test_months=10)
    assert split["train"].months.max() == 79 and split["validation"].months[0, 4] == 80
    assert split["test"].months[0, 4] == 90 and split["test"].months[-1, -1] == 99 and len(split["test"].x) == 9
    assert not np.isin(split["test"].months[:, 4:], split["train"].months).any()


def test_baselines_on_a_line_plus_a_season():
    t = np.arange(36.0)
    x = (2.0 * t / 12 + np.sin(2 * np.pi * t / 12))[None]
    future = (2.0 * (t[:12] + 36) / 12 + np.sin(2 * np.pi * t[:12] / 12))[None]
    np.testing.assert_allclose(naive(x, 3), np.repeat(x[:, -1:], 3, axis=1), rtol=1e-5)
    np.testing.assert_allclose(seasonal_naive(x, 12), x[:, -12:], rtol=1e-5)
    np.testing.assert_allclose(seasonal_naive_trend(x, 12), future, rtol=1e-5, atol=1e-9)
    with pytest.raises(ValueError, match="horizon"):
        naive(x, 13)


def test_offsets_round_trip_and_least_squares_recovers_a_linear_rule():
    values = np.cumsum(np.random.default_rng(0).normal(size=400))
    split = chronological_split(values, window=24, horizon=3, validation_months=30, test_months=30)
    scale = fit_scale(split["train"])
    x = split["test"].x
    np.testing.assert_allclose(decode(encode(x, scale)[..., 0], x, scale, "offsets"), x, rtol=1e-5)
    levels = fit_scale(split["train"], "levels")
    np.testing.assert_allclose(decode(encode(x, levels, "levels")[..., 0], x, levels, "levels"), x, rtol=1e-5)
    # a random walk's best forecast is the last value: least squares finds offsets near zero
    forecast = linear_forecast(fit_linear(split["train"], scale), x, scale)
    assert (
        mae_by_horizon(split["test"].y, forecast).mean() < 1.5 * mae_by_horizon(split["test"].y, naive_like(x)).mean()
    )


def naive_like(x: np.ndarray) -> np.ndarray:
    return np.repeat(x[:, -1:], 3, axis=1)


def test_recursive_forecast_feeds_the_model_its_own_output(keras):
    model = lstm_forecaster(4, 1, units=2, seed=0)
    for weight in model.weights:  # an LSTM that outputs 0 and a head that adds 1: each step is last value + 1
        weight.assign(np.zeros(weight.shape))
    model.get_layer("head").bias.assign(np.ones(1))
    x = np.array([[1.0, 2.0, 3.0, 5.0], [0.0, 0.0, 0.0, 0.0]])
    np.testing.assert_allclose(recursive_forecast(model, x, 3, (0.0, 1.0)), [[6, 7, 8], [1, 2, 3]], rtol=1e-5)


def test_mae_by_horizon():
    np.testing.assert_allclose(mae_by_horizon(np.zeros((2, 2)), np.array([[1.0, -2.0], [3.0, 0.0]])), [2.0, 1.0])


def test_record_seed_study_stores_min_median_max_and_seeds(tmp_path, monkeypatch):
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"notebooks": {}}), encoding="utf-8")
    monkeypatch.setattr(helpers.course, "RESULTS", results)
    helpers.course.record_seed_study("09", {"b": [3.0, 1.0, 2.0], "a": [0.5]})
    stored = json.loads(results.read_text(encoding="utf-8"))["seeds"]["09"]
    assert list(stored) == ["a", "b"]
    assert stored["b"] == {"min": 1.0, "median": 2.0, "max": 3.0, "seeds": [3.0, 1.0, 2.0]}
    assert helpers.course.seed_range("09", "b") == (1.0, 3.0)
    with pytest.raises(TypeError, match="results"):
        helpers.course.record_seed_study("09", {"a": [True]})
    with pytest.raises(ValueError, match="claim"):
        helpers.course.seed_range("09", "c")
    table = helpers.course.seed_table("09", {"the b claim": "b"}).splitlines()
    assert table[0].split() == ["min", "median", "max"]
    assert table[1].split() == ["the", "b", "claim", "1.000", "2.000", "3.000"]
    with pytest.raises(ValueError, match="claim"):
        helpers.course.seed_table("09", {"x": "c"})
    with pytest.raises(TypeError, match="rows"):
        helpers.course.seed_table("09", {})
