"""The benchmark scripts are not run in CI (they take minutes); this checks they still load what they measure."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def test_seeds_03_reads_the_notebooks_code_past_the_colab_setup_cell():
    from seeds_03_repeatvector import notebook_namespace

    namespace = notebook_namespace()
    for name in ("echo_windows", "fit_repeat_vector", "fit_teacher_forced", "predict_teacher_forced", "LONGER"):
        assert name in namespace, name
    x, y = namespace["echo_windows"](2, 4, rng=0)
    assert x.shape == (42, 5) and y.shape == (42, 4)


def test_bench_03_imports_what_it_times():
    import bench_03_source_regime

    assert bench_03_source_regime.SOURCE_FITS == 5_000
    assert callable(bench_03_source_regime.main)
