"""Shared, tested building blocks for the LSTM course notebooks.

The package never imports TensorFlow at import time, so that
:func:`helpers.repro.setup` can silence TensorFlow's C++ logs before the
first import. Modules:

- :mod:`helpers.repro` -- seeding, determinism and a quiet TensorFlow import.
- :mod:`helpers.data` -- vectorised numpy data generators for every lesson.
- :mod:`helpers.encoding` -- one-hot encoding and decoding.
- :mod:`helpers.decoding` -- batched step-by-step (greedy) decoding loops.
- :mod:`helpers.metrics` -- token and whole-sequence accuracy.
- :mod:`helpers.plots` -- training curves and predictions against truth.
"""

__version__ = "0.1.0"
