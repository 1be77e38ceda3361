"""Notebook 03: do its headline numbers hold across seeds? Prints min / median / max over the seeds.

The models, data and training come from :mod:`helpers` (``helpers.training.fit_*``), the code notebook 03
shows with ``inspect.getsource``, so this script measures what the notebook teaches.
Each seed changes the training windows and the initial weights; the 2,100 test windows stay the same.

Usage: ``python benchmarks/seeds_03_repeatvector.py [SEED ...]`` (default seeds 1-5; several minutes).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from helpers.data import echo_windows
from helpers.metrics import sequence_accuracy, token_accuracy
from helpers.training import (
    ECHO_LONGER,
    ECHO_SOURCE_SEQUENCES,
    fit_repeat_vector,
    fit_source_regime,
    fit_teacher_forced,
    predict_repeat_vector,
    predict_teacher_forced,
)


def acc(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    return token_accuracy(truth, predicted), sequence_accuracy(truth, predicted)


def run_seed(seed: int) -> dict[str, float]:
    """Every headline number of the notebook, for one seed."""
    test = {n: echo_windows(100, n, rng=2026) for n in range(1, 6)}
    rv, tf, longer = predict_repeat_vector, predict_teacher_forced, ECHO_LONGER
    out: dict[str, float] = {}

    def record(name: str, scores: tuple[float, float]) -> None:
        out[f"{name} token"], out[f"{name} seq"] = scores

    x, y = test[2]
    record("RV 2 steps, longer budget", acc(y, rv(fit_repeat_vector(2, n_sequences=longer, seed=seed), x)))
    for n in (2, 4):
        x, y = test[n]
        predicted = rv(fit_source_regime(n, seed=seed), x)
        record(f"source regime {n} steps", acc(y, predicted))
        if n == 4:
            out["source regime 4: step 2 = step 1"] = float((predicted[:, 1] == predicted[:, 0]).mean())
            out["source regime 4: step 1 token"] = float((predicted[:, 0] == y[:, 0]).mean())
    x, y = test[4]
    source_data = fit_repeat_vector(4, n_sequences=ECHO_SOURCE_SEQUENCES, seed=seed, epochs=1)
    record("RV 4 steps, the source's 105,000 windows in one fit", acc(y, rv(source_data, x)))
    record("fix 4 steps, longer budget", acc(y, tf(fit_teacher_forced(4, n_sequences=longer, seed=seed), x, 4)))
    x, y = test[5]
    record("fix 5 steps, longer budget", acc(y, tf(fit_teacher_forced(5, n_sequences=longer, seed=seed), x, 5)))
    for n in range(1, 6):
        x, y = test[n]
        record(f"RV {n} steps", acc(y, rv(fit_repeat_vector(n, seed=seed), x)))
        record(f"fix {n} steps", acc(y, tf(fit_teacher_forced(n, seed=seed), x, n)))
    x, y = test[4]
    record("RV 4 steps reversed", acc(y, rv(fit_repeat_vector(4, reverse=True, seed=seed), x, True)))
    record("fix 4 steps forward", acc(y, tf(fit_teacher_forced(4, reverse=False, seed=seed), x, 4, False)))
    return out


def claims(r: dict[str, float]) -> dict[str, bool]:
    """The notebook's asserted claims, evaluated on one seed's numbers."""
    gain_teacher = r["fix 4 steps forward token"] - r["RV 4 steps token"]
    gain_reverse = r["RV 4 steps reversed token"] - r["RV 4 steps token"]
    return {
        "RV 2 steps (longer) token >= 0.95": r["RV 2 steps, longer budget token"] >= 0.95,
        "source regime 4 steps: token < 0.5, seq < 0.05": r["source regime 4 steps token"] < 0.5
        and r["source regime 4 steps seq"] < 0.05,
        "source regime 4 steps: step 2 = step 1 > 0.5": r["source regime 4: step 2 = step 1"] > 0.5,
        "source regime 4 steps: step 1 token < 0.5": r["source regime 4: step 1 token"] < 0.5,
        "one fit beats source regime at 2 steps by > 0.5": r["RV 2 steps, longer budget token"]
        - r["source regime 2 steps token"]
        > 0.5,
        "RV 4 steps (standard) seq < 0.1": r["RV 4 steps seq"] < 0.1,
        "fix 4 steps (longer) seq >= 0.99": r["fix 4 steps, longer budget seq"] >= 0.99,
        "fix >= RV (token) at every length": all(
            r[f"fix {n} steps token"] >= r[f"RV {n} steps token"] for n in range(1, 6)
        ),
        "length 1: both token > 0.95": r["RV 1 steps token"] > 0.95 and r["fix 1 steps token"] > 0.95,
        "lengths 3-5: RV seq < 0.1, fix seq > 0.6": all(
            r[f"RV {n} steps seq"] < 0.1 and r[f"fix {n} steps seq"] > 0.6 for n in (3, 4, 5)
        ),
        "teacher forcing gain > reversal gain > 0": gain_teacher > gain_reverse > 0,
    }


def main(seeds: list[int]) -> None:
    results, verdicts = [], []
    for seed in seeds:
        start = time.perf_counter()
        results.append(run_seed(seed))
        verdicts.append(claims(results[-1]))
        print(f"seed {seed}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    print(f"Notebook 03 over seeds {seeds} (test: 2,100 fresh windows)\n")
    print(f"| {'metric':40s} | {'min':>5s} | {'median':>6s} | {'max':>5s} |")
    print(f"|{'-' * 42}|{'-' * 7}|{'-' * 8}|{'-' * 7}|")
    for key in results[0]:
        values = np.array([r[key] for r in results])
        print(f"| {key:40s} | {values.min():5.3f} | {np.median(values):6.3f} | {values.max():5.3f} |")
    print(f"\n| {'claim asserted in the notebook':52s} | seeds holding |")
    print(f"|{'-' * 54}|{'-' * 15}|")
    for key in verdicts[0]:
        print(f"| {key:52s} | {sum(v[key] for v in verdicts)} / {len(seeds):<9d} |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 2, 3, 4, 5])
