"""Shared, tested building blocks for the LSTM course notebooks, organised by concept (never by chapter).

Importing the package imports no TensorFlow: :func:`helpers.repro.seed_everything` (a notebook's first
call) and :mod:`helpers.training` import it quietly, with TensorFlow's C++ start-up logs silenced. Modules:

- :mod:`helpers.repro` -- the seeding contract, determinism and a quiet TensorFlow import.
- :mod:`helpers.data` -- vectorised numpy data generators for every lesson.
- :mod:`helpers.encoding` -- one-hot encoding.
- :mod:`helpers.models` -- the model builders the notebooks and benchmarks share (each takes ``seed``).
- :mod:`helpers.training` -- how each model is trained: recipes (``FitConfig``), state resets, fit functions.
- :mod:`helpers.decoding` -- batched step-by-step (greedy) decoding, and the tutorials' per-sequence loop.
- :mod:`helpers.metrics` -- token and whole-sequence accuracy, probability of the truth, numpy's GFLOP/s.
- :mod:`helpers.plots` -- training curves and predictions against truth.
- :mod:`helpers.diagrams` -- the teacher-forcing diagram.
- :mod:`helpers.report` -- printing measured figures with the ``≈`` mark the notebook tests mask.
- :mod:`helpers.progress` -- one quiet switch for Keras progress output.
- :mod:`helpers.exercises` -- the exercise checkers (they return ``Feedback``).
- :mod:`helpers.course` -- the chapters, their order and the course map.
"""

__version__ = "0.1.0"
