"""Solutions to the exercises of notebook 02."""

from typing import Any

# Exercise 02.1: window starts 0 .. 25 - 6, so 20 windows, taken 5 at a time by the stateful model.
WINDOWS_AND_BATCHES = (20, 4)


def reset_all_states(model: Any) -> None:
    """Exercise 02.2: Keras 3 has no Model.reset_states(); reset every stateful layer instead."""
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            layer.reset_state()


# Exercise 02.3 (predict, then measure): without state resets in training the echo is as good as with them,
# because the model does not use its state (the seed study, benchmarks/seeds_02_stateful_echo.py, records the range).
PREDICTION_NO_RESET = 1.0

# Exercise 02.4 (predict, then measure): twice the units, about the LSTM's number of weights, makes the SimpleRNN
# fail outright less often (a lower median error at the same rate) yet leaves it about a hundred times above the
# LSTM's error (benchmarks/seeds_02_stateful_echo.py records both ranges).
PREDICTION_WIDER_SIMPLE_RNN = 0.05
