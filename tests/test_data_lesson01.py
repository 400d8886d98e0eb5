"""two_moons: the 2-D problem of lesson 01, which no straight line separates."""
import numpy as np
import pytest

from course_utils.data import two_moons


def test_shapes_dtypes_and_split_sizes():
    X, y, X_held, y_held = two_moons(200, held_out=0.3)
    assert X.shape == (140, 2) and y.shape == (140,) and X_held.shape == (60, 2) and y_held.shape == (60,)
    assert X.dtype == np.float64 and y.dtype == np.int64 and y_held.dtype == np.int64


def test_labels_are_both_classes_balanced_overall():
    X, y, X_held, y_held = two_moons(200)
    all_y = np.concatenate([y, y_held])
    assert set(all_y) == {0, 1} and all_y.sum() == 100


def test_same_seed_same_points_other_seed_other_points():
    a, b, c = two_moons(50, seed=2), two_moons(50, seed=2), two_moons(50, seed=3)
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    assert not np.array_equal(a[0], c[0])


def test_without_noise_the_points_lie_on_the_two_arcs():
    X, y, X_held, y_held = two_moons(100, noise=0.0)
    X, y = np.vstack([X, X_held]) + [0.5, 0.25], np.concatenate([y, y_held])
    upper, lower = X[y == 0], X[y == 1] - [1.0, 0.5]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(*lower.T), 1.0)
    assert np.all(upper[:, 1] >= 0) and np.all(lower[:, 1] <= 0)


def test_the_best_straight_line_misclassifies_many_points():
    X, y, _, _ = two_moons(1000, seed=0)
    A = np.column_stack([X, np.ones(len(X))])
    w = np.linalg.lstsq(A, 2.0 * y - 1.0, rcond=None)[0]     # least-squares linear classifier
    assert np.mean((A @ w > 0) == y) < 0.92


def test_held_out_points_are_not_training_points():
    X, _, X_held, _ = two_moons(100)
    assert not (set(map(tuple, X)) & set(map(tuple, X_held)))


@pytest.mark.parametrize("args, kwargs, error, word", [
    ((3,), {}, ValueError, "n_points"),
    ((20.0,), {}, TypeError, "n_points"),
    ((20,), dict(noise=-0.1), ValueError, "noise"),
    ((20,), dict(noise=float("nan")), ValueError, "noise"),
    ((20,), dict(noise="0.1"), TypeError, "noise"),
    ((20,), dict(held_out=0.0), ValueError, "held_out"),
    ((20,), dict(held_out=1.5), ValueError, "held_out"),
    ((20,), dict(held_out="0.3"), TypeError, "held_out"),
    ((10,), dict(held_out=0.01), ValueError, "held-out points"),
    ((20,), dict(seed=-1), ValueError, "seed"),
])
def test_bad_input(args, kwargs, error, word):
    with pytest.raises(error, match=word):
        two_moons(*args, **kwargs)
