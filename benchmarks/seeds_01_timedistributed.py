"""Notebook 01 over several seeds: does each framing echo its training values, and inputs it never saw?

For each seed, builds the three models of :mod:`helpers.models` (``one_to_one_echo_model``,
``many_to_one_echo_model``, ``many_to_many_echo_model``), trains each for its ``helpers.training.FRAMING_STEPS``
with :func:`helpers.training.fit_steps`, and records :func:`helpers.metrics.echo_errors`: each model's largest
error on the training values, on them shifted up by 0.1, and on them reversed, and the share of the shift its
answers follow. Also:

- ``many_to_many_train_error_1000_steps``: many-to-many's training error after the source's 1,000 steps;
- as base-10 logarithms: one-to-one's final training loss (``one_to_one_log10_final_loss``), the largest gap
  between the weights of ``fit`` with 100 one-batch epochs and of ``fit_steps`` with 100 steps
  (``log10_fit_steps_gap``), and exercise 3: the final loss of 100 steps at Adam 0.01
  (``exercise_log10_loss_100_steps_at_0_01``), beside its half-changes, 100 steps at 0.001
  (``log10_loss_100_steps_at_0_001``) and 1,000 steps at 0.01 (``log10_loss_1000_steps_at_0_01``).

Writes min / median / max over the seeds into ``benchmarks/results.json`` (``seeds.01``) through
``helpers.course.record_seed_study``. About 15 s per seed on 2 cores.
Usage: ``python benchmarks/seeds_01_timedistributed.py [n_seeds]``.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("LSTM_COURSE_QUIET", "1")  # no progress output: helpers.progress reads it

import helpers.repro  # noqa: E402

helpers.repro.seed_everything(1)

import numpy as np  # noqa: E402

from helpers.course import run_seed_study  # noqa: E402
from helpers.data import ramp  # noqa: E402
from helpers.metrics import echo_errors  # noqa: E402
from helpers.models import many_to_many_echo_model, many_to_one_echo_model, one_to_one_echo_model  # noqa: E402
from helpers.training import FRAMING_STEPS, fit_steps  # noqa: E402


def run(seed: int) -> dict[str, float]:
    sequence = ramp(5)
    X_one, y_one, X_seq = sequence.reshape(5, 1, 1), sequence.reshape(5, 1), sequence.reshape(1, 5, 1)
    one_to_one = one_to_one_echo_model(seed=seed)
    history = fit_steps(one_to_one, X_one, y_one, FRAMING_STEPS["one-to-one"])
    many_to_one = many_to_one_echo_model(seed=seed)
    fit_steps(many_to_one, X_seq, sequence.reshape(1, 5), FRAMING_STEPS["many-to-one"])
    many_to_many = many_to_many_echo_model(seed=seed)
    fit_steps(many_to_many, X_seq, sequence.reshape(1, 5, 1), FRAMING_STEPS["many-to-many"])
    row = echo_errors(one_to_one, many_to_one, many_to_many)
    row["one_to_one_log10_final_loss"] = float(np.log10(history.history["loss"][-1]))

    source_budget = many_to_many_echo_model(seed=seed)
    fit_steps(source_budget, X_seq, sequence.reshape(1, 5, 1), 1000)
    answer = np.asarray(source_budget.predict_on_batch(X_seq)).ravel()
    row["many_to_many_train_error_1000_steps"] = float(np.abs(answer - sequence).max())

    def log10_loss(steps: int, learning_rate: float) -> tuple[float, object]:
        model = one_to_one_echo_model(learning_rate=learning_rate, seed=seed)
        return float(np.log10(fit_steps(model, X_one, y_one, steps).history["loss"][-1])), model

    row["exercise_log10_loss_100_steps_at_0_01"] = log10_loss(100, 0.01)[0]
    row["log10_loss_1000_steps_at_0_01"] = log10_loss(1000, 0.01)[0]
    row["log10_loss_100_steps_at_0_001"], short = log10_loss(100, 0.001)
    source_way = one_to_one_echo_model(seed=seed)
    source_way.fit(X_one, y_one, epochs=100, batch_size=5, verbose=0)
    gap = max(float(np.abs(a - b).max()) for a, b in zip(source_way.get_weights(), short.get_weights(), strict=True))
    row["log10_fit_steps_gap"] = float(np.log10(gap))
    return row


def main() -> None:
    run_seed_study("01", run, int(sys.argv[1]) if len(sys.argv) > 1 else 5)


if __name__ == "__main__":
    main()
