"""Shared, tested building blocks for the LSTM course notebooks, organised by concept (never by chapter).

Importing the package imports no TensorFlow: :func:`helpers.repro.seed_everything` (a notebook's first
call) and :mod:`helpers.training` import it quietly, with TensorFlow's C++ start-up logs silenced. Modules:

- :mod:`helpers.repro` -- the seeding contract, determinism and a quiet TensorFlow import.
- :mod:`helpers.data` -- what the models read: every dataset generated or loaded, and each task's sizes.
- :mod:`helpers.text` -- characters as tokens: a vocabulary, and the addition pairs of chapter 07.
- :mod:`helpers.encoding` -- values as model inputs and back: one-hot, scaled offsets of a series.
- :mod:`helpers.models` -- what is built: every model and its optimizer (each builder takes ``seed``).
- :mod:`helpers.training` -- how it is trained: every budget (``FitConfig``), its fit function, callbacks.
- :mod:`helpers.decoding` -- how a trained model is run step by step: greedy, beam search, recursive forecasts.
- :mod:`helpers.metrics` -- how results are scored: sequence accuracies, forecast errors, chapter 09's claims.
- :mod:`helpers.plots` -- training curves, predictions against truth, attention maps.
- :mod:`helpers.diagrams` -- the teacher-forcing and LSTM-cell diagrams.
- :mod:`helpers.report` -- printing measured figures with the ``≈`` mark the notebook tests mask.
- :mod:`helpers.progress` -- one quiet switch for Keras progress output.
- :mod:`helpers.exercises` -- the exercise checkers (they return ``Feedback``).
- :mod:`helpers.course` -- the chapters, their order and the course map.
"""

__version__ = "0.1.0"
