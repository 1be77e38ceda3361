"""Notebook 06 over several seeds: exact match against source length for each model, and the alignment.

Seed ``s`` seeds the weights and draws the training data with ``rng=2s-1`` and the test sequences with ``rng=2s``
(test rows seen in training are dropped); seed 1 is notebook 06's run. Recipe: ``helpers.data.ATTENTION_TASK`` and
``helpers.training.ATTENTION_FIT`` (reversal of 4..20 tokens from a vocabulary of 10, masked padding, one fit per
model, the same data and budget for every model), greedy decoding of the whole test batch. Records, as claim ids of
``benchmarks/results.json`` (``seeds.06``), for each model of ``MODELS`` (no attention, and the three scores of
``helpers.models.SourceAttention``):

- ``<model>, length <n>: exact`` and ``...: tokens``: exact match and token accuracy at each source length;
- ``<model>: aligned after epoch 1`` and ``...: aligned at the end`` (attention only):
  ``helpers.metrics.aligned_weight`` on 200 test sequences, from the ``attention_snapshots`` of the one fit;
- ``<model>: parameters``;
- the same claims for ``none x3``: the model without attention trained for ``LONGER`` times the epochs.

Writes min / median / max through ``helpers.course.run_seed_study``. About four minutes per seed on 2 cores.
Usage: ``python benchmarks/seeds_06_attention.py [n_seeds]``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace

os.environ.setdefault("LSTM_COURSE_QUIET", "1")  # no progress bars: helpers.progress reads it

import helpers.repro

helpers.repro.seed_everything(1)

from helpers.course import run_seed_study  # noqa: E402
from helpers.data import ATTENTION_TASK, drop_seen, shift_right, variable_length_dataset  # noqa: E402
from helpers.decoding import attention_snapshots, greedy_decode_tokens  # noqa: E402
from helpers.metrics import accuracy_by_length, aligned_weight  # noqa: E402
from helpers.models import ATTENTION_SCORES, attention_seq2seq_models  # noqa: E402
from helpers.training import ATTENTION_FIT, fit_tokens  # noqa: E402

TASK, FIT = ATTENTION_TASK, ATTENTION_FIT
MODELS = ("none", *ATTENTION_SCORES)
#: The baseline once more at three times the budget: does it saturate, and where does it still fail?
LONGER = 3


def run(seed: int) -> dict[str, float]:
    source, target, _ = variable_length_dataset(
        TASK["n_train"], TASK["min_length"], TASK["max_length"], rng=2 * seed - 1
    )
    shifted = shift_right(target, start_pads=True)
    fresh, fresh_target, fresh_lengths = variable_length_dataset(
        3000, TASK["min_length"], TASK["max_length"], rng=2 * seed
    )
    test, test_target, test_lengths = drop_seen(fresh, source, fresh_target, fresh_lengths)
    row: dict[str, float] = {}
    arms = [(name, FIT) for name in MODELS] + [(f"none x{LONGER}", replace(FIT, epochs=LONGER * FIT.epochs))]
    for name, fit in arms:
        attention = name if name in ATTENTION_SCORES else None
        train, encoder, decoder = attention_seq2seq_models(attention, seed=seed)
        callbacks = [attention_snapshots(encoder, decoder, test[:200], TASK["max_length"])] if attention else []
        fit_tokens(train, source, shifted, target, fit, callbacks=callbacks, ignore_padding=False)
        decoded = greedy_decode_tokens(encoder, decoder, test, TASK["max_length"], start_token=0)
        for length, (exact, tokens) in accuracy_by_length(test_target, decoded.tokens, test_lengths).items():
            row[f"{name}, length {length}: exact"] = exact
            row[f"{name}, length {length}: tokens"] = tokens
        row[f"{name}: parameters"] = float(train.count_params())
        if callbacks:
            snapshots = callbacks[0].snapshots
            row[f"{name}: aligned after epoch 1"] = aligned_weight(snapshots[1], test_lengths[:200])
            row[f"{name}: aligned at the end"] = aligned_weight(snapshots[FIT.epochs], test_lengths[:200])
    return row


def main() -> None:
    run_seed_study("06", run, int(sys.argv[1]) if len(sys.argv) > 1 else 5)


if __name__ == "__main__":
    main()
