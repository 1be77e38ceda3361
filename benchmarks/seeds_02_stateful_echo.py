"""Notebook 02's headline numbers over several seeds: do they hold beyond seed 1?

For each seed (initial weights, training sequences and test sequences all change with it), trains the
source's regime (stateful, Adam 0.001), the notebook's (stateful, Adam 0.003) and the stateless twin
(Adam 0.003): 500 fresh sequences, 2,000 steps of 5 windows, one ``fit`` call each. Tests on 100 fresh
sequences (2,000 windows, 12,000 integers). Takes about 2-3 minutes on 2 cores.
Usage: ``python benchmarks/seeds_02_stateful_echo.py [N_SEEDS]``.
"""

from __future__ import annotations

import os
import sys

import numpy as np

from helpers.data import echo_data
from helpers.metrics import probability_of_truth, token_accuracy
from helpers.models import echo_model
from helpers.training import fit_with_resets, predict_with_resets

RUNS = {
    "stateful, Adam 0.001 (source)": {"stateful": True, "learning_rate": 1e-3},
    "stateful, Adam 0.003": {"stateful": True, "learning_rate": 3e-3},
    "stateless, Adam 0.003": {"stateful": False, "learning_rate": 3e-3},
}


def main(n_seeds: int) -> None:
    results: dict[str, dict[str, list[float]]] = {name: {} for name in RUNS}
    print("| seed | run | token acc | state wiped | p(right) | last-100-step loss | fit s |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for seed in range(1, n_seeds + 1):
        X_train, _ = echo_data(500, seed=seed)
        X_test, test_integers = echo_data(100, seed=10_000 + seed)
        for name, options in RUNS.items():
            model = echo_model(seed=seed, steps_per_execution=4, **options)
            history, seconds = fit_with_resets(model, X_train)
            probabilities = predict_with_resets(model, X_test)
            accuracy = token_accuracy(test_integers, probabilities.argmax(-1))
            p_right = probability_of_truth(probabilities, test_integers)
            wiped = echo_model(stateful=False)
            wiped.set_weights(model.get_weights())
            wiped_accuracy = token_accuracy(test_integers, predict_with_resets(wiped, X_test).argmax(-1))
            loss = float(np.mean(history["loss"][-25:]))
            row = {"token acc": accuracy, "state wiped": wiped_accuracy, "p(right)": p_right, "loss": loss}
            row["fit s"] = seconds
            for key, value in row.items():
                results[name].setdefault(key, []).append(value)
            print(
                f"| {seed} | {name} | {accuracy:.4f} | {wiped_accuracy:.4f} | {p_right:.3f} | {loss:.3f} "
                f"| {seconds:.1f} |",
                flush=True,
            )
    print(f"\nSpread over {n_seeds} seeds (min / median / max):\n")
    print("| run | token acc | state wiped | p(right) | loss | fit s |")
    print("|---|---|---|---|---|---|")
    for name, columns in results.items():
        cells = [
            " / ".join(f"{f(values):.{digits}f}" for f in (np.min, np.median, np.max))
            for (key, values), digits in zip(columns.items(), (4, 4, 3, 3, 1), strict=True)
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
