"""Every lesson says the same thing under other rounding (see numerical_variants.py).

The notebooks run strictly under nbval in each numerical variant: two other OpenBLAS kernels and
NumPy's SIMD dispatch at its baseline. The runs start in the background as soon as the session has
collected its tests (tests/conftest.py), two at a time, and each test below waits for its own.
Its line (kernel, features, result) is printed at the end of the session.
"""
from __future__ import annotations

import nbformat
import pytest

import numerical_variants as nv


@pytest.mark.parametrize("variant_id", nv.VARIANT_IDS)
def test_notebooks_under_variant(variant_runs, variant_id):
    result = variant_runs.result(variant_id)
    if result.variant.skip:
        pytest.skip(f"numerical variant {variant_id} ({result.variant.label}) cannot apply on this "
                    f"machine: {result.variant.skip}")
    assert result.ok, f"{result.line}\n{result.details}"


# ---------------------------------------------------------------- the check itself

def tiny_notebook(path):
    """One code cell, stored as a real run would store it."""
    cell = nbformat.v4.new_code_cell("print(6 * 7)", execution_count=1,
                                     outputs=[nbformat.v4.new_output("stream", name="stdout", text="42\n")])
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def ignored_feature_name(native: dict) -> str:
    """A feature this CPU has that NumPy does not dispatch, so NPY_DISABLE_CPU_FEATURES ignores it."""
    from numpy._core._multiarray_umath import __cpu_features__
    names = [k for k, on in __cpu_features__.items() if on and k not in native["simd"]]
    return next((n for n in ("AVX512F", "AVX2", "ASIMD", "NEON") if n in names), names[0] if names
                else "NO_SUCH_FEATURE")


def test_a_variant_that_does_not_take_effect_fails(tmp_path):
    """A core name OpenBLAS does not know, or a feature name NumPy ignores, changes nothing; the
    kernel must notice, and the run must fail, not pass as if it had been tested."""
    nb = tiny_notebook(tmp_path / "tiny.ipynb")
    native = nv.probe({"OPENBLAS_CORETYPE": None, "NPY_DISABLE_CPU_FEATURES": None})
    feature = ignored_feature_name(native)
    broken = [(nv.Variant("ignored-feature", f"NPY_DISABLE_CPU_FEATURES={feature}",
                          {"NPY_DISABLE_CPU_FEATURES": feature}, disabled=(feature,)),
               f"left {feature} on")]
    if native["core"]:
        broken.append((nv.Variant("unknown-core", "OPENBLAS_CORETYPE=NoSuchCore",
                                  {"OPENBLAS_CORETYPE": "NoSuchCore"}, core="NoSuchCore"),
                       f"but this kernel runs {native['core']}"))
    for variant, symptom in broken:
        result = nv.run_variant(variant, [nb], tmp_path / variant.id)
        assert not result.ok, f"{variant.label} changed nothing, yet the run passed: {result.line}"
        assert "did not take effect" in result.details and symptom in result.details, result.details
        assert "0 of 1 notebooks pass" in result.line, f"the kernel ran the cells anyway: {result.line}"
        assert "RuntimeError" in result.details      # raised inside the kernel, by every cell

    control = nv.run_variant(nv.Variant("control", "nothing changed"), [nb], tmp_path / "control")
    assert control.ok, f"the tiny notebook fails even with nothing asked of it:\n{control.details}"
    assert "1 of 1 notebooks pass" in control.line
