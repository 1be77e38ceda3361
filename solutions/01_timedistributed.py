"""Solutions to the exercises of notebook 01."""


def lstm_params(inputs: int, units: int) -> int:
    """Exercise 01.1: four gates, each with input weights, recurrent weights and a bias per unit."""
    return 4 * ((inputs + 1) * units + units**2)


# Exercise 01.2: LSTM(7, return_sequences=True) keeps the 4 time steps; Dense(1) maps 7 features to 1.
SEQUENCE_OUTPUT_SHAPE = (3, 4, 1)

# Exercise 01.3 (predict, then measure): 100 steps instead of 1,000 leave the loss near 0.1, not below 0.001:
# log10 of the final loss is about -1 (benchmarks/seeds_01_timedistributed.py, seeds 1-5: -1.11 to -0.76).
PREDICTION_100_STEPS = -1.0
RANGE_100_STEPS = (-1.3, -0.6)
