"""Argument checks shared by every public function of the course.

Each ``check_*`` here takes an argument's name and value, returns the value in the form the caller
needs, and raises on bad input: TypeError when the value is of the wrong kind, ValueError when it
is of the right kind but outside what is allowed (NaN and inf included). The message names the
argument, the value and what was expected. The same mistake gets the same error everywhere.

Scalars go through ``check_scalar`` and seeds through ``check_seed``, as in scikit-learn's
``check_scalar`` and ``check_random_state``; ``check_int`` and ``check_positive_float`` are the two
contracts the course asks for most often, written through ``check_scalar``.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

BOUNDARIES = ("both", "left", "right", "neither")
_KINDS = {int: ("an integer", numbers.Integral), float: ("a real number", numbers.Real)}


def _show(value) -> str:
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _bounds(min_value, max_value, include_boundaries: str) -> str:
    """' >= 0', ' > 0', ' in [0.1, 0.9]', ' in (0, 1)', ...: the allowed range, as a phrase."""
    low_in = include_boundaries in ("both", "left")
    high_in = include_boundaries in ("both", "right")
    if min_value is not None and max_value is not None:
        return f" in {'[' if low_in else '('}{min_value:g}, {max_value:g}{']' if high_in else ')'}"
    if min_value is not None:
        return f" {'>=' if low_in else '>'} {min_value:g}"
    if max_value is not None:
        return f" {'<=' if high_in else '<'} {max_value:g}"
    return ""


def check_scalar(name: str, value, kind=float, *, min_value=None, max_value=None,
                 include_boundaries: str = "both"):
    """One number: ``kind`` int (any integer type) or float (any real number, finite).

    Bools are not numbers here. ``min_value``/``max_value`` bound it; ``include_boundaries`` says
    which bounds are allowed themselves: "both", "left" (min only), "right" (max only), "neither".
    Returns the value as a Python int or float. TypeError for the wrong kind, ValueError for a
    value outside the range or not finite.
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be int or float, got {kind!r}")
    if include_boundaries not in BOUNDARIES:
        raise ValueError(f"include_boundaries must be one of {BOUNDARIES}, got {include_boundaries!r}")
    noun, abstract = _KINDS[kind]
    plain = type(value) is int or (type(value) is float and kind is float)   # skips the slow ABC test
    if not plain and (isinstance(value, (bool, np.bool_)) or not isinstance(value, abstract)):
        raise TypeError(f"{name} must be {noun}, got {_show(value)}")
    value = int(value) if kind is int else float(value)
    low_in = include_boundaries in ("both", "left")
    high_in = include_boundaries in ("both", "right")
    below = min_value is not None and (value < min_value if low_in else value <= min_value)
    above = max_value is not None and (value > max_value if high_in else value >= max_value)
    if below or above or not math.isfinite(value):
        what = "an integer" if kind is int else "a finite number"
        raise ValueError(f"{name} must be {what}{_bounds(min_value, max_value, include_boundaries)}, "
                         f"got {value}")
    return value


def check_seed(seed, name: str = "seed") -> int:
    """A seed for ``np.random.default_rng``: a whole number >= 0 (the course draws nothing unseeded)."""
    return check_scalar(name, seed, int, min_value=0)


def check_int(name: str, value, *, min_value: int | None = None) -> int:
    """A whole number, at least ``min_value`` when given."""
    return check_scalar(name, value, int, min_value=min_value)


def check_positive_float(name: str, value) -> float:
    """A finite real number > 0."""
    return check_scalar(name, value, float, min_value=0, include_boundaries="right")


FLOAT_DTYPES = ("float64", "float32")


def check_float_dtype(name: str, dtype) -> np.dtype:
    """float64 or float32 (a NumPy dtype, its type or its name); returned as a np.dtype."""
    try:
        dt = None if dtype is None else np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None:
        raise TypeError(f"{name} must be a float dtype (float64 or float32), got {dtype!r}")
    if dt.name not in FLOAT_DTYPES:
        raise ValueError(f"{name} must be float64 or float32, got {dt.name}")
    return dt


def check_choice(name: str, value, choices) -> str:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {_show(value)}")
    return value


def check_finite(name: str, arr: np.ndarray) -> None:
    # the method, not np.all(...): the same answer in half the time on the small arrays that
    # training loops check at every step
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or inf; expected finite numbers")


def check_array(name: str, value, *, ndim: int | tuple[int, ...] | None = None,
                shape: tuple | None = None) -> np.ndarray:
    """Convert to ndarray; check ndim/shape exactly (None in ``shape`` matches any size)."""
    if not isinstance(value, (np.ndarray, list, tuple)) and not np.isscalar(value):
        raise TypeError(f"{name} must be an array, got {_show(value)}")
    arr = np.asarray(value)
    ndims = (ndim,) if isinstance(ndim, int) else ndim
    if ndims is not None and arr.ndim not in ndims:
        want = " or ".join(str(n) for n in ndims)
        raise ValueError(f"{name} must have {want} dimensions, got shape {arr.shape}")
    if shape is not None:
        ok = arr.ndim == len(shape) and all(s is None or s == a for s, a in zip(shape, arr.shape))
        if not ok:
            want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name} must have shape {want}, got {arr.shape}")
    return arr


def check_param_dict(params, names) -> None:
    """A dict holding a NumPy array under each of ``names`` (shapes are checked by the caller)."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
    for name in names:
        if name not in params:
            raise ValueError(f"params is missing {name!r}; expected keys {tuple(names)}")
        if not isinstance(params[name], np.ndarray):
            raise TypeError(f"params[{name!r}] must be a NumPy array, got {type(params[name]).__name__}")


def check_real(name: str, arr: np.ndarray) -> np.ndarray:
    """A real-valued (not complex, not object) array, returned as float64, with no NaN or inf."""
    if not np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    arr = arr.astype(np.float64, copy=False)
    check_finite(name, arr)
    return arr
