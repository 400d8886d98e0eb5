"""Gradient clipping (course_utils.train): norm clipping keeps the direction, element-wise turns it."""
import numpy as np
import pytest

from course_utils.train import SGD, clip_by_global_norm, clip_elementwise, global_norm, train


def _grads(seed=0, scale=10.0):
    rng = np.random.default_rng(seed)
    return {"W": scale * rng.standard_normal((4, 3)), "b": scale * rng.standard_normal(3)}


def _flat(grads):
    return np.concatenate([np.ravel(grads[k]) for k in sorted(grads)])


def _cosine(a, b):
    a, b = _flat(a), _flat(b)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_global_norm_is_the_norm_of_all_entries_together():
    g = _grads()
    assert global_norm(g) == pytest.approx(np.linalg.norm(_flat(g)))


def test_norm_clipping_brings_the_norm_down_to_the_threshold():
    g = _grads()
    clipped, norm = clip_by_global_norm(g, 1.0)
    assert norm == pytest.approx(global_norm(g)) and norm > 1.0
    assert global_norm(clipped) == pytest.approx(1.0)


def test_norm_clipping_leaves_a_small_gradient_alone():
    g = _grads(scale=0.01)
    clipped, _ = clip_by_global_norm(g, 1.0)
    for k in g:
        np.testing.assert_array_equal(clipped[k], g[k])


def test_norm_clipping_keeps_the_direction():
    g = _grads()
    clipped, _ = clip_by_global_norm(g, 0.5)
    assert _cosine(g, clipped) == pytest.approx(1.0)


def test_elementwise_clipping_bounds_entries_and_turns_the_direction():
    g = _grads()
    clipped = clip_elementwise(g, 1.0)
    assert max(np.abs(v).max() for v in clipped.values()) <= 1.0
    assert _cosine(g, clipped) < 0.99          # no longer parallel to the true gradient


def test_clipping_does_not_modify_the_gradient_in_place():
    g = _grads()
    before = {k: v.copy() for k, v in g.items()}
    clip_by_global_norm(g, 1.0)
    clip_elementwise(g, 1.0)
    for k in g:
        np.testing.assert_array_equal(g[k], before[k])


def _exploding_step(params, step):
    """Loss w^8: its gradient grows fast with w, so a few plain steps overflow."""
    w = params["w"]
    return float(np.sum(w ** 8)), {"w": 8 * w ** 7}


def test_train_reports_overflow_instead_of_raising():
    hist = train({"w": np.array([3.0])}, _exploding_step, SGD(0.1), 50)
    assert hist.stopped_early
    assert hist.message.startswith(f"overflowed at step {len(hist.steps) + 1}")


def test_train_with_norm_clipping_stays_finite():
    params = {"w": np.array([3.0])}
    hist = train(params, _exploding_step, SGD(0.1), 50, clip_norm=1.0)
    assert not hist.stopped_early and hist.message == ""
    assert abs(params["w"][0]) < 3.0 and hist.train_loss[-1] < hist.train_loss[0]


@pytest.mark.parametrize("bad", [0.0, -1.0, np.inf])
def test_bad_max_norm_is_named(bad):
    with pytest.raises(ValueError, match="max_norm"):
        clip_by_global_norm(_grads(), bad)


@pytest.mark.parametrize("bad", [0.0, -2.0])
def test_bad_limit_is_named(bad):
    with pytest.raises(ValueError, match="limit"):
        clip_elementwise(_grads(), bad)


def test_grads_must_be_a_dict():
    with pytest.raises(TypeError, match="grads"):
        clip_by_global_norm([np.ones(3)], 1.0)
    with pytest.raises(TypeError, match="grads"):
        clip_elementwise([np.ones(3)], 1.0)


def test_gradient_angle_zero_for_norm_clipping_positive_for_elementwise():
    from course_utils.train import gradient_angle
    g = _grads()
    assert gradient_angle(g, clip_by_global_norm(g, 1.0)[0]) == pytest.approx(0.0, abs=1e-5)
    assert gradient_angle(g, clip_elementwise(g, 1.0)) > 5.0
    assert gradient_angle({"x": np.array([3.0, 4.0])}, {"x": np.array([1.0, 1.0])}) == pytest.approx(8.130102, abs=1e-5)


def test_gradient_angle_rejects_a_zero_gradient():
    from course_utils.train import gradient_angle
    g = _grads()
    with pytest.raises(ValueError, match="non-zero"):
        gradient_angle(g, {k: np.zeros_like(v) for k, v in g.items()})


def test_gradient_angle_rejects_mismatched_keys():
    from course_utils.train import gradient_angle
    with pytest.raises(ValueError, match="same keys"):
        gradient_angle(_grads(), {"W": np.ones((4, 3))})
