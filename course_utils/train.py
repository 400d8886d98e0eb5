"""Training: optimisers, gradient clipping, and a small training loop.

Optimisers update a dict of parameter arrays in place: ``opt.step(params, grads)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .validation import check_int, check_positive_float, check_scalar


def _check_same_keys(params: dict, grads: dict) -> None:
    if not isinstance(params, dict) or not isinstance(grads, dict):
        raise TypeError("params and grads must be dicts of arrays")
    if set(params) != set(grads):
        raise ValueError(f"grads must have the same keys as params; got {sorted(grads)} vs {sorted(params)}")
    for k in params:
        if np.shape(grads[k]) != np.shape(params[k]):
            raise ValueError(f"grads[{k!r}] has shape {np.shape(grads[k])}, params[{k!r}] has {np.shape(params[k])}")


# ---------------------------------------------------------------- update rules
# Each rule takes one parameter array theta, its gradient g and the rule's memory, and returns the
# new theta and the new memory: the equations of lesson 01, line for line. The optimiser classes
# below apply a rule to every array of a model.

def _check_rule_arrays(theta, g, *memory) -> None:
    for name, arr in (("theta", theta), ("g", g)) + memory:
        if not isinstance(arr, np.ndarray):
            raise TypeError(f"{name} must be a NumPy array, got {type(arr).__name__}")
        if arr.shape != theta.shape:
            raise ValueError(f"{name} has shape {arr.shape}; it must have theta's shape {theta.shape}")


def _check_beta(name, beta) -> float:
    return check_scalar(name, beta, min_value=0, max_value=1, include_boundaries="left")


def sgd_update(theta, g, lr):
    """Plain gradient descent: theta <- theta - lr * g. Returns the new theta."""
    _check_rule_arrays(theta, g)
    lr = check_positive_float("lr", lr)
    return theta - lr * g


def momentum_update(theta, g, v, lr, beta=0.9):
    """Momentum (heavy ball): v <- beta * v + g; theta <- theta - lr * v.

    v, the velocity, sums past gradients with weights beta, beta^2, ...: steps build up along a
    direction the gradients agree on and cancel where they flip sign. Returns (theta, v).
    """
    _check_rule_arrays(theta, g, ("v", v))
    lr, beta = check_positive_float("lr", lr), _check_beta("beta", beta)
    v = beta * v + g
    return theta - lr * v, v


def adagrad_update(theta, g, G, lr, eps=1e-8):
    """Adagrad (as in min-char-rnn): G <- G + g^2; theta <- theta - lr * g / (sqrt(G) + eps).

    Every entry gets its own step size, which only shrinks: G sums every past square.
    Returns (theta, G).
    """
    _check_rule_arrays(theta, g, ("G", G))
    lr, eps = check_positive_float("lr", lr), check_positive_float("eps", eps)
    G = G + g * g
    return theta - lr * g / (np.sqrt(G) + eps), G


def rmsprop_update(theta, g, s, lr, beta=0.9, eps=1e-8):
    """RMSProp: s <- beta * s + (1 - beta) * g^2; theta <- theta - lr * g / (sqrt(s) + eps).

    Adagrad with a memory that fades: s is a moving average of g^2, so steps can grow again.
    Returns (theta, s).
    """
    _check_rule_arrays(theta, g, ("s", s))
    lr, eps, beta = check_positive_float("lr", lr), check_positive_float("eps", eps), _check_beta("beta", beta)
    s = beta * s + (1 - beta) * g ** 2
    return theta - lr * g / (np.sqrt(s) + eps), s


def adam_update(theta, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam (Kingma & Ba, 2015), step number t = 1, 2, ...:
    m <- beta1 * m + (1 - beta1) * g        (moving average of g: momentum)
    v <- beta2 * v + (1 - beta2) * g^2      (moving average of g^2: RMSProp's scale)
    m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t)   (bias correction: m, v start at 0)
    theta <- theta - lr * m_hat / (sqrt(v_hat) + eps).   Returns (theta, m, v).
    """
    _check_rule_arrays(theta, g, ("m", m), ("v", v))
    t = check_int("t", t, min_value=1)
    lr, eps = check_positive_float("lr", lr), check_positive_float("eps", eps)
    beta1, beta2 = _check_beta("beta1", beta1), _check_beta("beta2", beta2)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


# ---------------------------------------------------------------- optimisers
# opt.step(params, grads) applies a rule to every array of params, in place, keeping each array's
# memory between calls.

class SGD:
    """theta <- theta - lr * g (sgd_update)."""

    def __init__(self, lr=0.1):
        self.lr = check_positive_float("lr", lr)

    def step(self, params: dict, grads: dict) -> None:
        _check_same_keys(params, grads)
        for k in params:
            params[k][...] = sgd_update(params[k], grads[k], self.lr)


class Momentum:
    """Gradient descent with momentum (momentum_update)."""

    def __init__(self, lr=0.1, beta=0.9):
        self.lr = check_positive_float("lr", lr)
        self.beta = _check_beta("beta", beta)
        self.v: dict = {}

    def step(self, params: dict, grads: dict) -> None:
        _check_same_keys(params, grads)
        for k in params:
            v = self.v[k] if k in self.v else np.zeros_like(params[k])
            params[k][...], self.v[k] = momentum_update(params[k], grads[k], v, self.lr, self.beta)


class Adagrad:
    """Per-entry steps lr / sqrt(sum of past g^2): rare features keep large steps (adagrad_update)."""

    def __init__(self, lr=0.1, eps=1e-8):
        self.lr = check_positive_float("lr", lr)
        self.eps = check_positive_float("eps", eps)
        self.memory: dict = {}

    def step(self, params: dict, grads: dict) -> None:
        _check_same_keys(params, grads)
        for k in params:
            G = self.memory[k] if k in self.memory else np.zeros_like(params[k])
            params[k][...], self.memory[k] = adagrad_update(params[k], grads[k], G, self.lr, self.eps)


class RMSProp:
    """Per-entry steps lr / sqrt(moving average of g^2) (rmsprop_update)."""

    def __init__(self, lr=1e-2, beta=0.9, eps=1e-8):
        self.lr = check_positive_float("lr", lr)
        self.beta = _check_beta("beta", beta)
        self.eps = check_positive_float("eps", eps)
        self.s: dict = {}

    def step(self, params: dict, grads: dict) -> None:
        _check_same_keys(params, grads)
        for k in params:
            s = self.s[k] if k in self.s else np.zeros_like(params[k])
            params[k][...], self.s[k] = rmsprop_update(params[k], grads[k], s, self.lr, self.beta, self.eps)


class Adam:
    """Adam (Kingma & Ba, 2015): momentum and RMSProp's scale, both bias-corrected (adam_update)."""

    def __init__(self, lr=1e-2, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = check_positive_float("lr", lr)
        self.beta1, self.beta2 = _check_beta("beta1", beta1), _check_beta("beta2", beta2)
        self.eps = check_positive_float("eps", eps)
        self.m: dict = {}
        self.v: dict = {}
        self.t = 0

    def step(self, params: dict, grads: dict) -> None:
        _check_same_keys(params, grads)
        self.t += 1
        for k in params:
            if k not in self.m:
                self.m[k], self.v[k] = np.zeros_like(params[k]), np.zeros_like(params[k])
            _adam_in_place(params[k], np.asarray(grads[k]), self.m[k], self.v[k], self.t,
                           self.lr, self.beta1, self.beta2, self.eps)


def _adam_in_place(theta, g, m, v, t, lr, beta1, beta2, eps) -> None:
    """adam_update's arithmetic, operation for operation (so bit for bit), written into theta, m
    and v: a training step of a small model is mostly such updates, and fresh arrays for every
    intermediate cost more than the arithmetic. tests/test_optimisers.py holds the two equal."""
    m *= beta1
    m += (1 - beta1) * g                                  # m <- beta1 m + (1 - beta1) g
    g2 = np.square(g)
    g2 *= 1 - beta2
    v *= beta2
    v += g2                                               # v <- beta2 v + (1 - beta2) g^2
    step = np.divide(m, 1 - beta1 ** t)                   # m_hat
    denom = np.divide(v, 1 - beta2 ** t, out=g2)          # v_hat
    np.sqrt(denom, out=denom)
    denom += eps
    step *= lr
    step /= denom
    theta -= step                                         # theta <- theta - lr m_hat / (sqrt(v_hat) + eps)


# ---------------------------------------------------------------- clipping

def global_norm(grads: dict) -> float:
    """sqrt of the sum of squares of every entry of every gradient."""
    return float(np.sqrt(sum(np.sum(np.asarray(g, dtype=np.float64) ** 2) for g in grads.values())))


def clip_by_global_norm(grads: dict, max_norm) -> tuple[dict, float]:
    """Pascanu et al. (2013), Algorithm 1: if ||g|| > max_norm, g <- g * max_norm / ||g||.

    The direction is kept; only the length shrinks. Returns (clipped copy, norm before).
    """
    max_norm = check_positive_float("max_norm", max_norm)
    if not isinstance(grads, dict):
        raise TypeError("grads must be a dict of arrays")
    norm = global_norm(grads)
    return _scaled(grads, norm, max_norm), norm


def _scaled(grads: dict, norm: float, max_norm: float) -> dict:
    """Algorithm 1's rescaling, given the norm already measured: a copy, scaled if norm > max_norm."""
    factor = max_norm / norm if norm > max_norm else 1.0
    return {k: np.asarray(g) * factor for k, g in grads.items()}


def clip_elementwise(grads: dict, limit) -> dict:
    """Clip every entry to [-limit, limit] (as min-char-rnn does); this can turn the direction."""
    limit = check_positive_float("limit", limit)
    if not isinstance(grads, dict):
        raise TypeError("grads must be a dict of arrays")
    return {k: np.clip(g, -limit, limit) for k, g in grads.items()}


def gradient_angle(grads_a: dict, grads_b: dict) -> float:
    """The angle in degrees between two gradients (dicts with the same keys and shapes), each
    taken as one long vector: 0 when clipping only shortened a gradient, > 0 when it turned it."""
    _check_same_keys(grads_a, grads_b)
    keys = sorted(grads_a)
    a = np.concatenate([np.ravel(grads_a[k]) for k in keys]).astype(np.float64)
    b = np.concatenate([np.ravel(grads_b[k]) for k in keys]).astype(np.float64)
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if not (np.isfinite(na) and np.isfinite(nb)) or na == 0 or nb == 0:
        raise ValueError(f"gradient_angle needs two finite, non-zero gradients; got norms {na:.3g} and {nb:.3g}")
    cos = np.clip(a @ b / (na * nb), -1.0, 1.0)
    return float(np.degrees(np.arccos(cos)))


# ---------------------------------------------------------------- the loop

@dataclass
class History:
    """What a training run recorded: step numbers and the values logged at them."""
    steps: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)
    eval_steps: list = field(default_factory=list)
    eval_loss: list = field(default_factory=list)
    grad_norm: list = field(default_factory=list)
    # recall.train_recall(ratio_every=k): ||dL/dh_1|| / ||dL/dh_T|| after ratio_steps updates
    ratio_steps: list = field(default_factory=list)
    gradient_ratio: list = field(default_factory=list)
    stopped_early: bool = False
    message: str = ""


def train(params: dict, step_fn, optimizer, n_steps, *, clip_norm=None, eval_fn=None,
          eval_every=50, callback=None) -> History:
    """Run ``n_steps`` of: (loss, grads) = step_fn(params, step); clip; optimizer.step.

    step_fn(params, step) -> (loss, grads): draws its own batch for step number ``step``.
    clip_norm: clip by global norm (None: no clipping). eval_fn(params) -> float, called every
    ``eval_every`` steps and at the end. callback(step, history) is called after each evaluation
    (e.g. to print progress) and may return True to stop. A non-finite loss stops the run with
    a message in ``history.message`` instead of raising.
    """
    n_steps = check_int("n_steps", n_steps, min_value=1)
    eval_every = check_int("eval_every", eval_every, min_value=1)
    clip_norm = None if clip_norm is None else check_positive_float("clip_norm", clip_norm)
    if not callable(step_fn):
        raise TypeError(f"step_fn must be callable, got {type(step_fn).__name__}")
    hist = History()
    for step in range(1, n_steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            loss, grads = step_fn(params, step)
            norm = global_norm(grads)
        if not np.isfinite(loss) or not np.isfinite(norm):
            hist.stopped_early = True
            hist.message = f"overflowed at step {step}: the loss or a gradient is no longer finite"
            break
        if clip_norm is not None and norm > clip_norm:      # clip_by_global_norm, norm measured once
            grads = _scaled(grads, norm, clip_norm)
        optimizer.step(params, grads)
        hist.steps.append(step)
        hist.train_loss.append(float(loss))
        hist.grad_norm.append(norm)
        if eval_fn is not None and (step % eval_every == 0 or step == n_steps):
            hist.eval_steps.append(step)
            hist.eval_loss.append(float(eval_fn(params)))
            if callback is not None and callback(step, hist):
                hist.stopped_early = True
                break
    return hist


class EarlyStopping:
    """A ``callback`` for ``train`` that stops the run once the validation loss stops improving
    (the loss on held-out data that ``train``'s eval_fn measures).

    An evaluation "improves" when its loss beats the best so far by more than ``min_delta``.
    After ``patience`` evaluations in a row without an improvement the run has converged: the
    callback writes why (and at which step) into ``history.message`` and returns True.
    report_every: if given, print one rounded progress line at each evaluation whose step is a
    multiple of report_every (so make it a multiple of train's eval_every).
    After the run, ``best_step`` and ``best_loss`` tell the last evaluation that counted as an
    improvement (later losses may be lower, but by no more than ``min_delta``).
    """

    def __init__(self, min_delta=1e-3, patience=5, *, report_every=None):
        self.min_delta = check_positive_float("min_delta", min_delta)
        self.patience = check_int("patience", patience, min_value=1)
        self.report_every = None if report_every is None else check_int(
            "report_every", report_every, min_value=1)
        self.best_loss = np.inf
        self.best_step = 0
        self.waited = 0

    def __call__(self, step: int, history: History) -> bool:
        loss = history.eval_loss[-1]
        if self.report_every is not None and step % self.report_every == 0:
            print(f"step {step:>5}: train loss {history.train_loss[-1]:.3f}, validation loss {loss:.3f}")
        if loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_step, self.waited = loss, step, 0
            return False
        self.waited += 1
        if self.waited < self.patience:
            return False
        history.message = (f"stopping rule fired at step {step}: the validation loss has not improved "
                           f"by more than {self.min_delta:g} in {self.patience} evaluations in a row "
                           f"(last improvement: {self.best_loss:.3f}, at step {self.best_step})")
        return True
