"""Notebook 05, go beyond: exact match against output length, target reversed or in original order.

For n_steps_out = 1..6 and two reduced budgets (one epoch of 20,000 or 40,000 fresh samples), train
notebook 05's model (``helpers.training.train_and_score``: the notebook's recipe, batch 256, Adam 0.01,
seed 1; training data rng=1, test rng=2) on the first n source integers reversed, and in their
original order, and decode 1,000 new sequences. The notebook runs 6 outputs reversed at 40,000 (its
exercise 3: in original order); the 5-seed range of that pair is in ``seeds_05_reverse_prefix.py``.
Usage: ``LSTM_COURSE_QUIET=1 python benchmarks/sweep_05_order.py`` (about 3 minutes on 2 cores).

Results (2026-12-02, seed 1, load 8-10), exact match:

| n_steps_out | reversed 20k | in order 20k | reversed 40k | in order 40k |
|---|---|---|---|---|
| 1 | 100.0 % | 100.0 % | 100.0 % | 100.0 % |
| 2 | 25.5 % | 86.7 % | 98.6 % | 99.7 % |
| 3 | 14.1 % | 41.4 % | 98.6 % | 96.5 % |
| 4 | 11.1 % | 31.7 % | 84.5 % | 89.0 % |
| 5 | 10.2 % | 19.1 % | 83.1 % | 83.8 % |
| 6 | 12.2 % | 10.5 % | 86.1 % | 51.9 % |

Reversed, output t copies source[n - 1 - t]: 7 - n + 2t steps from input to output, against 6 for every output in
original order. Only at n = 6 does the first pair become close (one step), and only there does reversal win clearly.
"""

from __future__ import annotations

import os

import helpers.repro

helpers.repro.seed_everything(1)

from helpers.training import train_and_score  # noqa: E402

BUDGETS = (20_000, 40_000)


def exact_match(n_out: int, reverse: bool, n_samples: int) -> float:
    return train_and_score(n_out, reverse, n_samples, seed=1)[0]


def main() -> None:
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores)")
    header = "  ".join(f"{order} {n // 1000}k" for n in BUDGETS for order in ("reversed", "in order"))
    print(f"n_steps_out  {header}")
    for n_out in range(1, 7):
        cells = []
        for n_samples in BUDGETS:
            reversed_ = exact_match(n_out, True, n_samples)
            in_order = reversed_ if n_out == 1 else exact_match(n_out, False, n_samples)  # same task for n = 1
            cells += [f"{reversed_:>12.1%}", f"{in_order:>11.1%}"]
        print(f"{n_out:>11}  " + "  ".join(cells), flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
