"""Argument checks shared by the public functions: clear errors naming argument, value, expectation."""
from __future__ import annotations

import numbers

import numpy as np


def _show(value) -> str:
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_int(name: str, value, *, min_value: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_show(value)}")
    if min_value is not None and value < min_value:
        raise ValueError(f"{name} must be an integer >= {min_value}, got {value}")
    return int(value)


def check_positive_float(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_show(value)}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return value


def check_choice(name: str, value, choices) -> str:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {_show(value)}")
    return value


def check_finite(name: str, arr: np.ndarray) -> None:
    if not np.all(np.isfinite(arr)):
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
