"""Notebook 02 over several seeds: do its claims hold beyond seed 1?

For each seed (initial weights, training sequences and test sequences all change with it), trains the
source's regime (stateful, Adam 0.001), the notebook's (stateful, Adam 0.003) and the stateless twin
(Adam 0.003): 500 fresh sequences, 2,000 steps of 5 windows, in one ``fit`` call each
(``helpers.training.fit_with_resets``), tested on 100 fresh sequences (2,000 windows, 12,000 integers).
Records, as claim ids of ``benchmarks/results.json`` (``seeds.02``):

- the source's regime: ``source_accuracy`` (token accuracy), ``source_confidence`` (mean probability of the
  right integer), ``source_final_loss`` (mean training loss of the last 25 sequences);
- Adam 0.003: ``stateful_accuracy``, ``stateful_confidence``, ``stateful_wrong_on_worst_sequence`` (its wrong
  positions on the test sequence the source's regime gets most wrong), ``wiped_accuracy`` (its weights with the
  state wiped before every window), ``stateless_accuracy`` and ``loss_ratio`` (final training loss, stateful over
  stateless);
- ``one_call_gap``: the largest weight difference between 25 sequences trained the source's way (25 ``fit``
  calls) and in one call with ``reset_states_every``;
- exercise 3, ``exercise_no_reset_accuracy``: Adam 0.003 trained with one reset only, at the start;
- the long lag (section 8): ``SimpleRNN`` and ``LSTM``, 32 units, on the adding problem at 10, 25, 50 and 100 steps
  (``helpers.training.train_adding``, the same data and budget for both), each at the best of
  ``ADDING_RATES`` on 1,000 validation sequences: ``adding, <cell>, <T> steps: mse`` (on 2,000 test sequences) and
  ``...: best rate``; at 50 steps and the notebook's rates, ``adding, <cell>, notebook: mse``, ``...: first`` and
  ``...: second`` (``helpers.metrics.adding_scores``); exercise 4, ``exercise 4, SimpleRNN 64 units: mse``.

Writes min / median / max into ``benchmarks/results.json`` through ``helpers.course.record_seed_study``.
About four and a half minutes per seed on 2 cores. Usage: ``python benchmarks/seeds_02_stateful_echo.py [n_seeds]``.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("LSTM_COURSE_QUIET", "1")  # no progress output: helpers.progress reads it

import helpers.repro  # noqa: E402

helpers.repro.seed_everything(1)

import numpy as np  # noqa: E402

from helpers.course import run_seed_study  # noqa: E402
from helpers.data import adding_problem, echo_data, window_positions  # noqa: E402
from helpers.metrics import adding_scores, probability_of_truth, token_accuracy  # noqa: E402
from helpers.models import RECURRENT_CELLS, echo_model  # noqa: E402
from helpers.training import (  # noqa: E402
    ADDING_FITS,
    ADDING_LAGS,
    ADDING_RATES,
    fit_with_resets,
    predict_with_resets,
    reset_states_every,
    train_adding,
)

WINDOWS, BATCH = 20, 5
NOTEBOOK_LAG = 50


def run_adding(seed: int) -> dict[str, float]:
    """Section 8 for one seed: each cell at each lag, at its best learning rate on validation data."""
    row: dict[str, float] = {}
    for length in ADDING_LAGS:
        validation = adding_problem(1000, length, rng=20_000 + seed)
        test = adding_problem(2000, length, rng=10_000 + seed)
        for cell in RECURRENT_CELLS:
            runs = {rate: train_adding(cell, length, seed, learning_rate=rate) for rate in ADDING_RATES}
            best = min(runs, key=lambda rate: adding_scores(runs[rate], *validation)["mse"])
            row[f"adding, {cell}, {length} steps: mse"] = adding_scores(runs[best], *test)["mse"]
            row[f"adding, {cell}, {length} steps: best rate"] = best
            if length == NOTEBOOK_LAG:
                notebook = adding_scores(runs[ADDING_FITS[cell].learning_rate], *test)
                row.update({f"adding, {cell}, notebook: {key}": value for key, value in notebook.items()})
    wider = train_adding("SimpleRNN", NOTEBOOK_LAG, seed, units=64)
    row["exercise 4, SimpleRNN 64 units: mse"] = adding_scores(
        wider, *adding_problem(2000, NOTEBOOK_LAG, rng=10_000 + seed)
    )["mse"]
    return row


def run(seed: int) -> dict[str, float]:
    X_train, _ = echo_data(500, seed=seed)
    X_test, test_integers = echo_data(100, seed=10_000 + seed)
    row: dict[str, float] = {}
    trained = {}
    for name, stateful, learning_rate in (("source", True, 1e-3), ("stateful", True, 3e-3), ("stateless", False, 3e-3)):
        model = echo_model(stateful=stateful, learning_rate=learning_rate, steps_per_execution=4, seed=seed)
        history, _ = fit_with_resets(model, X_train)
        probabilities = predict_with_resets(model, X_test)
        trained[name] = probabilities.argmax(-1)
        row[f"{name}_accuracy"] = token_accuracy(test_integers, trained[name])
        row[f"{name}_confidence"] = probability_of_truth(probabilities, test_integers)
        row[f"{name}_final_loss"] = float(np.mean(history["loss"][-25:]))
        if name == "stateful":
            wiped = echo_model(stateful=False, seed=seed)
            wiped.set_weights(model.get_weights())
            row["wiped_accuracy"] = token_accuracy(test_integers, predict_with_resets(wiped, X_test).argmax(-1))
    row["loss_ratio"] = row["stateful_final_loss"] / row["stateless_final_loss"]
    k = int(np.argmax((trained["source"] != test_integers).reshape(100, -1).sum(axis=1)))
    one = slice(k * WINDOWS, (k + 1) * WINDOWS)
    truth = window_positions(test_integers[one])
    row["stateful_wrong_on_worst_sequence"] = float(np.sum(window_positions(trained["stateful"][one]) != truth))

    X_check = X_train[: 25 * WINDOWS]
    source_way = echo_model(seed=seed)
    for start in range(0, len(X_check), WINDOWS):
        one_sequence = X_check[start : start + WINDOWS]
        source_way.fit(one_sequence, one_sequence, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        source_way.get_layer("lstm").reset_state()
    one_call = echo_model(steps_per_execution=4, seed=seed)
    one_call.fit(
        X_check, X_check, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[reset_states_every(4)]
    )
    row["one_call_gap"] = max(
        float(np.abs(a - b).max()) for a, b in zip(source_way.get_weights(), one_call.get_weights(), strict=True)
    )

    no_reset = echo_model(learning_rate=3e-3, steps_per_execution=4, seed=seed)
    fit_with_resets(no_reset, X_train, batches_per_sequence=len(X_train) // BATCH)  # one reset, at the start
    row["exercise_no_reset_accuracy"] = token_accuracy(test_integers, predict_with_resets(no_reset, X_test).argmax(-1))
    return row | run_adding(seed)


def main() -> None:
    run_seed_study("02", run, int(sys.argv[1]) if len(sys.argv) > 1 else 5)


if __name__ == "__main__":
    main()
