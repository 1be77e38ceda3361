"""Solutions to the exercises of notebook 09 (predict, then measure).

The ranges are the seed study's (``benchmarks/seeds_09_co2.py``, recorded in ``benchmarks/results.json``
``seeds.09``); ``helpers.exercises.check_forecast_prediction`` reads them from there.
"""

# Exercise 09.1: least squares on 12 months of history instead of 36. A year of history holds one seasonal
# cycle but no rise from one year to the next, so the error grows well above the 36-month model's
# (seeds.09 "exercise_linear_window_12").
CLAIM_LINEAR_WINDOW_12 = "exercise_linear_window_12"

# Exercise 09.2: the direct LSTM on standardised levels (training mean and spread) instead of offsets from each
# window's last value. The test months are higher than any training month, so the model must extrapolate
# a level it has never seen, and its error is several times the offsets model's (seeds.09 "exercise_levels_mae").
CLAIM_LEVELS = "exercise_levels_mae"
