"""Notebook 05: data generation, training throughput and decoding against the source's Python loops.

Three measurements, one run, one trained model (the notebook's recipe: 100,000 samples, one epoch,
batch 128, Adam 0.005, integer inputs one-hot encoded inside the model):

1. data: the source's per-sample loop (timed on a subset, scaled to 100,000 samples) against
   ``helpers.data.reverse_prefix_dataset`` (integers), with and without a float32 one-hot on the host;
2. training: samples/s and achieved GFLOP/s, for integer inputs (one-hot inside the model) and for
   host float32 one-hot inputs (the source's way), against numpy's matrix product measured now;
3. decoding the same 1,000 sequences with the trained model: ``greedy_decode`` (whole batch) against
   the source's loop of ``predict`` calls (timed on a subset, per sequence); ratios are medians of runs.

Usage: ``python benchmarks/bench_05_reverse_prefix.py`` (about 2 minutes on 2 cores).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

import helpers.repro

helpers.repro.seed_everything(1)

import keras  # noqa: E402
import numpy as np  # noqa: E402

from helpers.course import record_benchmark  # noqa: E402
from helpers.data import reverse_prefix_dataset, source_style_reverse_prefix  # noqa: E402
from helpers.decoding import greedy_decode, source_style_decode  # noqa: E402
from helpers.encoding import one_hot  # noqa: E402
from helpers.metrics import numpy_gflops, sequence_accuracy  # noqa: E402
from helpers.models import reverse_prefix_models, seq2seq_flops_per_sample  # noqa: E402
from helpers.training import REVERSE_PREFIX_FIT, REVERSE_PREFIX_SAMPLES  # noqa: E402

CLASSES, STEPS_IN, STEPS_OUT, UNITS = 51, 6, 3, 128
N_TRAIN, BATCH, LEARNING_RATE = REVERSE_PREFIX_SAMPLES, REVERSE_PREFIX_FIT.batch_size, REVERSE_PREFIX_FIT.learning_rate
LOOP_DATA_SUBSET, LOOP_DECODE_SUBSET = 5_000, 20
FLOP_PER_SAMPLE = seq2seq_flops_per_sample(STEPS_IN, STEPS_OUT, CLASSES, UNITS)


def timed(func: Callable[[], object], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        seconds.append(time.perf_counter() - start)
    return seconds


def train_both(data: tuple[np.ndarray, ...], chunks: int = 5) -> tuple[keras.Model, keras.Model, dict]:
    """One epoch over the 100,000 samples for both input variants, in alternating chunks.

    The variants are timed chunk by chunk, one after the other, so that a change of machine load
    hits both alike. Each model first takes 10 batches of other samples (tracing, not timed).
    Returns the encoder and decoder trained with one-hot inside the model, and per variant the
    list of chunk times.
    """
    host_data = tuple(one_hot(a, CLASSES) for a in data)
    variants = {}
    for inside, (X, D, y) in ((True, data), (False, host_data)):
        train, encoder, decoder = reverse_prefix_models(CLASSES, UNITS, inside, LEARNING_RATE, seed=1)
        # 10 batches of other samples first: tracing the training step, excluded from the timings
        warm = reverse_prefix_dataset(10 * BATCH, rng=99)
        warm = warm if inside else tuple(one_hot(a, CLASSES) for a in warm)
        train.fit(list(warm[:2]), warm[2], batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        variants[inside] = (train, encoder, decoder, (X, D, y), [])
    size = N_TRAIN // chunks
    for i in range(chunks):
        part = slice(i * size, (i + 1) * size)
        for train, _, _, (X, D, y), seconds in variants.values():
            start = time.perf_counter()
            train.fit([X[part], D[part]], y[part], batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
            seconds.append(time.perf_counter() - start)
    return variants[True][1], variants[True][2], {inside: v[4] for inside, v in variants.items()}


def main() -> None:
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores)")
    rows = []

    # 1. data -------------------------------------------------------------------------------
    loop = (
        min(timed(lambda: source_style_reverse_prefix(LOOP_DATA_SUBSET, STEPS_IN, STEPS_OUT, CLASSES), 3))
        * N_TRAIN
        / LOOP_DATA_SUBSET
    )
    integers = statistics.median(timed(lambda: reverse_prefix_dataset(N_TRAIN, rng=1), 7))

    def integers_and_one_hot() -> None:
        for array in reverse_prefix_dataset(N_TRAIN, rng=1):
            one_hot(array, CLASSES)

    with_one_hot = statistics.median(timed(integers_and_one_hot, 3))
    rows += [
        ("data 100k: source's loop (best of 3 on 5,000, scaled)", f"{loop:.2f} s", ""),
        ("data 100k: numpy integers (median of 7)", f"{integers * 1e3:.1f} ms", f"{loop / integers:.0f}x faster"),
        (
            "data 100k: numpy + float32 one-hot (median of 3)",
            f"{with_one_hot * 1e3:.0f} ms",
            f"{loop / with_one_hot:.0f}x faster",
        ),
    ]

    # 2. training ---------------------------------------------------------------------------
    data = reverse_prefix_dataset(N_TRAIN, rng=1)
    encoder, decoder, chunk_seconds = train_both(data)
    big = numpy_gflops(1024, 1024, 1024, 1)
    lstm_sized = numpy_gflops(BATCH, CLASSES + UNITS, 4 * UNITS, 50)
    fit_inside = sum(chunk_seconds[True])
    best_inside = min(chunk_seconds[True]) * len(chunk_seconds[True])  # the epoch at the best chunk's rate
    for inside, label in ((True, "one-hot inside the model"), (False, "host float32 one-hot")):
        seconds, best = sum(chunk_seconds[inside]), min(chunk_seconds[inside])
        gflops = FLOP_PER_SAMPLE * N_TRAIN / seconds / 1e9
        rows.append(
            (f"train 100k, {label}", f"{seconds:.1f} s", f"{N_TRAIN / seconds:,.0f} samples/s, {gflops:.1f} GFLOP/s")
        )
        rows.append((f"  best 20k chunk, {label}", f"{best:.1f} s", f"{N_TRAIN / 5 / best:,.0f} samples/s"))
    rows += [
        ("numpy sgemm 1024^3 (best of 5)", f"{big:.1f} GFLOP/s", ""),
        ("numpy sgemm 128x179 @ 179x512, LSTM-shaped (best of 5 x 50)", f"{lstm_sized:.1f} GFLOP/s", ""),
    ]
    for label, gflops in (("1024^3 sgemm", big), ("LSTM-shaped sgemm", lstm_sized)):
        floor = FLOP_PER_SAMPLE * N_TRAIN / (gflops * 1e9)
        rows.append(
            (
                f"compute floor at the {label} rate",
                f"{floor:.1f} s",
                f"training = {fit_inside / floor:.1f}x the floor (best chunk: {best_inside / floor:.1f}x)",
            )
        )

    # 3. decoding ---------------------------------------------------------------------------
    X_test, _, y_test = reverse_prefix_dataset(1_000, rng=2)
    zeros = np.zeros(CLASSES, dtype=np.float32)

    def batched() -> np.ndarray:
        return greedy_decode(encoder, decoder, X_test, STEPS_OUT, zeros, feedback="output")

    batched_runs = timed(batched, 7)
    subset = X_test[:LOOP_DECODE_SUBSET]
    loop_runs = timed(lambda: [source_style_decode(encoder, decoder, s[np.newaxis], STEPS_OUT) for s in subset], 3)
    loop_predictions = np.array([source_style_decode(encoder, decoder, s[np.newaxis], STEPS_OUT) for s in subset])
    same = np.array_equal(loop_predictions.argmax(-1), batched()[:LOOP_DECODE_SUBSET].argmax(-1))
    per_loop = statistics.median(loop_runs) / LOOP_DECODE_SUBSET
    per_batched = statistics.median(batched_runs) / len(X_test)
    exact = sequence_accuracy(y_test, batched().argmax(-1))
    rows += [
        ("decode: source's predict loop, per sequence (3 runs on 20)", f"{per_loop * 1e3:.0f} ms", ""),
        (
            "decode: greedy_decode, 1,000 at once (median of 7)",
            f"{statistics.median(batched_runs) * 1e3:.0f} ms",
            f"{per_batched * 1e3:.3f} ms per sequence",
        ),
        ("decode: ratio per sequence (medians)", f"{per_loop / per_batched:,.0f}x", f"same predictions: {same}"),
        ("exact match on the 1,000 test sequences", f"{exact:.1%}", ""),
    ]

    record_benchmark(
        "bench_05_decode",
        [
            "05: decode 1,000 sequences (`bench_05_reverse_prefix.py`)",
            f"`predict` per step per sequence: {per_loop * 1e3:.0f} ms per sequence",
            f"`greedy_decode`, all at once: {per_batched * 1e3:.3f} ms per sequence",
            f"{per_loop / per_batched:,.0f}×",
        ],
    )
    record_benchmark(
        "bench_05_data",
        [
            "05: generate 100,000 samples",
            f"Python loop: {loop:.1f} s",
            f"numpy integers (one-hot inside the model): {integers * 1e3:.1f} ms",
            f"{loop / integers:,.0f}×",
        ],
    )
    width = max(len(r[0]) for r in rows)
    for label, value, note in rows:
        print(f"{label:<{width}}  {value:>13}  {note}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
