"""helpers.metrics: accuracies, shares and rates on hand-made arrays."""

import numpy as np
import pytest

import helpers.data
import helpers.decoding
import helpers.metrics
import helpers.models
from helpers.metrics import mae_by_horizon, numpy_gflops, probability_of_truth, sequence_accuracy, token_accuracy

TRUTH = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 1, 1]]
PREDICTED = [[1, 2, 3], [4, 0, 6], [0, 0, 0], [1, 1, 1]]  # 2 of 4 rows exact, 8 of 12 steps right


def test_token_accuracy_exact():
    assert token_accuracy(TRUTH, PREDICTED) == pytest.approx(8 / 12)
    assert token_accuracy(TRUTH, TRUTH) == 1.0
    assert isinstance(token_accuracy(TRUTH, PREDICTED), float)


def test_sequence_accuracy_exact():
    assert sequence_accuracy(TRUTH, PREDICTED) == 0.5
    assert sequence_accuracy(TRUTH, np.zeros((4, 3), dtype=int)) == 0.0
    assert isinstance(sequence_accuracy(TRUTH, PREDICTED), float)


def test_single_sequence_is_one_row():
    assert sequence_accuracy([1, 2, 3], [1, 2, 0]) == 0.0
    assert token_accuracy([1, 2, 3], [1, 2, 0]) == pytest.approx(2 / 3)


@pytest.mark.parametrize("metric", [token_accuracy, sequence_accuracy])
@pytest.mark.parametrize(
    ("truth", "predicted", "error", "match"),
    [
        ([[1, 2, 3]], [[1, 2]], ValueError, r"^predicted must have the shape of truth \(1, 3\), got \(1, 2\)"),
        ([[1, 2, 3]], [1, 2, 3], ValueError, "^predicted must have the shape of truth"),
        (np.zeros((2, 0), dtype=int), np.zeros((2, 0), dtype=int), ValueError, "^truth must be a non-empty array"),
        (3, 3, ValueError, "^truth must be a non-empty array"),
        ([[1.0, 2.0]], [[1, 2]], TypeError, "^truth must hold integers"),
        ([[1, 2]], [[1.0, 2.0]], TypeError, "^predicted must hold integers"),
        ([[1, 2]], [[True, False]], TypeError, "^predicted must hold integers"),
    ],
)
def test_bad_arguments_name_the_argument(metric, truth, predicted, error, match):
    with pytest.raises(error, match=match):
        metric(truth, predicted)


def test_probability_of_truth_exact():
    probabilities = np.array([[0.1, 0.9], [0.6, 0.4]])
    assert probability_of_truth(probabilities, np.array([1, 1])) == pytest.approx(0.65)


def test_numpy_gflops_is_a_positive_rate():
    assert numpy_gflops(8, 8, 8, 2) > 0


def test_step_accuracy_and_repeat_share():
    from helpers.metrics import repeat_share, step_accuracy

    truth = np.array([[35, 66, 12, 21], [21, 97, 74, 15]])
    predicted = np.array([[35, 35, 66, 66], [21, 97, 74, 15]])  # the source's failure, and a right window
    np.testing.assert_array_equal(step_accuracy(truth, predicted), [1.0, 0.5, 0.5, 0.5])
    assert repeat_share(predicted) == 0.5 and repeat_share(truth) == 0.0
    assert repeat_share([[12, 62, 12, 8]]) == 1.0  # a repeat need not be of the step before
    with pytest.raises(ValueError, match="^truth must be 2-D"):
        step_accuracy([1, 2], [1, 2])
    with pytest.raises(ValueError, match="^sequences must be a non-empty 2-D array"):
        repeat_share([1, 2])


def test_accuracy_by_length():
    truth = np.array([[1, 2, 0], [3, 4, 5], [3, 4, 5]])
    predicted = np.array([[1, 2, 9], [3, 0, 5], [3, 4, 5]])
    assert helpers.metrics.accuracy_by_length(truth, predicted, [2, 3, 3]) == {2: (1.0, 1.0), 3: (0.5, 5 / 6)}
    with pytest.raises(ValueError, match="lengths must lie in"):
        helpers.metrics.accuracy_by_length(truth, predicted, [0, 3, 3])


def test_aligned_weight():
    # time_in 3; row of length 2 sits at positions 1, 2; reversal reads 2 then 1, copy reads 1 then 2.
    anti = np.array([[[0, 0, 1], [0, 1, 0], [1, 0, 0]]], float)
    assert helpers.metrics.aligned_weight(anti, [2], "reverse") == 1.0
    assert helpers.metrics.aligned_weight(anti, [2], "copy") == 0.0
    diagonal = np.array([[[0, 1, 0], [0, 0, 1], [1, 0, 0]]], float)
    assert helpers.metrics.aligned_weight(diagonal, [2], "copy") == 1.0
    with pytest.raises(ValueError, match="weights must have rank 3"):
        helpers.metrics.aligned_weight(anti[0], [2])


def test_mae_by_horizon():
    np.testing.assert_allclose(mae_by_horizon(np.zeros((2, 2)), np.array([[1.0, -2.0], [3.0, 0.0]])), [2.0, 1.0])


def test_co2_claims_without_the_exercise_forecast():
    split, baseline = helpers.metrics.co2_split()
    test = split["test"]
    perfect = {"direct": test.y, "recursive": test.y}
    claims = helpers.metrics.co2_claims(split, perfect)
    assert "exercise_levels_mae" not in claims and claims["direct_mae"] == 0.0
    assert claims["direct_gain_over_linear"] == pytest.approx(baseline["linear_mae"])
    assert helpers.metrics.co2_claims(split, perfect, levels=test.y)["exercise_levels_mae"] == 0.0


class _Echo:
    """Stands in for a trained model: answers ``values + offset`` (or, ``memorised``, the training sequence)."""

    def __init__(self, offset=0.0, memorised=None):
        self.offset, self.memorised = offset, memorised

    def predict_on_batch(self, x):
        x = np.asarray(x)
        out = x + self.offset if self.memorised is None else np.broadcast_to(self.memorised, x.shape)
        return out.reshape(len(x), -1)


def test_echo_errors_tell_an_echo_from_a_memorised_answer():
    train = helpers.data.echo_probes()["train"].reshape(1, 5, 1)
    # the checks want keras.Models: call the function they wrap
    errors = helpers.metrics.echo_errors.__wrapped__(_Echo(0.01), _Echo(memorised=train), _Echo(0.02))
    assert errors["one_to_one_train_error"] == pytest.approx(0.01, abs=1e-6)
    assert errors["one_to_one_shift_followed"] == pytest.approx(1.0, abs=1e-4)
    assert errors["many_to_one_train_error"] == 0 and errors["many_to_one_shift_followed"] == 0
    assert errors["many_to_one_shifted_error"] == pytest.approx(0.1, abs=1e-6)
    assert errors["many_to_one_reversed_error"] == pytest.approx(0.8, abs=1e-6)
    assert errors["many_to_many_reversed_error"] == pytest.approx(0.02, abs=1e-6)


def test_output_ceiling_bounds_every_output(keras):
    from helpers.data import consecutive_pairs, shift_right
    from helpers.metrics import output_ceiling
    from helpers.models import build_seq2seq

    models = build_seq2seq(units=3, seed=0)
    X, y = consecutive_pairs(50)
    outputs = np.asarray(models.train([X * 100.0, shift_right(y) * 100.0], training=False))  # saturating inputs
    w, b = models.train.get_layer("head").get_weights()
    assert output_ceiling(models.train) == pytest.approx(np.abs(w).sum() + np.abs(b).sum())
    assert np.abs(outputs).max() <= output_ceiling(models.train)
    with pytest.raises(ValueError, match="head must name a layer"):
        output_ceiling(models.train, head="no_such_layer")


def test_exposure_errors_feed_the_truth_own_predictions_and_anothers_error(keras):
    from helpers.data import consecutive_pairs, shift_right
    from helpers.metrics import exposure_errors
    from helpers.models import build_seq2seq

    models = build_seq2seq(units=3, seed=0)
    X, y = consecutive_pairs(6)
    forced = np.asarray(models.train([X / 10, shift_right(y / 10)], training=False)) * 10
    free = y + np.arange(6).reshape(6, 1, 1)  # off by 0 .. 5 at every step
    errors = exposure_errors(models, X, y, free, scale=10)
    assert list(errors) == ["fed the truth", "fed its own predictions", "fed the truth plus another's error"]
    np.testing.assert_allclose(errors["fed the truth"], np.abs(forced - y).mean(axis=(0, 2)), rtol=1e-5)
    np.testing.assert_allclose(errors["fed its own predictions"], [2.5] * 4)
    exact = exposure_errors(models, X, y, y, scale=10)  # no error to hand on: the control is the truth itself
    np.testing.assert_allclose(exact["fed the truth plus another's error"], exact["fed the truth"], rtol=1e-6)
    with pytest.raises(ValueError, match="free and y"):
        exposure_errors(models, X, y, free[:3], scale=10)


def test_adding_scores_of_the_exact_sum(keras):
    from helpers.data import adding_problem
    from helpers.metrics import adding_scores

    inputs = keras.Input(shape=(None, 2))
    total = keras.layers.Lambda(lambda x: keras.ops.sum(x[..., :1] * x[..., 1:], axis=1))(inputs)
    exact = keras.Model(inputs, total)
    X, y = adding_problem(50, 8, rng=0)
    scores = adding_scores(exact, X, y)
    assert scores["mse"] < 1e-10
    np.testing.assert_allclose([scores["first"], scores["second"]], [1.0, 1.0], rtol=1e-4)
    constant = keras.Model(inputs, keras.layers.Lambda(lambda x: keras.ops.ones_like(x[:, 0, :1]))(inputs))
    assert adding_scores(constant, X, y)["first"] == 0.0
    with pytest.raises(ValueError, match="two steps"):
        adding_scores(exact, np.zeros((2, 4, 2)), np.zeros(2))
    with pytest.raises(ValueError, match="y must"):
        adding_scores(exact, X, y[:3])
