"""Notebook 08 over several seeds, on TensorFlow and on JAX: beam width against exact match, search errors and
model errors, length normalisation, and a smaller model.

Seed ``s`` seeds the weights and splits the 10,000 pairs ``a + b`` (``a, b < 100``) into 9,000 training and 1,000
test pairs with ``rng=s``; seed 1 is notebook 08's run. Recipe: chapter 07's masked adder
(``helpers.models.addition_models``, ``helpers.training.ADDITION_FIT``), measured after ``ADDITION_EARLY_EPOCHS``
epochs and again after training on to ``ADDITION_FIT.epochs``. Every figure is on the 1,000 test pairs, from
``helpers.decoding.beam_report``. Claim ids of ``benchmarks/results.json`` (``seeds.08``), in three regimes,

``<regime>`` below: ``4 epochs``, ``10 epochs`` (the same model trained on) and ``32 units`` (a
model with 32 LSTM units instead of 128, 10 epochs; notebook 08's exercise 2):

- ``<regime>, width <w>: <measure>``, for each measure of ``beam_report`` (exact, search and model errors,
  unfinished, wrong length, log-probability, mean length, ms per sequence, and fixed / broken against greedy);
- ``<regime>: width <w> minus width 1`` (exact match), ``<regime>: width 5 minus width 1, log-probability``, and
  ``<regime>, width 1: model share``, the share of greedy's errors that are model errors;
- the exact search on the first ``EXACT_PAIRS`` test pairs (``helpers.decoding.most_probable`` over every answer):
  ``<regime>: most probable answer is right`` (beside ``<regime>: greedy is right, same pairs``) and
  ``<regime>, width <w>: finds the most probable``;
- ``10 epochs, width 5, length penalty <a>: <measure>`` and ``10 epochs: length penalty 1 minus 0, exact``;
- the same claims prefixed ``jax: `` (each seed again on JAX, ``helpers.course.run_seed_study``).

Usage: ``python benchmarks/seeds_08_search_and_saving.py [n_seeds]`` (about 3 minutes a seed on 2 cores,
both backends).
"""

from __future__ import annotations

import dataclasses
import os
import sys

import numpy as np

os.environ.setdefault("LSTM_COURSE_QUIET", "1")  # no progress bars: helpers.progress reads it

import helpers.repro

helpers.repro.seed_everything(1)

from helpers.course import run_seed_study  # noqa: E402
from helpers.decoding import beam_report, beam_search, greedy_decode_tokens, most_probable  # noqa: E402
from helpers.models import addition_models  # noqa: E402
from helpers.text import ADDITION, END, START, addition_dataset, all_answers, split_pairs  # noqa: E402
from helpers.training import ADDITION_EARLY_EPOCHS, ADDITION_FIT, fit_tokens  # noqa: E402

WIDTHS, PENALTIES = (1, 2, 3, 5, 8), (0.5, 1.0)
EARLY, EPOCHS = ADDITION_EARLY_EPOCHS, ADDITION_FIT.epochs
#: Test pairs of the exact search (every one of the 1,110 answers scored for each).
EXACT_PAIRS = 100


def regime(encoder, decoder, test, target, prefix: str) -> dict[str, float]:
    """``beam_report`` for every width (flips against greedy), the changes from greedy, and the exact search."""
    greedy = greedy_decode_tokens(encoder, decoder, test, target.shape[1], START, END).tokens
    row = {}
    for width in WIDTHS:
        report = beam_report(encoder, decoder, test, target, width, START, END, greedy=greedy)
        row |= {f"{prefix}, width {width}: {measure}": value for measure, value in report.items()}
    for width in WIDTHS[1:]:
        row[f"{prefix}: width {width} minus width 1"] = (
            row[f"{prefix}, width {width}: exact"] - row[f"{prefix}, width 1: exact"]
        )
    lp = row[f"{prefix}, width 5: log-probability"] - row[f"{prefix}, width 1: log-probability"]
    row[f"{prefix}: width 5 minus width 1, log-probability"] = lp
    errors = 1.0 - row[f"{prefix}, width 1: exact"]
    row[f"{prefix}, width 1: model share"] = row[f"{prefix}, width 1: model errors"] / errors if errors else 1.0
    few, few_target = test[:EXACT_PAIRS], target[:EXACT_PAIRS]
    best, _ = most_probable(encoder, decoder, few, all_answers(3), START)
    row[f"{prefix}: most probable answer is right"] = float(np.all(best == few_target, axis=1).mean())
    row[f"{prefix}: greedy is right, same pairs"] = float(np.all(greedy[:EXACT_PAIRS] == few_target, axis=1).mean())
    for width in (1, 2, 5):
        tokens, _ = beam_search(encoder, decoder, few, width, target.shape[1], START, END)
        row[f"{prefix}, width {width}: finds the most probable"] = float(np.all(tokens[:, 0] == best, axis=1).mean())
    return row


def run(seed: int) -> dict[str, float]:
    (a, b), (a_test, b_test) = split_pairs(100, 1_000, rng=seed)
    source, decoder_input, target = addition_dataset(a, b, 2)
    test, _, test_target = addition_dataset(a_test, b_test, 2)
    train, encoder, decoder = addition_models(ADDITION.size, seed=seed)
    fit_tokens(train, source, decoder_input, target, dataclasses.replace(ADDITION_FIT, epochs=EARLY))
    row = regime(encoder, decoder, test, test_target, f"{EARLY} epochs")
    fit_tokens(train, source, decoder_input, target, ADDITION_FIT, initial_epoch=EARLY)
    row |= regime(encoder, decoder, test, test_target, f"{EPOCHS} epochs")
    for penalty in PENALTIES:
        report = beam_report(encoder, decoder, test, test_target, 5, START, END, length_penalty=penalty)
        for measure in ("exact", "mean length", "wrong length"):
            row[f"{EPOCHS} epochs, width 5, length penalty {penalty:g}: {measure}"] = report[measure]
    row[f"{EPOCHS} epochs: length penalty 1 minus 0, exact"] = (
        row[f"{EPOCHS} epochs, width 5, length penalty 1: exact"] - row[f"{EPOCHS} epochs, width 5: exact"]
    )
    small, small_encoder, small_decoder = addition_models(ADDITION.size, units=32, seed=seed)
    fit_tokens(small, source, decoder_input, target, ADDITION_FIT)
    return row | regime(small_encoder, small_decoder, test, test_target, "32 units")


def main() -> None:
    run_seed_study("08", run, int(sys.argv[1]) if len(sys.argv) > 1 else 5, backends=("jax",))


if __name__ == "__main__":
    main()
