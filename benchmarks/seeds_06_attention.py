"""Notebook 06: does attention's headline hold across seeds, and where does the bottleneck bite?

Seed ``s`` seeds the weights and draws the training data with ``rng=2s-1`` and the test
sequences with ``rng=2s`` (test rows seen in training are dropped); seed 1 is notebook 06's run.
Recipe: ``helpers.data.ATTENTION_TASK`` and ``helpers.training.ATTENTION_FIT`` (reversal of 4..20 tokens
from a vocabulary of 10, one fit per model), greedy decoding of the whole test batch.
Usage: ``python benchmarks/seeds_06_attention.py [n_seeds] [models]``, models comma-separated
from ``none,dot,additive`` (about 15-40 s per model and seed on 2 cores).

Measured on 2026-12-01 (seeds 1-5, about 2,980 unseen test sequences each), exact match min / median / max:

| length | no attention | dot-product | additive |
|---:|---|---|---|
| 4 | 0.530 / 0.942 / 0.984 | 1.000 / 1.000 / 1.000 | 0.989 / 1.000 / 1.000 |
| 8 | 0.035 / 0.277 / 0.729 | 1.000 / 1.000 / 1.000 | 0.861 / 0.900 / 0.965 |
| 12 | 0.000 / 0.000 / 0.041 | 1.000 / 1.000 / 1.000 | 0.274 / 0.327 / 0.457 |
| 16 | 0.000 / 0.000 / 0.000 | 0.994 / 1.000 / 1.000 | 0.007 / 0.012 / 0.034 |
| 20 | 0.000 / 0.000 / 0.000 | 0.959 / 0.979 / 0.994 | 0.000 / 0.000 / 0.000 |

Aligned weight (``helpers.metrics.aligned_weight``, 200 test sequences) after epoch 1 / epoch 5: dot-product
0.148-0.218 / 0.658-0.734; additive 0.061-0.068 / 0.080-0.105. Fit seconds (median): none 15, dot 17, additive 36.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("LSTM_COURSE_QUIET", "1")  # no progress bars: helpers.progress reads it

import helpers.repro

helpers.repro.seed_everything(1)

import numpy as np  # noqa: E402

from helpers.data import ATTENTION_TASK, drop_seen, variable_length_dataset  # noqa: E402
from helpers.decoding import attention_snapshots, greedy_decode_tokens  # noqa: E402
from helpers.metrics import accuracy_by_length, aligned_weight  # noqa: E402
from helpers.models import attention_seq2seq_models  # noqa: E402
from helpers.training import ATTENTION_FIT, fit_tokens  # noqa: E402

R, FIT = ATTENTION_TASK, ATTENTION_FIT
REPORT_LENGTHS = (4, 8, 12, 16, 20)


def run(attention: str | None, seed: int) -> dict:
    source, target, _ = variable_length_dataset(R["n_train"], R["min_length"], R["max_length"], rng=2 * seed - 1)
    test, test_target, test_lengths = drop_seen(
        *variable_length_dataset(3000, R["min_length"], R["max_length"], rng=2 * seed)[:1],
        source,
        *variable_length_dataset(3000, R["min_length"], R["max_length"], rng=2 * seed)[1:],
    )
    shifted = np.concatenate([np.zeros((len(target), 1), target.dtype), target[:, :-1]], axis=1)
    train, encoder, decoder = attention_seq2seq_models(attention, seed=seed)
    callbacks = [attention_snapshots(encoder, decoder, test[:200], R["max_length"])] if attention else []
    start = time.perf_counter()
    fit_tokens(train, source, shifted, target, FIT, callbacks=callbacks, ignore_padding=False)
    seconds = time.perf_counter() - start
    decoded = greedy_decode_tokens(encoder, decoder, test, R["max_length"], start_token=0)
    result = {"seconds": seconds, "by_length": accuracy_by_length(test_target, decoded.tokens, test_lengths)}
    if attention:
        snaps = callbacks[0].snapshots
        result["aligned"] = {e: aligned_weight(snaps[e], test_lengths[:200]) for e in (1, FIT.epochs)}
    return result


def main() -> None:
    n_seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    names = sys.argv[2].split(",") if len(sys.argv) > 2 else ["none", "dot", "additive"]
    for name in names:
        results = [run(None if name == "none" else name, seed) for seed in range(1, n_seeds + 1)]
        for length in REPORT_LENGTHS:
            exact = [r["by_length"][length][0] for r in results]
            token = [r["by_length"][length][1] for r in results]
            print(
                f"{name:8s} length {length:2d}: exact min {min(exact):.3f} median {np.median(exact):.3f} "
                f"max {max(exact):.3f} | token min {min(token):.3f} median {np.median(token):.3f} max {max(token):.3f}",
                flush=True,
            )
        if name != "none":
            for epoch in (1, FIT.epochs):
                aligned = [r["aligned"][epoch] for r in results]
                print(
                    f"{name:8s} aligned weight after epoch {epoch}: min {min(aligned):.3f} "
                    f"median {np.median(aligned):.3f} max {max(aligned):.3f}",
                    flush=True,
                )
        seconds = [r["seconds"] for r in results]
        print(
            f"{name:8s} fit seconds: min {min(seconds):.0f} median {np.median(seconds):.0f} max {max(seconds):.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
