"""Notebook 05: do its claims hold across seeds? Every measured assert of the notebook, on 5 seeds.

Seed ``s`` seeds the weights and draws the training data with ``rng=2s-1`` and the 1,000 test
sequences with ``rng=2s``; seed 1 is exactly notebook 05's run. The recipe is the notebook's,
``helpers.training.REVERSE_PREFIX_FIT`` (100,000 samples, one epoch, batch 256, Adam 0.01), with
the notebook's learning-curve callback (``helpers.training.ExactMatchEvery``, every 5,120 samples
up to 61,440). Per seed it records (claim ids of ``benchmarks/results.json``, ``seeds.05``):

- ``exact``: exact match on the 1,000 test sequences (argmax feedback, one-hot start), and
  ``four_decoders_difference``, the largest difference between the four decoders of section 8 (start: one-hot 0
  or zeros; feedback: argmax or softmax);
- ``unseen_prefix_share``: the share of test sequences whose first three integers (all the target depends on)
  occur in no training sequence, and ``exact_unseen_prefix``, exact match on those alone;
- the learning curve, its final point included as in the notebook: ``curve_first`` (exact match at 5,120 samples),
  ``curve_lead_min`` and ``curve_lead_max`` (argmax feedback's lowest and highest lead over softmax feedback),
  ``curve_largest_jump`` (the largest rise between two checkpoints);
- ``source_recipe_exact``: the source's own recipe, ``SOURCE_REVERSE_PREFIX_FIT`` (the same 100,000 samples,
  batches of 32, Adam 0.001, shuffled, as Keras's defaults), decoded as the source decodes (a start vector of zeros,
  the softmax fed back), ``source_recipe_exact_argmax`` (decoded as ours: one-hot start, argmax fed back) and
  ``source_recipe_loss`` and ``source_recipe_accuracy`` (the epoch's running means of the loss and of the per-step
  accuracy, as the source's printout shows them); and both
  recipes' fit seconds;
- section 9 and exercise 3, ``helpers.training.train_and_score(6, ..., 40_000, seed=s)``: six outputs, one epoch
  of 40,000 samples: ``reversed_6`` (target reversed, the notebook's run), ``original_order_6`` (in the source's
  order, the exercise) and ``reversed_source_6`` (target in order, the encoder reading each source back to front,
  as Sutskever et al. did: with six outputs of six inputs, the same task as the reversed target, a replicate).

Writes min / median / max into ``benchmarks/results.json`` through ``helpers.course.record_seed_study``.
Usage: ``python benchmarks/seeds_05_reverse_prefix.py [n_seeds]`` (about two and a half minutes per seed on 2 cores).

``python benchmarks/seeds_05_reverse_prefix.py rates`` asks whether section 9's order gap survives a learning rate
chosen for each order (seeds 1-5, records ``seeds["05.rates"]``): both orders of the six-output run at Adam
:data:`helpers.training.ORDER_RATES` (exact match and, as ``<order> at <rate>, step <k>``, the accuracy at each output
step, greedy and fed the truth: ``<order> at <rate>, fed the truth, step <k>``), the reversed target's paired lead
at each rate (in exact match, and per source integer copied, greedy and fed the truth:
``reversed_6 lead at <rate>[, fed the truth], copying source[<p>]``), and each order's best exact
match over them, picked on the same 1,000 test sequences (no validation draw: the study asks whether any rate closes
the gap).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time

os.environ.setdefault("LSTM_COURSE_QUIET", "1")  # no progress output: helpers.progress reads it

import helpers.repro  # noqa: E402

helpers.repro.seed_everything(1)

import numpy as np  # noqa: E402

from helpers.course import run_seed_study  # noqa: E402
from helpers.data import drop_seen, reverse_prefix_dataset  # noqa: E402
from helpers.decoding import exact_match  # noqa: E402
from helpers.models import reverse_prefix_models  # noqa: E402
from helpers.training import (  # noqa: E402
    ORDER_RATES,
    REVERSE_PREFIX_FIT,
    REVERSE_PREFIX_SAMPLES,
    SOURCE_REVERSE_PREFIX_FIT,
    ExactMatchEvery,
    fit_tokens,
    train_and_score,
)

CLASSES, STEPS_IN, STEPS_OUT = 51, 6, 3
#: section 9 and exercise 3: output length and training samples of the order experiments
ORDER_STEPS, ORDER_SAMPLES = 6, 40_000


def headline(seed: int) -> dict[str, float]:
    fit = REVERSE_PREFIX_FIT
    X, D, y = reverse_prefix_dataset(REVERSE_PREFIX_SAMPLES, STEPS_IN, STEPS_OUT, CLASSES, rng=2 * seed - 1)
    X_test, _, y_test = reverse_prefix_dataset(1_000, STEPS_IN, STEPS_OUT, CLASSES, rng=2 * seed)
    train, encoder, decoder = reverse_prefix_models(CLASSES, 128, seed=seed)
    every = 5_120 // fit.batch_size
    curve = ExactMatchEvery(every, 12 * every, encoder, decoder, X_test, y_test, fit.batch_size)
    start = time.perf_counter()
    fit_tokens(train, X, D, y, fit, callbacks=[curve], ignore_padding=False, shuffle=False)
    seconds = time.perf_counter() - start - curve.seconds
    zeros = np.zeros(CLASSES, dtype=np.float32)
    four = {
        (begin is None, feedback): exact_match(encoder, decoder, X_test, y_test, feedback, begin)
        for begin in (None, zeros)
        for feedback in ("argmax", "output")
    }
    _, unseen = drop_seen(X_test[:, :STEPS_OUT], X[:, :STEPS_OUT], np.arange(len(X_test)))
    unseen_exact = exact_match(encoder, decoder, X_test[unseen], y_test[unseen])
    final_point = (len(X), four[True, "argmax"], four[True, "output"])
    _, argmax, softmax = map(np.array, zip(*curve.log, final_point, strict=True))

    source_train, source_encoder, source_decoder = reverse_prefix_models(CLASSES, 128, seed=seed)
    start = time.perf_counter()
    source_history = fit_tokens(source_train, X, D, y, SOURCE_REVERSE_PREFIX_FIT, ignore_padding=False)
    source_seconds = time.perf_counter() - start
    return {
        "exact": four[True, "argmax"],
        "four_decoders_difference": max(four.values()) - min(four.values()),
        "curve_first": float(argmax[0]),
        "curve_lead_min": float(np.min(argmax - softmax)),
        "curve_lead_max": float(np.max(argmax - softmax)),
        "curve_largest_jump": float(np.max(np.diff(argmax))),
        "unseen_prefix_share": len(unseen) / len(X_test),
        "exact_unseen_prefix": unseen_exact,
        "fit_seconds": seconds,
        # decoded as the source decodes: a start vector of zeros, the softmax fed back
        "source_recipe_exact": exact_match(source_encoder, source_decoder, X_test, y_test, "output", zeros),
        "source_recipe_exact_argmax": exact_match(source_encoder, source_decoder, X_test, y_test),
        "source_recipe_loss": float(source_history.history["loss"][-1]),
        "source_recipe_accuracy": float(source_history.history["accuracy"][-1]),
        "source_recipe_fit_seconds": source_seconds,
    }


def run(seed: int) -> dict[str, float]:
    row = headline(seed)
    row["reversed_6"] = train_and_score(ORDER_STEPS, True, ORDER_SAMPLES, seed=seed)[0]
    row["original_order_6"] = train_and_score(ORDER_STEPS, False, ORDER_SAMPLES, seed=seed)[0]
    row["reversed_source_6"] = train_and_score(ORDER_STEPS, False, ORDER_SAMPLES, seed=seed, reverse_source=True)[0]
    return row


def run_rates(seed: int) -> dict[str, float]:
    row = {}
    for order, reverse in (("reversed_6", True), ("original_order_6", False)):
        for rate in ORDER_RATES:
            fit = dataclasses.replace(REVERSE_PREFIX_FIT, learning_rate=rate)
            exact, steps, forced = train_and_score(ORDER_STEPS, reverse, ORDER_SAMPLES, seed=seed, fit=fit)
            row[f"{order} at {rate:g}"] = exact
            row.update({f"{order} at {rate:g}, step {k}": float(a) for k, a in enumerate(steps, 1)})
            row.update({f"{order} at {rate:g}, fed the truth, step {k}": float(a) for k, a in enumerate(forced, 1)})
        row[f"{order}, best rate"] = max(row[f"{order} at {rate:g}"] for rate in ORDER_RATES)
    for rate in ORDER_RATES:
        row[f"reversed_6 lead at {rate:g}"] = row[f"reversed_6 at {rate:g}"] - row[f"original_order_6 at {rate:g}"]
        for kind in ("", ", fed the truth"):  # reversed, step k copies source[6 - k]; in order, source[k - 1]
            for position in range(ORDER_STEPS):
                reversed_step = row[f"reversed_6 at {rate:g}{kind}, step {ORDER_STEPS - position}"]
                in_order_step = row[f"original_order_6 at {rate:g}{kind}, step {position + 1}"]
                row[f"reversed_6 lead at {rate:g}{kind}, copying source[{position}]"] = reversed_step - in_order_step
    row["reversed_6 lead at the best rates"] = row["reversed_6, best rate"] - row["original_order_6, best rate"]
    return row


def main() -> None:
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores)")
    if sys.argv[1:2] == ["rates"]:
        run_seed_study("05.rates", run_rates)
    else:
        run_seed_study("05", run, int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
