"""The chapter 07 seed study still imports what it measures (it is not run in CI: minutes per seed)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def test_seeds_07_imports_the_notebook_recipe():
    import seeds_07_real_sequences as study

    assert (study.MAX_VALUE, study.DIGITS, study.EARLY, study.EPOCHS, study.WIDTHS) == (100, 2, 4, 10, (1, 3, 5))
    assert callable(study.run) and callable(study.beams)
