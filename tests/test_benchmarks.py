"""The benchmark scripts are not run in CI (they take minutes); this checks they still load what they measure."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


@pytest.mark.parametrize(
    ("notebook", "names"),
    [
        ("02_stateful_echo.ipynb", ("echo_data", "echo_model", "train", "predict_probabilities", "BATCH")),
        (
            "03_repeatvector_encoder_decoder.ipynb",
            ("echo_windows", "fit_repeat_vector", "fit_teacher_forced", "LONGER"),
        ),
    ],
)
def test_notebook_namespace_reads_the_code_past_the_colab_setup_cell(notebook, names):
    from _notebook import NOTEBOOKS, notebook_namespace

    namespace = notebook_namespace(NOTEBOOKS / notebook)
    for name in names:
        assert name in namespace, name


def test_notebook_functions_run_from_the_namespace():
    from _notebook import NOTEBOOKS, notebook_namespace

    windows, integers = notebook_namespace(NOTEBOOKS / "02_stateful_echo.ipynb")["echo_data"](2, seed=0)
    assert windows.shape == (40, 6, 100) and integers.shape == (40, 6)
    x, y = notebook_namespace(NOTEBOOKS / "03_repeatvector_encoder_decoder.ipynb")["echo_windows"](2, 4, rng=0)
    assert x.shape == (42, 5) and y.shape == (42, 4)


def test_bench_03_imports_what_it_times():
    import bench_03_source_regime

    assert bench_03_source_regime.SOURCE_FITS == 5_000
    assert callable(bench_03_source_regime.main)
