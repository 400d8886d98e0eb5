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


# ---------------------------------------------------------------- choosing the variants

SIMD = {"X86_V3": True, "X86_V4": True}


def fake_machine(monkeypatch, *, native_core="SkylakeX", preset=None, blas="scipy-openblas",
                 simd=SIMD, cores=None):
    """Replace the probes by a machine described here: cores maps a requested OPENBLAS_CORETYPE
    to the core OpenBLAS runs (anything else falls back to native_core, as OpenBLAS does)."""
    cores = {"Haswell": "Haswell", "Sandybridge": "Sandybridge", "Nehalem": "Nehalem",
             "Prescott": "Katmai"} if cores is None else cores

    def probe(changes):
        if changes.get("OPENBLAS_CORETYPE", 0) is None:       # the machine's own choice
            core = native_core
        elif "OPENBLAS_CORETYPE" in changes:
            core = cores.get(changes["OPENBLAS_CORETYPE"], native_core)
        else:                                                  # the default run's
            core = cores.get(preset, native_core) if preset else native_core
        return {"blas": blas, "core": core if "openblas" in blas else None, "threads": 1, "simd": simd}

    monkeypatch.setattr(nv, "probe", probe)


def test_variants_differ_from_the_detected_kernel_and_from_each_other(monkeypatch):
    fake_machine(monkeypatch, native_core="Haswell")
    _, _, variants = nv.choose_variants()
    cores = [v.core for v in variants[:2]]
    assert cores == ["Sandybridge", "Nehalem"] and not any(v.skip for v in variants)
    assert variants[2].env["NPY_DISABLE_CPU_FEATURES"] == "X86_V3 X86_V4"
    assert variants[2].disabled == ("X86_V3", "X86_V4")


def test_a_preset_kernel_is_overridden_and_not_repeated(monkeypatch):
    fake_machine(monkeypatch, native_core="SkylakeX", preset="Haswell")
    native, default, variants = nv.choose_variants()
    assert (native["core"], default["core"]) == ("SkylakeX", "Haswell")
    assert [v.core for v in variants[:2]] == ["Sandybridge", "Nehalem"]
    assert all(v.env["OPENBLAS_CORETYPE"] for v in variants[:2])    # set, so a preset is replaced


def test_an_alias_is_named_by_the_core_it_runs(monkeypatch):
    fake_machine(monkeypatch, native_core="Haswell", cores={"Prescott": "Katmai"})
    _, _, variants = nv.choose_variants()
    assert variants[0].core == "Katmai" and "runs as Katmai" in variants[0].label
    assert variants[1].skip and "no further OpenBLAS core differs" in variants[1].skip


def test_variants_that_cannot_apply_are_skipped_with_a_reason(monkeypatch):
    fake_machine(monkeypatch, blas="accelerate", simd={"ASIMDHP": False})
    _, _, variants = nv.choose_variants()
    assert all(v.skip for v in variants)
    assert "'accelerate', not an OpenBLAS" in variants[0].skip
    assert "none of NumPy's dispatched SIMD features" in variants[2].skip
