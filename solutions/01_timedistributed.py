"""Solutions to the exercises of notebook 01."""


def lstm_params(inputs: int, units: int) -> int:
    """Exercise 01.1: four gates, each with input weights, recurrent weights and a bias per unit."""
    return 4 * ((inputs + 1) * units + units**2)


# Exercise 01.2: LSTM(7, return_sequences=True) keeps the 4 time steps; Dense(1) maps 7 features to 1.
SEQUENCE_OUTPUT_SHAPE = (3, 4, 1)
