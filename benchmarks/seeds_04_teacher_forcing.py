"""Notebook 04 over seeds: every asserted figure, the two mechanisms of bug 1's fix apart at one budget, the
exposure-bias control (``helpers.metrics.exposure_errors``), both fixes scored on 200 starts held out of training
inside the range, the varied rules of the offsets model, and the changed experiment of exercise 4.3.

Every model comes from :mod:`helpers.training` and :mod:`helpers.data`, exactly as the notebook builds and
trains it; each seed changes the initial weights and the shuffling. Writes min / median / max of every figure
into ``benchmarks/results.json`` (``seeds.04``), which the notebook, its exercise check and the claims ledger
read. Usage: ``python benchmarks/seeds_04_teacher_forcing.py`` (seeds 1-5, about two minutes a seed).
"""

from __future__ import annotations

import dataclasses

import helpers.repro

helpers.repro.seed_everything(1)

import numpy as np  # noqa: E402

from helpers.course import run_seed_study  # noqa: E402
from helpers.data import (  # noqa: E402
    OFFSET_RULES,
    OFFSET_SCALE,
    SCALE,
    consecutive_pairs,
    from_offsets,
    to_offsets,
)
from helpers.decoding import greedy_decode  # noqa: E402
from helpers.metrics import exposure_errors, output_ceiling  # noqa: E402
from helpers.training import OFFSET_FIT, SCALED_FIT, SOURCE_FIT, train_seq2seq  # noqa: E402

HELD_OUT_STARTS = (1000, 1500, 5000, 10**6)
EXERCISE_FIT = dataclasses.replace(SCALED_FIT, epochs=20)
#: The source's epochs, batch size and learning rate, on all 1,000 rows (as the scaled models train).
SOURCE_BUDGET = dataclasses.replace(SOURCE_FIT, validation_split=0.0)


def decode(models, source, start, scale: float = 1.0, input_scale: float | None = None) -> np.ndarray:
    """Greedy decoding of 4 steps for all sequences at once: inputs divided by ``input_scale`` (default
    ``scale``), outputs multiplied by ``scale``, so the result is in the original units."""
    inputs = np.asarray(source) / (scale if input_scale is None else input_scale)
    return (
        greedy_decode(models.encoder, models.decoder, inputs, 4, np.asarray(start) / scale, feedback="output") * scale
    )


def mae(predicted: np.ndarray, truth: np.ndarray) -> float:
    return float(np.abs(predicted - truth).mean())


def exact(predicted: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean(np.all(np.rint(predicted) == truth, axis=(1, 2))))


def one_seed(seed: int) -> dict[str, float]:
    X, y = consecutive_pairs()
    row: dict[str, float] = {}
    source, history = train_seq2seq(X, y, SOURCE_FIT, seed, name="source")
    row["source: final loss"] = history["loss"][-1]
    predicted = decode(source, X, X[:, 0] + 1)
    row["source: MAE"] = mae(predicted, y)
    row["source: spread of answers from start 250"] = float(np.ptp(predicted[250:], axis=0).max())
    row["source: output ceiling"] = output_ceiling(source.train)
    row["start-value fix alone: MAE"] = mae(decode(source, X, [0.0]), y)

    scaled, history = train_seq2seq(X / SCALE, y / SCALE, SCALED_FIT, seed, name="scaled")
    row["scaled: final loss x 1000^2"] = history["loss"][-1] * SCALE**2
    row["scaled: output ceiling"] = SCALE * output_ceiling(scaled.train)
    scaling_only = decode(scaled, X, X[:, 0] + 1, SCALE)
    row["scaling alone: MAE"] = mae(scaling_only, y)
    row["scaling alone: ratio at the top"] = float(scaling_only[999, 0, 0] / y[999, 0, 0])
    both = decode(scaled, X, [0.0], SCALE)
    row["both fixes: MAE"] = mae(both, y)
    row["both fixes: largest error"] = float(np.abs(both - y).max())
    row["both fixes: exact-match rate"] = exact(both, y)
    error_forced, error_free, error_other = exposure_errors(scaled, X, y, both, SCALE).values()
    row["exposure: step-1 gap, free minus forced"] = float(abs(error_free[0] - error_forced[0]))
    row["exposure: fed the truth, later step minus step 1, largest"] = float((error_forced[1:] - error_forced[0]).max())
    row["exposure: own predictions minus truth, later steps, smallest"] = float(
        (error_free[1:] - error_forced[1:]).min()
    )
    row["exposure: another's error minus truth, later steps, smallest"] = float(
        (error_other[1:] - error_forced[1:]).min()
    )
    row["exposure: share of the later steps' extra error that another's error gives"] = float(
        (error_other[1:] - error_forced[1:]).sum() / (error_free[1:] - error_forced[1:]).sum()
    )
    far = {start: consecutive_pairs(1, start=start) for start in HELD_OUT_STARTS}
    far_errors = {start: np.abs(decode(scaled, X_s, [0.0], SCALE) - y_s) for start, (X_s, y_s) in far.items()}
    row["both fixes: largest error at start 1000"] = float(far_errors[1000].max())
    row["both fixes: smallest mean error at starts 1500+"] = min(
        float(e.mean()) for s, e in far_errors.items() if s > 1000
    )
    row["both fixes: largest first output at starts 5000+"] = max(
        float(decode(scaled, X_s, [0.0], SCALE)[0, 0, 0]) for s, (X_s, _) in far.items() if s >= 5000
    )

    X_rules, y_rules = consecutive_pairs(steps=OFFSET_RULES["trained"])
    offsets, history = train_seq2seq(
        to_offsets(X_rules, X_rules) / OFFSET_SCALE, to_offsets(y_rules, X_rules) / OFFSET_SCALE, OFFSET_FIT, seed,
        name="offsets",
    )  # fmt: skip
    row["offsets: final loss, integer units"] = history["loss"][-1] * OFFSET_SCALE**2
    for rules, steps in OFFSET_RULES.items():
        X_r, y_r = consecutive_pairs(steps=steps)
        predicted = from_offsets(decode(offsets, to_offsets(X_r, X_r), [0.0], OFFSET_SCALE), X_r)
        row[f"offsets: exact-match rate, {rules} steps"] = exact(predicted, y_r)
        row[f"offsets: largest error, {rules} steps"] = float(np.abs(predicted - y_r).max())
    row["offsets: exact at the far starts"] = float(
        all(np.array_equal(from_offsets(decode(offsets, to_offsets(X_s, X_s), [0.0], OFFSET_SCALE), X_s), y_s)
            for X_s, y_s in far.values())
    )  # fmt: skip

    # Bug 1's fix, one mechanism at a time, at one budget (each decoded from 0, so bug 2 is out of the way)
    arms = {
        "raw": (1.0, 1.0),
        "inputs scaled": (SCALE, 1.0),
        "targets scaled": (1.0, SCALE),
        "both scaled": (SCALE, SCALE),
    }
    for name, (x_scale, y_scale) in arms.items():
        for budget, fit in {"fix's budget": SCALED_FIT, "source's budget": SOURCE_BUDGET}.items():
            if (name, budget) == ("both scaled", "fix's budget"):
                row[f"{budget}, {name}: MAE"] = row["both fixes: MAE"]
                continue
            models, _ = train_seq2seq(X / x_scale, y / y_scale, fit, seed, name="arm")
            row[f"{budget}, {name}: MAE"] = mae(decode(models, X, [0.0], y_scale, input_scale=x_scale), y)

    # Both fixes on starts held out inside the range: train on 800 random starts, score the other 200
    order = np.random.default_rng(seed).permutation(len(X))
    trained, held_out = order[:800], order[800:]
    inside, _ = train_seq2seq(X[trained] / SCALE, y[trained] / SCALE, SCALED_FIT, seed, name="inside")
    for name, rows in {"the 800 trained": trained, "the 200 held out": held_out}.items():
        row[f"both fixes, trained on 800 starts: MAE on {name}"] = mae(decode(inside, X[rows], [0.0], SCALE), y[rows])

    shorter, _ = train_seq2seq(X / SCALE, y / SCALE, EXERCISE_FIT, seed, name="shorter")
    row["exercise 4.3, 20 epochs: MAE"] = mae(decode(shorter, X, [0.0], SCALE), y)
    return row


def main() -> None:
    run_seed_study("04", one_seed)


if __name__ == "__main__":
    main()
