"""Notebook 07 over several seeds, on TensorFlow and on JAX: what the padding mask changes, paired per seed.

Seed ``s`` seeds the weights and splits the 10,000 pairs ``a + b`` (``a, b < 100``) into 9,000 training and 1,000
test pairs with ``rng=s``; seed 1 is notebook 07's run. Recipe: ``helpers.models.addition_models`` with and without
masks, trained alike (``helpers.training.fit_tokens``, ``ADDITION_FIT``: the same data, budget and loss, padding
weighted 0), greedy decoding. Claim ids of ``benchmarks/results.json`` (``seeds.07``), exact match on the 1,000 test
pairs:

- ``masked`` and ``unmasked``; ``masked minus unmasked``, the paired difference of one seed;
- ``<model>, length <n>``: on the test sources of ``n`` characters (3, 4, 5);
- ``<model> wide``: the same sources with 4 more padding steps; ``masked: same when wider``, 1 if every prediction
  stayed the same;
- the same claims prefixed ``jax: `` (each seed again on JAX, ``helpers.course.run_seed_study``);
- two arms that look for the cause of the gap between the backends: ``<model>, dense gradients`` (TensorFlow
  only), ``helpers.models.addition_models(..., dense_gradients=True)``: each lookup as one-hot rows times the
  table, whose gradient is dense as on
  JAX; and ``jax: <model> from TensorFlow's start``, trained on JAX from the initial weights TensorFlow drew for
  that seed (they go from one process to the next through a file).

Usage: ``python benchmarks/seeds_07_real_sequences.py [n_seeds]`` (about a minute per seed on 2 cores).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("LSTM_COURSE_QUIET", "1")  # no progress bars: helpers.progress reads it

import helpers.repro

helpers.repro.seed_everything(1)

import keras  # noqa: E402
import numpy as np  # noqa: E402

from helpers.course import run_seed_study  # noqa: E402
from helpers.decoding import greedy_decode_tokens  # noqa: E402
from helpers.models import addition_models  # noqa: E402
from helpers.text import ADDITION, END, PAD, START, addition_dataset, split_pairs  # noqa: E402
from helpers.training import ADDITION_FIT, fit_tokens  # noqa: E402

#: Where the TensorFlow process leaves each seed's initial weights for the JAX process that runs the seed next.
STARTS = Path(tempfile.gettempdir())


def exact(encoder, decoder, test: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One boolean per test pair (every token right), and the greedy predictions."""
    predicted = greedy_decode_tokens(encoder, decoder, test, target.shape[1], START, END).tokens
    return np.all(predicted == target, axis=1), predicted


def run(seed: int) -> dict[str, float]:
    (a, b), (a_test, b_test) = split_pairs(100, 1_000, rng=seed)
    source, decoder_input, target = addition_dataset(a, b, 2)
    test, _, test_target = addition_dataset(a_test, b_test, 2)
    wide, lengths = np.pad(test, ((0, 0), (0, 4))), (test != PAD).sum(axis=1)
    on_tensorflow = keras.backend.backend() == "tensorflow"
    row: dict[str, float] = {}
    for mask in (True, False):
        name = "masked" if mask else "unmasked"
        start = STARTS / f"seeds_07_start_{seed}_{name}.npz"
        other = f"{name}, dense gradients" if on_tensorflow else f"{name} from TensorFlow's start"
        for arm in (name, other):
            dense = arm.endswith("dense gradients")
            train, encoder, decoder = addition_models(ADDITION.size, mask=mask, seed=seed, dense_gradients=dense)
            if on_tensorflow and arm == name:
                np.savez(start, *train.get_weights())
            elif arm.endswith("start"):
                with np.load(start) as weights:
                    train.set_weights([weights[f"arr_{i}"] for i in range(len(weights.files))])
            fit_tokens(train, source, decoder_input, target, ADDITION_FIT)
            right, predicted = exact(encoder, decoder, test, test_target)
            row[arm] = float(right.mean())
            if arm != name:
                continue
            for length in (3, 4, 5):
                row[f"{name}, length {length}"] = float(right[lengths == length].mean())
            right_wide, predicted_wide = exact(encoder, decoder, wide, test_target)
            row[f"{name} wide"] = float(right_wide.mean())
            if mask:
                row["masked: same when wider"] = float(np.array_equal(predicted, predicted_wide))
    row["masked minus unmasked"] = row["masked"] - row["unmasked"]
    return row


def main() -> None:
    run_seed_study("07", run, int(sys.argv[1]) if len(sys.argv) > 1 else 5, backends=("jax",))


if __name__ == "__main__":
    main()
