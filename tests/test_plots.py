"""helpers.plots: the figures have their labels, lines and panels."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.plots import plot_histories, plot_predictions, plot_seed_study

ONE_RUN = {"a": {"loss": [1.0]}}


class FakeHistory:
    """Stands in for keras.callbacks.History: only its ``.history`` dict is used."""

    def __init__(self, history):
        self.history = history


def test_plot_histories_lines_labels_and_log_scale():
    histories = {"a": {"loss": [1.0, 0.1, 0.01]}, "b": FakeHistory({"loss": [2.0, 0.5], "val_loss": [3.0, 1.0]})}
    fig = plot_histories(histories)
    (ax,) = fig.axes
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(lines[1].get_ydata(), [2.0, 0.5])
    assert ax.get_yscale() == "log"
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("epoch", "loss", "loss")
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["a", "b"]


def test_plot_histories_metric_linear_and_title():
    fig = plot_histories({"run": {"loss": [1.0], "acc": [0.5, 0.9]}}, metric="acc", log_scale=False, title="T")
    (ax,) = fig.axes
    assert ax.get_yscale() == "linear"
    assert (ax.get_ylabel(), ax.get_title()) == ("acc", "T")
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), [0.5, 0.9])


def test_plot_histories_steps_per_epoch():
    fig = plot_histories({"run": {"loss": [1.0, 0.5, 0.25]}}, steps_per_epoch=2)
    (ax,) = fig.axes
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [2, 4, 6])
    assert ax.get_xlabel() == "gradient step"


def test_plot_predictions_truth_line_and_markers():
    fig = plot_predictions([0.0, 0.5, 1.0], {"m1": [0.1, 0.4, 0.9], "m2": np.array([[0.0], [0.5], [1.0]])}, x=[1, 2, 3])
    (ax,) = fig.axes
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["truth", "m1", "m2"]
    assert [line.get_marker() for line in lines[1:]] == ["o", "x"]
    assert all(line.get_linestyle() == "None" for line in lines[1:])
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(lines[2].get_ydata(), [0.0, 0.5, 1.0])
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("input", "value", "predictions against truth")


def test_plot_predictions_default_x():
    fig = plot_predictions([3.0, 4.0], {})
    np.testing.assert_array_equal(fig.axes[0].get_lines()[0].get_xdata(), [0, 1])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: plot_histories({}), ValueError, "^histories must hold at least one run"),
        (lambda: plot_histories(ONE_RUN, metric="acc"), ValueError, r"^metric must be one of \['loss"),
        (lambda: plot_histories(ONE_RUN, steps_per_epoch=0), ValueError, "^steps_per_epoch must be >= 1"),
        (lambda: plot_histories({"a": [1.0, 0.5]}), TypeError, "^histories values must be Keras History objects"),
        (lambda: plot_histories({"a": FakeHistory([1.0])}), TypeError, "^histories values must be Keras History"),
        (lambda: plot_predictions([1.0, 2.0], {}, x=[0, 1, 2]), ValueError, "^x must have 2 values like truth, got 3"),
        (lambda: plot_predictions([1.0, 2.0], {"m": [1.0]}), ValueError, r"^predictions\['m'\] must have 2 values"),
    ],
)
def test_bad_arguments_name_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_plot_predictions_draws_every_prediction():
    predictions = {f"m{i}": [float(i)] for i in range(7)}
    assert len(plot_predictions([0.0], predictions).axes[0].get_lines()) == 8


def test_bad_arguments_leave_no_open_figure():
    with pytest.raises(ValueError, match="^metric"):
        plot_histories(ONE_RUN, metric="acc")
    assert plt.get_fignums() == []


def test_plot_attention():
    from helpers.plots import plot_attention

    weights = np.full((2, 3, 4), 0.25)
    fig = plot_attention(weights, [[0, 1, 2, 3]] * 2, [[3, 2, 1]] * 2, titles=["a", "b"])
    assert [ax.get_title() for ax in fig.axes[:2]] == ["a", "b"]
    assert fig.axes[0].get_xlabel() == "source position (token)" and len(fig.axes) == 3
    with pytest.raises(ValueError, match="sources must have shape"):
        plot_attention(weights, [[0, 1, 2]] * 2, [[3, 2, 1]] * 2)


def test_plot_seed_study_draws_the_median_and_the_band_of_each_series():
    from helpers.course import seed_summary

    claims = ["direct_mae", "recursive_mae"]
    fig = plot_seed_study("09", [1, 2], {"a": claims}, "x", "y", "t", log_scale=True, references={"one": 1.0})
    ax = fig.axes[0]
    median, reference = ax.lines
    np.testing.assert_allclose(median.get_ydata(), [seed_summary("09", c)[1] for c in claims])
    assert reference.get_ydata()[0] == 1.0 and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a (median)", "a (min..max)", "one"]
    plt.close(fig)
    with pytest.raises(ValueError, match="series"):
        plot_seed_study("09", [1, 2, 3], {"a": claims}, "x", "y", "t")
    with pytest.raises(ValueError, match="claim"):
        plot_seed_study("09", [1], {"a": ["no such claim"]}, "x", "y", "t")
    assert plot_seed_study("09", [1, 2], {"a": claims}, "x", "y", "t", references={"zero": 0})
    with pytest.raises(ValueError, match="references"):
        plot_seed_study("09", [1, 2], {"a": claims}, "x", "y", "t", log_scale=True, references={"zero": 0})
