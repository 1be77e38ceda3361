"""Notebook 02's headline numbers over several seeds: do they hold beyond seed 1?

For each seed (initial weights, training sequences and test sequences all change with it), trains the
source's regime (stateful, Adam 0.001), the notebook's (stateful, Adam 0.003) and the stateless twin
(Adam 0.003): 500 fresh sequences, 2,000 steps of 5 windows, one ``fit`` call each. Tests on 100 fresh
sequences (2,000 windows, 12,000 integers). Takes about 2-3 minutes on 2 cores.
Usage: ``python benchmarks/seeds_02_stateful_echo.py [N_SEEDS]``.

``python benchmarks/seeds_02_stateful_echo.py exercise [N_SEEDS]`` runs the changed experiment of the
notebook's exercise 3 instead: the stateful model at Adam 0.003 trained with no reset between sequences
(the state runs on through all 500), tested as in the notebook (state reset per test sequence) and with
no reset at test time either. About 15 s per seed.
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


def exercise(n_seeds: int) -> None:
    """Exercise 3: no state reset in training. Token accuracy on fresh sequences, min / median / max."""
    reset_at_test, no_reset_at_test = [], []
    print("| seed | reset per test sequence | no reset at test | fit s |\n|---:|---:|---:|---:|")
    for seed in range(1, n_seeds + 1):
        X_train, _ = echo_data(500, seed=seed)
        X_test, test_integers = echo_data(100, seed=10_000 + seed)
        model = echo_model(learning_rate=3e-3, steps_per_execution=4, seed=seed)
        _, seconds = fit_with_resets(model, X_train, batches_per_sequence=len(X_train) // 5)  # reset once, at the start
        reset_at_test.append(token_accuracy(test_integers, predict_with_resets(model, X_test).argmax(-1)))
        whole = predict_with_resets(model, X_test, batches_per_sequence=len(X_test) // 5)
        no_reset_at_test.append(token_accuracy(test_integers, whole.argmax(-1)))
        print(f"| {seed} | {reset_at_test[-1]:.4f} | {no_reset_at_test[-1]:.4f} | {seconds:.1f} |", flush=True)
    for label, values in {"reset per test sequence": reset_at_test, "no reset at test": no_reset_at_test}.items():
        spread = " / ".join(f"{f(values):.4f}" for f in (np.min, np.median, np.max))
        print(f"no reset in training, {label}: token accuracy {spread} (min / median / max)")
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["exercise"]:
        exercise(int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
