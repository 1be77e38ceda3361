"""The chapter 07 seed study still imports what it measures (it is not run in CI: minutes per seed)."""


def test_seeds_07_imports_the_notebook_recipe():
    import seeds_07_real_sequences as study

    assert (study.MAX_VALUE, study.DIGITS, study.EARLY, study.EPOCHS, study.WIDTHS) == (100, 2, 4, 10, (1, 3, 5))
    assert callable(study.run) and callable(study.beams)
