"""Notebook 05: data generation, training throughput and decoding against the source's Python loops.

Three measurements, one run (the notebook's recipe, ``helpers.training.REVERSE_PREFIX_FIT``: 100,000
samples, one epoch, batch 256, Adam 0.01, integer inputs one-hot encoded inside the model):

1. data: the source's per-sample loop (timed on a subset, scaled to 100,000 samples) against
   ``helpers.data.reverse_prefix_dataset`` (integers), with and without a float32 one-hot on the host;
2. training, and how close it comes to the hardware (notebook 05's appendix). One sample costs
   ``helpers.models.seq2seq_flops_per_sample`` floating-point operations (5.1 MFLOP: an LSTM step does
   ``4 * units * (inputs + units)`` multiply-adds, the head ``units * classes`` per output step, the
   backward pass about twice the forward one). The *compute floor* is that arithmetic at the speed of
   numpy's float32 matrix product, measured now (``helpers.metrics.numpy_gflops``), on a product of the
   LSTM's own shape (the batch against the ``(classes + units) x 4 units`` gate weights) and on a large
   1024^3 product. Three variants are timed in alternating 20,000-sample chunks, so that a change of
   load hits all alike: the notebook's recipe; the same with host float32 one-hot inputs (the source's
   way); and the previous recipe, batch 128 with Adam 0.005;
3. decoding the same 1,000 sequences with the trained model: ``greedy_decode`` (whole batch) against
   the source's loop of ``predict`` calls (timed on a subset, per sequence), and against ``greedy_decode`` called
   on one sequence at a time (no ``predict`` set-up, the same number of model calls as the loop), which splits the
   speed-up into ``predict``'s fixed cost and batching; ratios are medians of runs.

Usage: ``python benchmarks/bench_05_reverse_prefix.py`` (about 3 minutes on 2 cores; timings move with the
machine's load, printed at start and end).
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
from helpers.training import REVERSE_PREFIX_FIT, REVERSE_PREFIX_SAMPLES, FitConfig  # noqa: E402

CLASSES, STEPS_IN, STEPS_OUT, UNITS = 51, 6, 3, 128
N_TRAIN, BATCH = REVERSE_PREFIX_SAMPLES, REVERSE_PREFIX_FIT.batch_size
#: Notebook 05's recipe until 2026-12-02: 3.8x the floor in the benchmark's run of 2026-12-01.
PREVIOUS_FIT = FitConfig(epochs=1, batch_size=128, learning_rate=0.005)
LOOP_DATA_SUBSET, LOOP_DECODE_SUBSET = 5_000, 20
FLOP_PER_SAMPLE = seq2seq_flops_per_sample(STEPS_IN, STEPS_OUT, CLASSES, UNITS)


def timed(func: Callable[[], object], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        seconds.append(time.perf_counter() - start)
    return seconds


def train_variants(
    data: tuple[np.ndarray, ...], variants: dict[str, tuple[bool, FitConfig]], chunks: int = 5
) -> tuple[dict[str, tuple[keras.Model, ...]], dict[str, list[float]]]:
    """One epoch over the 100,000 samples for every variant ``label -> (one_hot_inside, fit)``, in alternating chunks.

    The variants are timed chunk by chunk, one after the other, so that a change of machine load
    hits all alike. Each model first takes 10 batches of other samples (tracing, not timed).
    Returns per variant the trained models and the list of chunk times.
    """
    host_data = tuple(one_hot(a, CLASSES) for a in data)
    models, seconds = {}, {}
    for label, (inside, fit) in variants.items():
        models[label] = reverse_prefix_models(CLASSES, UNITS, inside, fit.learning_rate, seed=1)
        # 10 batches of other samples first: tracing the training step, excluded from the timings
        warm = reverse_prefix_dataset(10 * fit.batch_size, rng=99)
        warm = warm if inside else tuple(one_hot(a, CLASSES) for a in warm)
        models[label].train.fit(list(warm[:2]), warm[2], batch_size=fit.batch_size, epochs=1, shuffle=False, verbose=0)
        seconds[label] = []
    size = N_TRAIN // chunks
    for i in range(chunks):
        part = slice(i * size, (i + 1) * size)
        for label, (inside, fit) in variants.items():
            X, D, y = data if inside else host_data
            start = time.perf_counter()
            models[label].train.fit(
                [X[part], D[part]], y[part], batch_size=fit.batch_size, epochs=1, shuffle=False, verbose=0
            )
            seconds[label].append(time.perf_counter() - start)
    return models, seconds


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
    ours = f"batch {BATCH}, Adam {REVERSE_PREFIX_FIT.learning_rate:g}"
    variants = {
        f"{ours}, one-hot inside the model (the notebook)": (True, REVERSE_PREFIX_FIT),
        f"{ours}, host float32 one-hot": (False, REVERSE_PREFIX_FIT),
        f"batch {PREVIOUS_FIT.batch_size}, Adam {PREVIOUS_FIT.learning_rate:g}, one-hot inside (previous)": (
            True,
            PREVIOUS_FIT,
        ),
    }

    def rates() -> dict[int | str, float]:
        shaped = {
            b: numpy_gflops(b, CLASSES + UNITS, 4 * UNITS, 50)
            for b in sorted({f.batch_size for _, f in variants.values()})
        }
        return {"1024^3": numpy_gflops(1024, 1024, 1024, 1)} | shaped

    before = rates()
    models, chunk_seconds = train_variants(data, variants)
    after = rates()
    gflops_now = {key: max(before[key], after[key]) for key in before}  # best of before and after training
    for key, rate in gflops_now.items():
        label = "1024^3" if key == "1024^3" else f"{key}x{CLASSES + UNITS} @ {CLASSES + UNITS}x{4 * UNITS}, LSTM-shaped"
        rows.append((f"numpy sgemm {label} (best of before/after training)", f"{rate:.1f} GFLOP/s", ""))
    floor_work = FLOP_PER_SAMPLE * N_TRAIN
    rows.append(("arithmetic of one epoch (forward + backward)", f"{floor_work / 1e12:.2f} TFLOP", ""))
    ratios = {}
    for label, (_, fit) in variants.items():
        seconds, best = sum(chunk_seconds[label]), min(chunk_seconds[label])
        best_epoch = best * len(chunk_seconds[label])  # the epoch at the best chunk's rate
        achieved = floor_work / seconds / 1e9
        floor = floor_work / (gflops_now[fit.batch_size] * 1e9)
        floor_large = floor_work / (gflops_now["1024^3"] * 1e9)
        ratios[label] = (seconds, achieved, seconds / floor, best_epoch / floor)
        rows += [
            (f"train 100k, {label}", f"{seconds:.1f} s", f"{N_TRAIN / seconds:,.0f} samples/s, {achieved:.1f} GFLOP/s"),
            (
                "  x the LSTM-shaped floor (at its batch)",
                f"{seconds / floor:.1f}x",
                f"best 20k chunk {best_epoch / floor:.1f}x; x the 1024^3 floor: {seconds / floor_large:.1f}x",
            ),
        ]
    encoder, decoder = models[next(iter(variants))][1:]
    notebook = ratios[next(iter(variants))]
    record_benchmark(
        "bench_05_training",
        [
            "05: training, 100,000 samples (`bench_05_reverse_prefix.py`)",
            "—",
            f"{ours}: {notebook[0]:.1f} s, {N_TRAIN / notebook[0]:,.0f} samples/s, {notebook[1]:.0f} GFLOP/s",
            f"{notebook[2]:.1f}× the compute floor ({notebook[3]:.1f}× at its best stretch)",
        ],
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
    # the same greedy_decode on one sequence per call: no predict set-up, but 4 calls per sequence (warmed above)
    call_runs = timed(
        lambda: [greedy_decode(encoder, decoder, s[np.newaxis], STEPS_OUT, zeros, "output") for s in subset], 3
    )
    per_call = statistics.median(call_runs) / LOOP_DECODE_SUBSET
    per_batched = statistics.median(batched_runs) / len(X_test)
    exact = sequence_accuracy(y_test, batched().argmax(-1))
    rows += [
        ("decode: source's predict loop, per sequence (3 runs on 20)", f"{per_loop * 1e3:.0f} ms", ""),
        (
            "decode: greedy_decode, 1,000 at once (median of 7)",
            f"{statistics.median(batched_runs) * 1e3:.0f} ms",
            f"{per_batched * 1e3:.3f} ms per sequence",
        ),
        ("decode: greedy_decode, one sequence per call (3 runs on 20)", f"{per_call * 1e3:.1f} ms", ""),
        ("decode: ratio per sequence (medians)", f"{per_loop / per_batched:,.0f}x", f"same predictions: {same}"),
        (
            "  = predict's fixed cost times batching",
            f"{per_loop / per_call:,.0f}x",
            f"{per_call / per_batched:,.0f}x",
        ),
        ("exact match on the 1,000 test sequences", f"{exact:.1%}", ""),
    ]

    record_benchmark(
        "bench_05_decode",
        [
            "05: decode 1,000 sequences (`bench_05_reverse_prefix.py`)",
            f"`predict` per step per sequence: {per_loop * 1e3:.0f} ms per sequence",
            f"`greedy_decode`, all at once: {per_batched * 1e3:.3f} ms per sequence",
            f"{per_loop / per_batched:,.0f}× ({per_loop / per_call:,.0f}× `predict`'s fixed cost, "
            f"{per_call / per_batched:,.0f}× batching)",
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
