"""Notebook 01's exercise 3 over several seeds: the one-to-one echo trained for fewer steps.

For each seed and each budget (the notebook's 1,000 full-batch Adam steps and the exercise's 100), builds
:func:`helpers.models.one_to_one_echo_model`, trains it with :func:`helpers.training.fit_steps`, and prints
the final training loss (mean squared error) and its base-10 logarithm, which the exercise asks the
learner to predict. Takes well under a minute. Usage: ``python benchmarks/seeds_01_timedistributed.py [N_SEEDS]``.
"""

from __future__ import annotations

import os
import sys
import time

import helpers.repro

helpers.repro.seed_everything(1)

import numpy as np  # noqa: E402

from helpers.data import ramp  # noqa: E402
from helpers.models import one_to_one_echo_model  # noqa: E402
from helpers.training import fit_steps  # noqa: E402

BUDGETS = (1000, 100)


def main(n_seeds: int) -> None:
    sequence = ramp(5)
    X, y = sequence.reshape(5, 1, 1), sequence.reshape(5, 1)
    results: dict[int, list[float]] = {steps: [] for steps in BUDGETS}
    print("| seed | steps | final loss | log10 | s |\n|---:|---:|---:|---:|---:|")
    for seed in range(1, n_seeds + 1):
        for steps in BUDGETS:
            model, start = one_to_one_echo_model(seed=seed), time.perf_counter()
            loss = fit_steps(model, X, y, steps=steps).history["loss"][-1]
            results[steps].append(loss)
            print(f"| {seed} | {steps} | {loss:.3g} | {np.log10(loss):.2f} | {time.perf_counter() - start:.1f} |")
    print(f"\nSpread over {n_seeds} seeds (min / median / max):\n\n| steps | final loss | log10 |\n|---:|---|---|")
    for steps, losses in results.items():
        values = np.array(losses)
        spread = " / ".join(f"{f(values):.3g}" for f in (np.min, np.median, np.max))
        logs = " / ".join(f"{f(np.log10(values)):.2f}" for f in (np.min, np.median, np.max))
        print(f"| {steps} | {spread} | {logs} |")
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
