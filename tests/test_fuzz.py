"""Bad input everywhere: every public callable of every helpers module refuses a bad argument by name.

The test finds the public functions and classes of each module itself, so a new one is covered at
once; it must then get a row in ``valid_arguments`` (valid example arguments), or this test fails. Each
argument in turn is replaced by every value of ``BAD`` while the others stay valid. The call may
succeed (the value happened to be valid, e.g. ``1`` for a count) or raise ``TypeError``/``ValueError``
whose message names the argument. An exercise checker never raises on the learner's answer: it
returns ``Feedback``.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import time
import types
from collections.abc import Callable

import numpy as np
import pytest

import helpers
import helpers.course
from helpers.exercises import Feedback

MODULES = [importlib.import_module(f"helpers.{m.name}") for m in pkgutil.iter_modules(helpers.__path__)]
MODULES = [m for m in MODULES if not m.__name__.split(".")[-1].startswith("_")]


def public_callables() -> dict[str, Callable]:
    """``"module.name" -> callable`` for the functions and classes each module defines itself."""
    found = {}
    for module in MODULES:
        for name, value in vars(module).items():
            if not name.startswith("_") and callable(value) and getattr(value, "__module__", None) == module.__name__:
                found[f"{module.__name__.removeprefix('helpers.')}.{name}"] = value
    return found


BAD = {
    "None": None,
    "-1": -1,
    "0": 0,
    "1.5": 1.5,
    "NaN": math.nan,
    "True": True,
    "'abc'": "abc",
    "[]": [],
    "empty array": np.empty(0),
    "10**9": 10**9,  # a size far beyond any that fits: refused at once, not a MemoryError or minutes of work
}
#: Seconds one refused (or accepted) bad call may take on a slow CPU: a size without a bound takes far longer.
FAST = 10.0


@pytest.fixture(scope="session")
def tiny(keras):
    """Small models, built once: what the callables that take a model receive."""
    import pandas as pd

    from helpers.data import adding_problem, chronological_split, echo_data, echo_windows, reverse_prefix_dataset
    from helpers.models import (
        adding_model,
        addition_models,
        attention_seq2seq_models,
        build_seq2seq,
        echo_model,
        lstm_forecaster,
        many_to_many_echo_model,
        many_to_one_echo_model,
        one_to_one_echo_model,
        repeat_vector_model,
        reverse_prefix_models,
        teacher_forced_models,
    )
    from helpers.text import ADDITION, addition_dataset

    weekly = pd.Series([1.0, np.nan, 3.0], index=pd.date_range("2000-01-01", periods=3, freq="3W"))
    series_split = chronological_split(np.arange(90.0) + np.sin(np.arange(90)), 24, 2, 6, 6)
    seq2seq = reverse_prefix_models(cardinality=6, units=4, seed=0)
    source, _, target = reverse_prefix_dataset(8, n_in=5, n_out=3, cardinality=6, rng=0)
    return {
        "addition": addition_models(ADDITION.size, embedding=2, units=3, seed=0),
        "addition_data": addition_dataset(np.array([3, 45]), np.array([17, 6]), 2),
        "attention": attention_seq2seq_models(attention="dot", vocabulary=4, units=4, embedding=2, seed=0),
        "seq2seq": seq2seq,
        "source": source,
        "target": target,
        "start": np.eye(6, dtype=np.float32)[0],
        "echo": echo_model(steps_per_execution=4, seed=0),
        "echo_X": echo_data(1, seed=0)[0],
        "repeat": repeat_vector_model(2, units=4, seed=0),
        "teacher": tuple(teacher_forced_models(seed=0, units=4))[1:],
        "windows": echo_windows(1, 2, rng=0)[0],
        "one_to_one": one_to_one_echo_model(units=2, seed=0),
        "many_to_one": many_to_one_echo_model(units=2, seed=0),
        "many_to_many": many_to_many_echo_model(units=2, seed=0),
        "weekly": weekly,
        "series_x": np.arange(48.0).reshape(2, 24),
        "series_split": series_split,
        "series_y": series_split["test"].y,
        "forecaster": lstm_forecaster(3, 1, units=2, seed=0),
        "adding": adding_model("SimpleRNN", units=2, seed=0),
        "adding_data": adding_problem(3, 4, rng=0),
        "regression": build_seq2seq(units=2, seed=0),
    }


def valid_arguments(t: dict) -> dict[str, dict[str, object]]:
    """Valid keyword arguments for every public callable (its required ones; defaults are fuzzed too)."""
    from helpers.course import CHAPTERS
    from helpers.training import FitConfig

    enc, dec = t["seq2seq"].encoder, t["seq2seq"].decoder
    models = {"encoder": enc, "decoder": dec}
    addition_train, addition_encoder, addition_decoder = t["addition"]
    addition_source, addition_input, addition_target = t["addition_data"]
    tokens = {
        "encoder": addition_encoder,
        "decoder": addition_decoder,
        "source": addition_source,
        "max_length": 2,
        "start_token": 1,
        "end_token": 2,
    }
    histories = {"a": {"loss": [1.0, 0.5]}}
    _, attention_encoder, attention_decoder = t["attention"]
    attending = {"encoder": attention_encoder, "decoder": attention_decoder, "source": np.array([[0, 1, 2]])}
    rows = np.array([[1, 2], [3, 4]])
    weights = np.full((2, 2, 3), 1 / 3)
    answer = {"lstm_params": None}
    return {
        "course.Chapter": {
            "number": "01",
            "slug": "x",
            "title": "x",
            "teaches": "x",
            "builds_on": (),
        },
        "course.plot_course_map": {"chapters": CHAPTERS[:2]},
        "course.reading_minutes": {"notebook": helpers.course.NOTEBOOKS / "01_timedistributed.ipynb"},
        "course.run_seconds": {"number": "01"},
        "course.record_benchmark": {"key": "x", "row": ["a", "b", "c", "d"]},
        "course.record_backend_runs": {"runs": {"01": {"jax": {"passed": True, "seconds": 1.0}}}, "measured": "x"},
        "course.record_notebook_times": {"seconds": {"01": 1.0}, "cells": {"01": {"a": 1.0}}, "measured": "today"},
        "data.ramp": {},
        "data.random_integers": {"n_sequences": 2, "length": 3, "cardinality": 5, "rng": 0},
        "data.sliding_windows": {"sequences": np.arange(6), "n_in": 3, "n_out": 2},
        "data.shift_right": {"targets": np.array([[1, 2]])},
        "data.reverse_prefix_dataset": {"n_samples": 4, "rng": 0},
        "data.consecutive_pairs": {"n_sequences": 3},
        "data.to_offsets": {"values": np.ones((2, 3, 1), int), "reference": np.ones((2, 3, 1), int)},
        "data.from_offsets": {"offsets": np.ones((2, 3, 1)), "reference": np.ones((2, 3, 1), int)},
        "data.echo_windows": {"n_sequences": 1, "n_out": 2, "rng": 0},
        "data.source_style_reverse_prefix": {"n_samples": 2, "seed": 0},
        "data.echo_data": {"n_sequences": 1, "seed": 0},
        "data.variable_length_dataset": {"n_samples": 2, "min_length": 1, "max_length": 3, "rng": 0},
        "data.drop_seen": {"source": rows, "seen": rows[:1]},
        "data.count_seen": {"source": rows, "seen": rows[:1]},
        "decoding.feed_argmax_one_hot": {"step_output": np.ones((2, 1, 3)), "classes": 3},
        "decoding.greedy_decode": models | {"source": t["source"], "n_steps": 2, "start": t["start"]},
        "decoding.greedy_decode_tokens": tokens,
        "decoding.beam_search": tokens | {"width": 2},
        "decoding.score_answers": {k: tokens[k] for k in ("encoder", "decoder", "source", "start_token")}
        | {"answers": addition_target},
        "decoding.beam_report": {k: v for k, v in tokens.items() if k != "max_length"}
        | {"target": addition_target, "width": 2},
        "decoding.most_probable": {k: tokens[k] for k in ("encoder", "decoder", "source", "start_token")}
        | {"candidates": addition_target[:2]},
        "decoding.exact_match": models | {"source": t["source"], "targets": t["target"], "start": t["start"]},
        "decoding.source_style_decode": models | {"source": t["source"][:1], "n_steps": 2},
        "decoding.TokenDecoding": {
            "tokens": np.zeros((1, 2), int),
            "probabilities": np.ones((1, 2, 3)),
            "weights": None,
        },
        "decoding.initial_carried": {k: tokens[k] for k in ("encoder", "decoder", "source")},
        "decoding.decoder_step": {
            "decoder": addition_decoder,
            "tokens": np.array([1]),
            "carried": {"h": np.zeros((1, 3), np.float32), "c": np.zeros((1, 3), np.float32)},
        },
        "decoding.attention_snapshots": attending | {"n_steps": 2},
        "diagrams.teacher_forcing_diagram": {},
        "encoding.one_hot": {"values": np.array([0, 1]), "cardinality": 3},
        "exercises.Feedback": {"status": "correct", "message": "x"},
        "exercises.check_prediction": {
            "prediction": None,
            "measured": None,
            "expected": (0.0, 1.0),
            "quantity": "accuracy",
        },
        "exercises.check_lstm_params": answer,
        "exercises.check_sequence_output_shape": {"answer": None},
        "exercises.check_windows_and_batches": {"answer": None},
        "exercises.check_reset_all_states": {"reset_all_states": None},
        "exercises.check_sequence_accuracy": {"sequence_accuracy": None},
        "exercises.check_inference_start": {"decoder_start": None},
        "exercises.check_offsets": {"offsets": None},
        "exercises.check_shift_right": {"shift_right": None},
        "exercises.check_batched_decoder": {"decode": None} | models | {"source": t["source"]},
        "exercises.check_padding_mask": {"padding_mask": None},
        "exercises.check_left_pad": {"left_pad": None},
        "exercises.check_beam_step": {"beam_step": None},
        "exercises.check_beam_prediction": {"prediction": None, "measured": None},
        "exercises.check_copy_attention": {"answer": None},
        "exercises.check_aligned_position": {"aligned_position": None},
        "metrics.token_accuracy": {"truth": np.array([[1, 2]]), "predicted": np.array([[1, 3]])},
        "metrics.sequence_accuracy": {"truth": np.array([[1, 2]]), "predicted": np.array([[1, 3]])},
        "metrics.probability_of_truth": {"probabilities": np.full((2, 3), 1 / 3), "integers": np.array([0, 2])},
        "metrics.numpy_gflops": {"rows": 2, "inner": 2, "cols": 2, "repeats": 1},
        "metrics.accuracy_by_length": {"truth": rows, "predicted": rows, "lengths": np.array([2, 1])},
        "metrics.aligned_weight": {"weights": weights, "lengths": np.array([2, 1])},
        "models.Seq2Seq": dict(zip(("train", "encoder", "decoder"), t["seq2seq"], strict=True)),
        "models.seq2seq_flops_per_sample": {"n_in": 6, "n_out": 3, "cardinality": 51, "units": 128},
        "models.reverse_prefix_models": {"cardinality": 6, "units": 4},
        "models.echo_model": {"classes": 3, "window": 2},
        "models.fast_adam": {},
        "models.repeat_vector_model": {"n_out": 2, "units": 4, "classes": 3, "window": 2},
        "models.teacher_forced_models": {"units": 4, "classes": 3, "window": 2},
        "models.build_seq2seq": {"units": 4},
        "models.addition_models": {"vocabulary": 14, "embedding": 2, "units": 3},
        "models.addition_inference_models": {"train": addition_train},
        "models.attention_seq2seq_models": {"attention": "dot", "vocabulary": 4, "units": 4, "embedding": 2, "seed": 0},
        "training.fit_tokens": {
            "train": addition_train,
            "source": addition_source,
            "decoder_input": addition_input,
            "target": addition_target,
            "fit": FitConfig(epochs=1, batch_size=2, learning_rate=0.01),
        },
        "plots.plot_histories": {"histories": histories},
        "plots.plot_predictions": {"truth": np.arange(3.0), "predictions": {"a": np.arange(3.0)}},
        "plots.plot_attention": {"weights": weights, "sources": rows[:, [0, 1, 1]], "outputs": rows},
        "progress.quiet": {},
        "progress.verbose": {},
        "report.measured": {"value": 0.5},
        "repro.seed_everything": {"seed": 1},
        "repro.import_keras_quietly": {},
        "repro.backend": {},
        "repro.steps_per_execution": {"steps": 4},
        "text.CharVocabulary": {"characters": "ab"},
        "text.digits": {"numbers": np.array([0, 123]), "width": 4},
        "text.addition_dataset": {"a": np.array([3, 45]), "b": np.array([17, 6]), "max_digits": 2},
        "text.split_pairs": {"max_value": 3, "test_size": 2, "rng": 0},
        "text.all_answers": {"max_digits": 1},
        "training.FitConfig": {"epochs": 1, "batch_size": 2, "learning_rate": 0.1},
        "training.reset_stateful_layers": {"model": t["echo"]},
        "training.sync_weights": {"model": t["echo"]},
        "training.block_means": {"end_steps": np.array([1, 2]), "running_means": np.array([1.0, 2.0])},
        "training.ResetStatesEvery": {"n_batches": 2},
        "training.reset_states_every": {"n_batches": 2},
        "training.train_seq2seq": {
            "source": np.ones((4, 3, 1)),
            "targets": np.ones((4, 3, 1)),
            "fit": FitConfig(epochs=1, batch_size=4, learning_rate=0.01),
            "seed": 0,
        },
        "training.fit_with_resets": {"model": t["echo"], "X": t["echo_X"]},
        "training.predict_with_resets": {"model": t["echo"], "X": t["echo_X"]},
        "training.encode_source": {"windows": t["windows"]},
        "training.fit_repeat_vector": {"n_out": 1, "n_sequences": 1, "epochs": 1},
        "training.predict_repeat_vector": {"model": t["repeat"], "x": t["windows"]},
        "training.fit_source_regime": {"n_out": 1, "units": 4, "n_steps": 1},
        "training.fit_teacher_forced": {"n_out": 1, "n_sequences": 1},
        "training.predict_teacher_forced": {"models": t["teacher"], "x": t["windows"], "n_out": 2},
        "training.train_and_score": {"n_out": 1, "n_samples": 8},
        "diagrams.lstm_cell_diagram": {},
        # notebook 09, forecasting a measured series
        "course.record_seed_study": {"chapter": "99", "results": {"a": [1.0, 2.0]}},
        "course.run_seed_study": {"chapter": "99", "run": lambda seed: {"a": float(seed)}, "n_seeds": 2},
        "course.seed_range": {"chapter": "09", "claim": "direct_mae"},
        "course.seed_table": {"chapter": "09", "rows": {"direct": "direct_mae"}},
        "exercises.check_forecast_prediction": {"prediction": None, "measured": None, "claim": "exercise_levels_mae"},
        "exercises.check_study_prediction": {
            "prediction": None,
            "measured": None,
            "chapter": "05",
            "claim": "original_order_6",
            "quantity": "x",
            "room": 0.1,
        },
        "data.load_weekly": {},
        "data.monthly_means": {"weekly": t["weekly"]},
        "data.Windows": {"months": np.zeros((1, 3), int), "x": np.zeros((1, 2)), "y": np.zeros((1, 1))},
        "data.windows": {"values": np.arange(10.0), "start": 0, "stop": 10, "window": 3, "horizon": 2},
        "data.chronological_split": {
            "values": np.arange(40.0),
            "window": 3,
            "horizon": 2,
            "validation_months": 5,
            "test_months": 5,
        },
        "models.naive": {"x": t["series_x"], "horizon": 2},
        "models.seasonal_naive": {"x": t["series_x"], "horizon": 2},
        "models.seasonal_naive_trend": {"x": t["series_x"], "horizon": 2},
        "encoding.fit_scale": {"train": t["series_split"]["train"]},
        "encoding.to_inputs": {"x": t["series_x"], "scale": (0.0, 1.0)},
        "encoding.to_ppm": {
            "outputs": np.ones((2, 1)),
            "x": t["series_x"],
            "scale": (0.0, 1.0),
            "representation": "offsets",
        },
        "models.fit_linear": {"train": t["series_split"]["train"], "scale": (0.0, 1.0)},
        "models.linear_forecast": {"weights": np.ones((25, 2)), "x": t["series_x"], "scale": (0.0, 1.0)},
        "models.lstm_forecaster": {"window": 3, "outputs": 2, "units": 2},
        "decoding.recursive_forecast": {
            "model": t["forecaster"],
            "x": np.ones((2, 3)),
            "horizon": 2,
            "scale": (0.0, 1.0),
        },
        "training.train_lstm": {"kind": "recursive", "split": t["series_split"], "epochs": 1},
        "metrics.mae_by_horizon": {"truth": np.ones((2, 3)), "forecast": np.zeros((2, 3))},
        "metrics.co2_split": {},
        "metrics.co2_claims": {
            "split": t["series_split"],
            "forecasts": {"direct": t["series_y"], "recursive": t["series_y"]},
            "levels": t["series_y"],
        },
        "models.one_to_one_echo_model": {"units": 2},
        "models.many_to_one_echo_model": {"units": 2},
        "models.many_to_many_echo_model": {"units": 2},
        "data.echo_probes": {},
        "data.window_positions": {"window_values": np.arange(12).reshape(2, 6)},
        "metrics.echo_errors": {k: t[k] for k in ("one_to_one", "many_to_one", "many_to_many")},
        "training.fit_steps": {
            "model": t["one_to_one"],
            "X": np.ones((2, 1, 1)),
            "y": np.ones((2, 1)),
            "steps": 2,
            "steps_per_point": 2,
        },
        # notebook 03, source-B part 2 at the source's settings and the ablation
        "metrics.step_accuracy": {"truth": np.array([[1, 2], [3, 4]]), "predicted": np.array([[1, 0], [3, 4]])},
        "metrics.repeat_share": {"sequences": np.array([[1, 1], [3, 4]])},
        "models.repeat_vector_state_model": {"n_out": 2, "units": 4, "classes": 3, "window": 2},
        "training.StepLosses": {},
        "models.keras2_hard_sigmoid": {"x": np.array([-5.0, 0.0, 1.0])},
        "models.keras2_categorical_crossentropy": {"y_true": np.eye(3)[[0, 2]], "y_pred": np.full((2, 3), 1 / 3)},
        # notebook 02, the long lag
        "data.adding_problem": {"n_samples": 4, "length": 6, "rng": 0},
        "models.adding_model": {"cell": "SimpleRNN", "units": 2},
        "models.SourceAttention": {"score": "bahdanau", "units": 2},
        "training.train_adding": {"cell": "SimpleRNN", "length": 4, "units": 2},
        "metrics.adding_scores": {"model": t["adding"], "X": t["adding_data"][0], "y": t["adding_data"][1]},
        "metrics.output_ceiling": {"model": t["regression"].train},
        "metrics.exposure_errors": {"models": t["regression"]} | dict.fromkeys(("X", "y", "free"), np.ones((2, 3, 1))),
        "plots.plot_seed_study": {
            "chapter": "09",
            "x": [1],
            "series": {"a": ["direct_mae"]},
            "xlabel": "x",
            "ylabel": "y",
            "title": "t",
        },
        "course.seed_summary": {"chapter": "09", "claim": "direct_mae"},
        "course.seed_values": {"chapter": "09", "claim": "direct_mae"},
        "training.ExactMatchEvery": models
        | {"every": 1, "until": 2, "sources": t["source"], "targets": t["target"], "batch_size": 2},
    }


# Callables that train a model for every bad value that happens to be valid: their fit is stubbed while fuzzing.
EXPENSIVE = {
    "training.train_and_score",
    "training.train_seq2seq",
    "training.fit_repeat_vector",
    "training.fit_teacher_forced",
    "training.fit_source_regime",
    "training.fit_with_resets",
    "training.fit_tokens",
    "training.fit_steps",
    "training.train_lstm",
    "training.train_adding",
}


def wrong_rank(value: object) -> np.ndarray:
    rank = np.ndim(value) if isinstance(value, np.ndarray) else 1
    return np.zeros((2,) * (rank + 1))


def test_every_public_callable_has_valid_arguments(tiny):
    missing = sorted(set(public_callables()) - set(valid_arguments(tiny)))
    assert not missing, f"add valid example arguments to valid_arguments in tests/test_fuzz.py for: {missing}"
    stale = sorted(set(valid_arguments(tiny)) - set(public_callables()))
    assert not stale, f"remove from tests/test_fuzz.py: {stale}"


@pytest.mark.parametrize("name", sorted(public_callables()))
def test_bad_arguments_are_refused_by_name(name, tiny, monkeypatch, tmp_path):
    import keras

    import helpers.course

    results = tmp_path / "results.json"  # record_benchmark writes here, never into benchmarks/
    results.write_text(helpers.course.RESULTS.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(helpers.course, "RESULTS", results)
    func = public_callables()[name]
    valid = valid_arguments(tiny)[name]
    if name in EXPENSIVE:
        # a valid "bad" value (e.g. reverse=True) would train: the checks come before fit, so fit is stubbed
        monkeypatch.setattr(keras.Model, "fit", lambda self, *a, **k: types.SimpleNamespace(history={"loss": [0.0]}))
    func(**valid)  # the valid arguments are valid
    parameters = [
        p
        for p in inspect.signature(func).parameters.values()
        if p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    learner_answer = name.startswith("exercises.check_") and parameters
    problems = []
    for parameter in parameters:
        values = dict(BAD, **{"wrong rank": wrong_rank(valid.get(parameter.name))})
        for label, bad in values.items():
            arguments = dict(valid, **{parameter.name: bad})
            began = time.monotonic()
            try:
                result = func(**arguments)
            except (TypeError, ValueError) as error:
                if learner_answer and parameter.name == parameters[0].name:
                    problems.append(f"{parameter.name}={label}: a checker raised instead of returning Feedback")
                elif parameter.name not in str(error):
                    problems.append(f"{parameter.name}={label}: message does not name it: {error}")
            except Exception as error:  # noqa: BLE001 -- any other exception is what this test looks for
                problems.append(f"{parameter.name}={label}: {type(error).__name__}: {error}")
            else:
                if learner_answer and parameter.name == parameters[0].name and not isinstance(result, Feedback):
                    problems.append(f"{parameter.name}={label}: a checker returned {type(result).__name__}")
            if time.monotonic() - began > FAST:
                problems.append(f"{parameter.name}={label}: took {time.monotonic() - began:.0f} s, not refused at once")
    assert not problems, f"{name}:\n" + "\n".join(problems)
