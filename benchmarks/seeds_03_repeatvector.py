"""Notebook 03: do its headline numbers hold across seeds? Prints min / median / max over the seeds.

The models, data and training come from :mod:`helpers` (``helpers.training.fit_*``), the code notebook 03
shows with ``inspect.getsource``, so this script measures what the notebook teaches.
Each seed changes the training windows and the initial weights; the 2,100 test windows stay the same.

Per seed: the source's own settings (150 units at 2 output steps, 300 units at 4, 5,000 fresh sequences,
batch 21 in order, Adam 0.001, one ``fit`` each: about two minutes on an idle 2-core CPU), the ablation at
the standard budget (8,001 windows x 3 epochs, 64 units), the fix without gradient clipping, and the
changed experiments of the exercise (the fix at half its width).

Writes min / median / max of every metric into ``benchmarks/results.json`` (``seeds.03``) through
``helpers.course.record_seed_study``: notebook 03 quotes the source's two-step run from there.
Usage: ``python benchmarks/seeds_03_repeatvector.py [SEED ...]`` (default seeds 1-5; 3-5 minutes a seed).

``python benchmarks/seeds_03_repeatvector.py causes`` runs the investigation of the source's worse four-step
run instead (seeds 1-5, about 4 minutes a seed) and records it as ``seeds["03.causes"]``: the source's settings
with Keras 2's gate activation and its clipped cross-entropy restored, how often the fix's gradient clipping
acts, and the ablation trained on the source's 105,000 windows.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np

from helpers.course import record_seed_study, run_seed_study
from helpers.data import echo_windows
from helpers.metrics import repeat_share, sequence_accuracy, step_accuracy, token_accuracy
from helpers.training import (
    ECHO_SOURCE_SEQUENCES,
    SOURCE_UNITS,
    fit_repeat_vector,
    fit_source_regime,
    fit_teacher_forced,
    predict_repeat_vector,
    predict_teacher_forced,
)

LOSS_BLOCK = 100  # steps per point of the smoothed loss curve


def largest_loss_rise(losses: np.ndarray, block: int = LOSS_BLOCK) -> float:
    """The largest rise from one block's mean loss to the next (the source's jump: 1.69 -> 4.28)."""
    means = losses[: len(losses) // block * block].reshape(-1, block).mean(axis=1)
    return float(np.max(np.diff(means)))


def run_seed(seed: int) -> dict[str, float]:
    """Every headline number of the notebook, for one seed."""
    test = {n: echo_windows(100, n, rng=2026) for n in (2, 4)}
    out: dict[str, float] = {}
    for n_out, units in SOURCE_UNITS.items():
        x, y = test[n_out]
        start = time.perf_counter()
        model, losses = fit_source_regime(n_out, units, seed=seed)
        out[f"source {n_out}/{units}: seconds"] = time.perf_counter() - start
        predicted = predict_repeat_vector(model, x)
        out[f"source {n_out}/{units}: token"] = token_accuracy(y, predicted)
        out[f"source {n_out}/{units}: seq"] = sequence_accuracy(y, predicted)
        for step, value in enumerate(step_accuracy(y, predicted), 1):
            out[f"source {n_out}/{units}: step {step}"] = float(value)
        out[f"source {n_out}/{units}: repeat share"] = repeat_share(predicted)
        out[f"source {n_out}/{units}: later steps, best"] = float(step_accuracy(y, predicted)[1:].max())
        out[f"source {n_out}/{units}: repeat share over truth's"] = repeat_share(predicted) / repeat_share(y)
        out[f"source {n_out}/{units}: loss, last 500 steps"] = float(losses[-500:].mean())
        out[f"source {n_out}/{units}: largest rise of {LOSS_BLOCK}-step mean loss"] = largest_loss_rise(losses)
    x, y = test[4]
    out["truth 4: repeat share"] = repeat_share(y)
    variants = {
        "RV, zero state": lambda: predict_repeat_vector(fit_repeat_vector(4, seed=seed), x),
        "RV, initial_state": lambda: predict_repeat_vector(fit_repeat_vector(4, seed=seed, initial_state=True), x),
        "TF, forward": lambda: predict_teacher_forced(fit_teacher_forced(4, reverse=False, seed=seed), x, 4, False),
        "TF, reversed (fix)": lambda: predict_teacher_forced(fit_teacher_forced(4, seed=seed), x, 4),
        "fix, no clipnorm": lambda: predict_teacher_forced(fit_teacher_forced(4, seed=seed, clipnorm=None), x, 4),
        "fix, 32 units": lambda: predict_teacher_forced(fit_teacher_forced(4, seed=seed, units=32), x, 4),
    }
    for name, run in variants.items():
        predicted = run()
        out[f"4 steps, {name}: token"] = token_accuracy(y, predicted)
        out[f"4 steps, {name}: seq"] = sequence_accuracy(y, predicted)
    return out


#: The steps at which the source printed its loss, and the candidate causes of its worse run (Keras 2 defaults).
PRINTED_STEPS = (250, 1000, 2000, 3750, 5000)
KERAS2_CANDIDATES = {
    "Keras 2 gates": {"keras2_gates": True},
    "Keras 2 loss": {"keras2_loss": True},
    "Keras 2 gates and loss": {"keras2_gates": True, "keras2_loss": True},
}


def gradient_norms(train: Callable[[], object]) -> np.ndarray:
    """Every variable's gradient norm at every step of ``train()``, before clipping: ``(steps, variables)``.

    Runs the fit eagerly and records what Adam's ``_clip_gradients`` receives (TensorFlow backend).
    """
    import keras
    import tensorflow as tf

    norms, original = [], keras.optimizers.Adam._clip_gradients

    def recording(self: keras.optimizers.Adam, grads: list) -> list:
        norms.append([float(np.linalg.norm(np.asarray(g))) for g in grads if g is not None])
        return original(self, grads)

    keras.optimizers.Adam._clip_gradients = recording
    tf.config.run_functions_eagerly(True)
    try:
        train()
    finally:
        keras.optimizers.Adam._clip_gradients = original
        tf.config.run_functions_eagerly(False)
    return np.array(norms)


def run_causes(seed: int) -> dict[str, float]:
    """Notebook 03's investigation: the source's four-step run with Keras 2's defaults restored, how often the
    fix's ``clipnorm=1.0`` acts, and the ablation at the source's budget of windows (105,000, 3 epochs)."""
    x, y = echo_windows(100, 4, rng=2026)
    out: dict[str, float] = {}
    for name, keras2 in KERAS2_CANDIDATES.items():
        model, losses = fit_source_regime(4, SOURCE_UNITS[4], seed=seed, **keras2)
        predicted = predict_repeat_vector(model, x)
        out[f"{name}: seq"] = sequence_accuracy(y, predicted)
        for step, value in enumerate(step_accuracy(y, predicted), 1):
            out[f"{name}: step {step}"] = float(value)
        out[f"{name}: repeat share"] = repeat_share(predicted)
        out[f"{name}: largest rise of {LOSS_BLOCK}-step mean loss"] = largest_loss_rise(losses)
        for step in PRINTED_STEPS:
            out[f"{name}: loss near step {step}"] = float(losses[step - 50 : step].mean())
    norms = gradient_norms(lambda: fit_teacher_forced(4, seed=seed))
    out["fix: share of steps with a gradient clipped"] = float(np.mean(norms.max(axis=1) > 1))
    out["fix: share of gradients clipped"] = float(np.mean(norms > 1))
    out["fix: largest gradient norm"] = float(norms.max())
    full = {"n_sequences": ECHO_SOURCE_SEQUENCES, "seed": seed}
    variants = {
        "RV, zero state": lambda: predict_repeat_vector(fit_repeat_vector(4, **full), x),
        "RV, initial_state": lambda: predict_repeat_vector(fit_repeat_vector(4, initial_state=True, **full), x),
        "TF, forward": lambda: predict_teacher_forced(fit_teacher_forced(4, reverse=False, **full), x, 4, False),
        "TF, reversed (fix)": lambda: predict_teacher_forced(fit_teacher_forced(4, **full), x, 4),
    }
    for name, run in variants.items():
        predicted = run()
        out[f"source's windows, {name}: token"] = token_accuracy(y, predicted)
        out[f"source's windows, {name}: seq"] = sequence_accuracy(y, predicted)
    return out


def claims(r: dict[str, float]) -> dict[str, bool]:
    """The notebook's asserted claims, evaluated on one seed's numbers."""
    two, four = "source 2/150", "source 4/300"
    return {
        "source 2 steps: token >= 0.95, seq >= 0.9": r[f"{two}: token"] >= 0.95 and r[f"{two}: seq"] >= 0.9,
        "source 4 steps: step 1 >= 0.85": r[f"{four}: step 1"] >= 0.85,
        "source 4 steps: seq < 0.8 and steps 2-4 below step 1": r[f"{four}: seq"] < 0.8
        and max(r[f"{four}: step {k}"] for k in (2, 3, 4)) < r[f"{four}: step 1"],
        "source 4 steps: repeat share > 3 x truth's": r[f"{four}: repeat share"] > 3 * r["truth 4: repeat share"],
        "source 4 steps: seq < source 2 steps seq - 0.1": r[f"{four}: seq"] < r[f"{two}: seq"] - 0.1,
        "ablation: RV zero state seq < 0.1": r["4 steps, RV, zero state: seq"] < 0.1,
        "ablation: TF forward seq > RV initial_state seq + 0.3": r["4 steps, TF, forward: seq"]
        > r["4 steps, RV, initial_state: seq"] + 0.3,
        "ablation: fix seq >= 0.85": r["4 steps, TF, reversed (fix): seq"] >= 0.85,
        "ablation: fix token >= TF forward token": r["4 steps, TF, reversed (fix): token"]
        >= r["4 steps, TF, forward: token"],
    }


def main(seeds: list[int]) -> None:
    results, verdicts = [], []
    for seed in seeds:
        start = time.perf_counter()
        results.append(run_seed(seed))
        verdicts.append(claims(results[-1]))
        print(f"seed {seed}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
        print({k: round(v, 4) for k, v in results[-1].items()}, file=sys.stderr, flush=True)
    print(f"Notebook 03 over seeds {seeds} (test: 2,100 fresh windows)\n")
    print(f"| {'metric':58s} | {'min':>6s} | {'median':>6s} | {'max':>6s} |")
    print(f"|{'-' * 60}|{'-' * 8}|{'-' * 8}|{'-' * 8}|")
    for key in results[0]:
        values = np.array([r[key] for r in results])
        print(f"| {key:58s} | {values.min():6.3f} | {np.median(values):6.3f} | {values.max():6.3f} |")
    print(f"\n| {'claim asserted in the notebook':58s} | seeds holding |")
    print(f"|{'-' * 60}|{'-' * 15}|")
    for key in verdicts[0]:
        print(f"| {key:58s} | {sum(v[key] for v in verdicts)} / {len(seeds):<9d} |")
    record_seed_study("03", {key: [r[key] for r in results] for key in results[0]})


if __name__ == "__main__":
    if sys.argv[1:2] == ["causes"]:
        run_seed_study("03.causes", run_causes)
    else:
        main([int(a) for a in sys.argv[1:]] or [1, 2, 3, 4, 5])
