"""Notebook 09: do its claims about forecasting Mauna Loa CO2 hold across seeds?

Seed ``s`` seeds the LSTMs' weights and the shuffling of their training windows; the data, the split, the
baselines and the least-squares model do not depend on it (recorded on every seed all the same, so that every
claim of the notebook has its range). Recipe: ``helpers.data.CO2_SPLIT`` and ``helpers.training.CO2_FIT``
through ``helpers.training.train_lstm``, and the claims of ``helpers.metrics``, exactly as the notebook's cells.
Every figure is a mean absolute error in ppm over the 37 test windows and 12 months ahead, unless the claim id
says otherwise. Writes min / median / max per claim into ``benchmarks/results.json`` (``seeds.09``) through
``helpers.course.record_seed_study``.
Usage: ``python benchmarks/seeds_09_co2.py [n_seeds]`` (about 45 s per seed on 2 cores).
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("LSTM_COURSE_QUIET", "1")  # no progress output: helpers.progress reads it

import helpers.repro  # noqa: E402

helpers.repro.seed_everything(1)


from helpers.course import run_seed_study  # noqa: E402
from helpers.data import CO2_SPLIT  # noqa: E402
from helpers.metrics import co2_claims, co2_split  # noqa: E402
from helpers.training import CO2_FIT, train_lstm  # noqa: E402


def run(seed: int, split: dict, fixed: dict[str, float]) -> dict[str, float]:
    forecasts = {kind: train_lstm(kind, split, seed=seed)[2] for kind in ("direct", "recursive")}
    levels = train_lstm("direct", split, seed=seed, representation="levels")[2]
    return fixed | co2_claims(split, forecasts, levels)


def main() -> None:
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores); split {CO2_SPLIT}, fit {CO2_FIT}")
    split, fixed = co2_split()
    fixed["exercise_linear_window_12"] = co2_split(window=12)[1]["linear_mae"]
    run_seed_study("09", lambda seed: run(seed, split, fixed), int(sys.argv[1]) if len(sys.argv) > 1 else 5)


if __name__ == "__main__":
    main()
