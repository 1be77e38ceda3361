import pytest

from helpers.diagrams import teacher_forcing_diagram


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_two_panels_training_then_inference():
    fig = teacher_forcing_diagram()
    top, bottom = fig.axes
    assert "teacher forcing" in top.get_title() and "inference" in bottom.get_title()
    # training feeds the true previous targets, inference the model's own previous outputs
    assert [t for t in texts(top) if t.startswith("y")] == ["y₁", "y₂", "y₃"]
    assert [t for t in texts(bottom) if t.startswith("y")] == []
    assert texts(bottom).count("ŷ1") == 2 and texts(bottom).count("ŷ4") == 1
    assert texts(top).count("0 (start)") == texts(bottom).count("0 (start)") == 1
    assert texts(top).count("LSTM") == texts(bottom).count("LSTM") == 8


def test_labels_set_the_number_of_boxes():
    fig = teacher_forcing_diagram(["a", "b"], ["p", "q", "r"])
    top, bottom = fig.axes
    assert len(top.patches) > 0
    assert sum(t == "LSTM" for t in texts(top)) == 5 == sum(t == "LSTM" for t in texts(bottom))
    assert [t for t in texts(top) if t in ("a", "b", "p", "q", "r")] == ["a", "b", "p", "q"]


@pytest.mark.parametrize(
    ("source", "targets", "error", "match"),
    [
        ([], ["y"], ValueError, "^source must hold at least one label"),
        (["x"], [], ValueError, "^targets must hold at least one label"),
        ([1], ["y"], TypeError, "^source must hold strings"),
    ],
)
def test_bad_labels(source, targets, error, match):
    with pytest.raises(error, match=match):
        teacher_forcing_diagram(source, targets)


def test_lstm_cell_has_four_labelled_gates_and_counts_their_weights():
    from helpers.diagrams import lstm_cell_diagram

    fig = lstm_cell_diagram()
    (ax,) = fig.axes
    gates = [t for t in texts(ax) if t.endswith(("σ", "tanh")) and "\n" in t]
    assert [g.split("\n")[0] for g in gates] == ["forget f", "input i", "candidate c̃", "output o"]
    assert [g.split("\n")[1] for g in gates] == ["σ", "σ", "tanh", "σ"]
    assert texts(ax).count("35 weights") == 4 and "= 140 parameters" in ax.get_title()
    assert {"c$_{t-1}$", "c$_t$", "h$_t$", "[h$_{t-1}$, x$_t$]"} <= set(texts(ax))
    assert texts(ax).count("×") == 3 and texts(ax).count("+") == 1


@pytest.mark.parametrize(("inputs", "units"), [(1, 5), (100, 16), (3, 2), (51, 128)])
def test_lstm_cell_title_matches_keras(keras, inputs, units):
    from helpers.diagrams import lstm_cell_diagram

    layer = keras.layers.LSTM(units)
    layer.build((None, 4, inputs))
    title = lstm_cell_diagram(inputs, units).axes[0].get_title()
    assert title.endswith(f"= {layer.count_params()} parameters")
