"""The lessons under other rounding: the same notebooks, strictly compared, in numerical variants.

A stored output must hold on any CPU and BLAS kernel, not only on the machine that stored it. Each
variant changes how this machine rounds, then runs nbval over notebooks/ in a subprocess:

- two OpenBLAS kernels other than the one the machine detects (OPENBLAS_CORETYPE), picked at run
  time so that they differ from the detected one, from the default run's (which differs from the
  detected one when the machine presets OPENBLAS_CORETYPE; a variant overrides it) and from each
  other;
- NumPy's SIMD dispatch cut back to its baseline (NPY_DISABLE_CPU_FEATURES, every feature in
  NumPy's own list of dispatched features that this CPU has).

A variable that does not take effect is silent: OpenBLAS falls back to its default for an unknown
core name (and runs `Prescott` as `Katmai`), NumPy ignores a feature name it does not dispatch. So
every kernel checks its own environment at start-up (an IPython start-up file, see KERNEL_STARTUP):
it writes what it runs with to a report, and when that is not what the variant asked for, every
cell raises, so the run fails loudly. A variant that cannot apply here (NumPy without OpenBLAS, a
CPU with no dispatched SIMD feature) is skipped with a message naming it.

Used by tests/test_numerical_variants.py and tests/conftest.py; standard library only at import
(the kernel-side functions import NumPy when they run).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CHECK_VAR = "COURSE_NUMERICAL_CHECK"       # JSON: what the kernel must find (see kernel_check)
# OpenBLAS cores to try, most common first; a name OpenBLAS cannot use on this CPU falls back to
# the detected core, and the probe below sees it. x86-64 first, then 64-bit ARM.
CORE_CANDIDATES = ("Haswell", "Sandybridge", "SkylakeX", "Nehalem", "Prescott", "Zen",
                   "NEOVERSEN1", "CORTEXA57", "ARMV8")
VARIANT_IDS = ("blas-kernel-1", "blas-kernel-2", "numpy-simd-baseline")
WORKERS = 2                 # variants run two at a time, one BLAS thread each
RUN_TIMEOUT_S = 1800


# ---------------------------------------------------------------- what a process runs with

def _openblas():
    """NumPy's OpenBLAS as a ctypes library and the suffix of its symbols, or (None, None)."""
    import ctypes
    import glob

    import numpy
    if "openblas" not in blas_name().lower():
        return None, None
    paths = []
    try:   # Linux: the very library NumPy loaded
        with open("/proc/self/maps") as maps:
            paths += [line.split()[-1] for line in maps
                      if "/" in line and "openblas" in line.rsplit("/", 1)[-1].lower()]
    except OSError:
        pass
    here = os.path.dirname(numpy.__file__)   # the wheels' bundled copies (macOS, Windows)
    for pattern in ("../numpy.libs/*openblas*", ".dylibs/*openblas*"):
        paths += sorted(glob.glob(os.path.join(here, pattern)))
    for path in dict.fromkeys(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix in (("scipy_openblas_", "64_"), ("scipy_openblas_", ""),
                               ("openblas_", "64_"), ("openblas_", "")):
            if hasattr(lib, f"{prefix}get_corename{suffix}"):
                return lib, (prefix, suffix)
    return None, None


def openblas_core() -> str | None:
    """The OpenBLAS core this process's NumPy runs (e.g. "SkylakeX"); None if not OpenBLAS."""
    import ctypes
    lib, names = _openblas()
    if lib is None:
        return None
    query = getattr(lib, f"{names[0]}get_corename{names[1]}")
    query.restype = ctypes.c_char_p
    return query().decode()


def blas_threads() -> int | None:
    """OpenBLAS's thread count in this process (None if not OpenBLAS)."""
    import ctypes
    lib, names = _openblas()
    if lib is None:
        return None
    query = getattr(lib, f"{names[0]}get_num_threads{names[1]}", None)
    if query is None:
        return None
    query.restype = ctypes.c_int
    return int(query())


def blas_name() -> str:
    import numpy
    try:
        return numpy.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except Exception:   # an unusual build: say so rather than guess
        return "unknown"


def simd_features() -> dict[str, bool]:
    """NumPy's dispatched SIMD features (its own list) and whether each is on in this process."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    return {name: bool(__cpu_features__.get(name, False)) for name in __cpu_dispatch__}


def describe() -> dict:
    """What this process runs with: BLAS, OpenBLAS core, BLAS threads, SIMD features."""
    return {"blas": blas_name(), "core": openblas_core(), "threads": blas_threads(),
            "simd": simd_features()}


def summary(env: dict) -> str:
    """One phrase: the kernel and SIMD features of a describe() result."""
    core = f"OpenBLAS {env['core']}" if env.get("core") else f"BLAS {env.get('blas', '?')}"
    on = [k for k, v in env["simd"].items() if v]
    off = [k for k, v in env["simd"].items() if not v]
    simd = "NumPy SIMD " + (" ".join(on) if on else "baseline only")
    if off:
        simd += f" (off: {' '.join(off)})"
    n = env.get("threads")
    threads = f", {n} BLAS thread{'s' if n != 1 else ''}" if n else ""
    return f"{core}, {simd}{threads}"


# ---------------------------------------------------------------- inside the kernel

def kernel_check(shell) -> None:
    """Run by every kernel of a variant at start-up: report what it runs with; if that is not
    what the variant asked for, make every cell raise (so nbval fails, loudly)."""
    want = json.loads(os.environ[CHECK_VAR])
    got = describe()
    problems = []
    if want.get("core") and got["core"] != want["core"]:
        problems.append(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')!r} asked for the "
                        f"OpenBLAS core {want['core']}, but this kernel runs {got['core']}")
    still_on = [f for f in want.get("disabled", []) if got["simd"].get(f, True)]
    if still_on:
        problems.append(f"NPY_DISABLE_CPU_FEATURES={os.environ.get('NPY_DISABLE_CPU_FEATURES')!r} "
                        f"left {' '.join(still_on)} on (NumPy's dispatched features: "
                        f"{' '.join(got['simd'])})")
    report = dict(got, pid=os.getpid(), problems=problems)
    Path(want["report_dir"], f"kernel-{os.getpid()}.json").write_text(json.dumps(report))
    if problems:
        message = (f"numerical variant {want['name']!r} did not take effect: " + "; ".join(problems))

        def refuse(lines):
            return [f"raise RuntimeError({message!r})\n"]

        shell.input_transformers_cleanup.append(refuse)


KERNEL_STARTUP = '''\
# Written by tests/numerical_variants.py for one numerical variant of the notebook tests.
def _course_numerical_check():
    import importlib.util, os, sys
    if "{var}" not in os.environ:
        return
    name = "_course_numerical_variants"
    spec = importlib.util.spec_from_file_location(name, {path!r})
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.kernel_check(get_ipython())
_course_numerical_check()
del _course_numerical_check
'''


# ---------------------------------------------------------------- the variants

@dataclass
class Variant:
    id: str
    label: str                    # what it changes, for the printed line
    env: dict = field(default_factory=dict)    # set (None: remove) on top of the test's own
    core: str | None = None       # the OpenBLAS core the kernel must run
    disabled: tuple = ()          # the SIMD features that must be off in the kernel
    skip: str | None = None       # why it cannot apply on this machine


PROBE = ("import json, sys; sys.path.insert(0, {tests!r}); import numerical_variants as v; "
         "print(json.dumps(v.describe()))")


def probe(env_changes: dict) -> dict:
    """describe() in a fresh Python with env_changes applied (None removes a variable)."""
    env = variant_env(env_changes)
    out = subprocess.run([sys.executable, "-c", PROBE.format(tests=str(Path(__file__).parent))],
                         env=env, capture_output=True, text=True, timeout=120)
    if out.returncode:
        raise RuntimeError(f"probing {env_changes} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def variant_env(changes: dict) -> dict:
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)                # kernels use their inline backend
    env.update({"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"})
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def choose_variants() -> tuple[dict, dict, list[Variant]]:
    """(the machine's own environment, the default run's, the variants), decided by probing."""
    native = probe({"OPENBLAS_CORETYPE": None, "NPY_DISABLE_CPU_FEATURES": None,
                    "NPY_ENABLE_CPU_FEATURES": None})
    default = probe({})
    variants = []
    # OpenBLAS kernels
    ids = VARIANT_IDS[:2]
    if not native["core"]:
        why = (f"NumPy's BLAS here is {native['blas']!r}, not an OpenBLAS whose core can be "
               f"queried, so OPENBLAS_CORETYPE cannot apply")
        variants += [Variant(i, "another OpenBLAS kernel", skip=why) for i in ids]
    else:
        taken, tried = {native["core"], default["core"]}, []
        for name in CORE_CANDIDATES:
            if len(variants) == 2:
                break
            got = probe({"OPENBLAS_CORETYPE": name})["core"]
            tried.append(f"{name}->{got}")
            if got not in taken:
                taken.add(got)
                label = f"OPENBLAS_CORETYPE={name}" + (f" (runs as {got})" if got != name else "")
                variants.append(Variant(ids[len(variants)], label, {"OPENBLAS_CORETYPE": name}, core=got))
        for i in ids[len(variants):]:
            variants.append(Variant(i, "another OpenBLAS kernel", skip=(
                f"no further OpenBLAS core differs from {' and '.join(sorted(taken))} on this CPU "
                f"(tried {', '.join(tried)})")))
    # NumPy's SIMD dispatch, down to its baseline
    on = [k for k, v in native["simd"].items() if v]
    if on:
        variants.append(Variant(VARIANT_IDS[2], f"NPY_DISABLE_CPU_FEATURES={' '.join(on)}",
                                {"NPY_DISABLE_CPU_FEATURES": " ".join(on),
                                 "NPY_ENABLE_CPU_FEATURES": None}, disabled=tuple(on)))
    else:
        variants.append(Variant(VARIANT_IDS[2], "NumPy SIMD at its baseline", skip=(
            f"this CPU has none of NumPy's dispatched SIMD features "
            f"({' '.join(native['simd']) or 'none'}): nothing to disable")))
    return native, default, variants


# ---------------------------------------------------------------- running one variant

@dataclass
class VariantResult:
    variant: Variant
    ok: bool
    line: str
    details: str = ""


def run_variant(variant: Variant, notebooks: list[Path], workdir: Path) -> VariantResult:
    """nbval over ``notebooks`` in a subprocess with the variant's environment, every kernel
    checking at start-up that the variant took effect."""
    workdir.mkdir(parents=True, exist_ok=True)
    ipython_dir, reports = workdir / "ipython", workdir / "kernels"
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    reports.mkdir(exist_ok=True)
    (startup / "00-course-numerical-check.py").write_text(
        KERNEL_STARTUP.format(var=CHECK_VAR, path=str(Path(__file__).resolve())))
    want = {"name": variant.id, "core": variant.core, "disabled": list(variant.disabled),
            "report_dir": str(reports)}
    env = variant_env({**variant.env, "IPYTHONDIR": str(ipython_dir), CHECK_VAR: json.dumps(want)})
    junit = workdir / "junit.xml"
    cmd = [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT),
           "-q", "-p", "no:cacheprovider", f"--junit-xml={junit}", "-o", "junit_family=xunit1",
           *map(str, notebooks)]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=RUN_TIMEOUT_S)
        output, code = proc.stdout + proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as err:
        output, code = f"{err.stdout or ''}{err.stderr or ''}\n(timed out after {RUN_TIMEOUT_S} s)", -1
    passed, total = notebook_outcomes(junit, notebooks)
    kernels = [json.loads(p.read_text()) for p in sorted(reports.glob("kernel-*.json"))]
    problems = sorted({p for k in kernels for p in k["problems"]})
    if len(kernels) < len(notebooks):
        problems.append(f"only {len(kernels)} of {len(notebooks)} kernels reported their numerical "
                        f"environment: the start-up check did not run")
    seen = sorted({summary(k) for k in kernels})
    ran_with = " | ".join(seen) if seen else "no kernel reported"
    ok = code == 0 and passed == total and not problems
    result = f"{passed} of {total} notebooks pass" + ("" if ok else " -> FAILED")
    line = f"{variant.id}: {variant.label}; kernels ran with {ran_with}: {result}"
    details = ""
    if problems:
        details += "did not take effect: " + "; ".join(problems) + "\n"
    if not ok:
        details += tail(output, 200)
    return VariantResult(variant, ok, line, details)


def notebook_outcomes(junit: Path, notebooks: list[Path]) -> tuple[int, int]:
    """(notebooks whose every cell passed, notebooks run) from pytest's JUnit XML."""
    bad, seen = set(), set()
    if junit.exists():
        for case in ET.parse(junit).getroot().iter("testcase"):
            name = Path(case.get("file", "")).name
            if name not in {nb.name for nb in notebooks}:
                continue
            seen.add(name)
            if case.find("failure") is not None or case.find("error") is not None:
                bad.add(name)
    return len(seen - bad), len(notebooks)


def tail(text: str, n: int) -> str:
    """The last n lines of a run's output, without colour codes."""
    lines = re.sub(r"\x1b\[[0-9;]*m", "", text).rstrip().splitlines()
    return "\n".join((["..."] if len(lines) > n else []) + lines[-n:])


# ---------------------------------------------------------------- all variants, in the background

class VariantRuns:
    """Probes the machine, then runs every applicable variant, WORKERS at a time, in threads,
    while the rest of the test session goes on. result(id) waits for one."""

    def __init__(self, notebooks: list[Path] | None = None):
        self.notebooks = notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
        self.workdir = Path(tempfile.mkdtemp(prefix="course-variants-"))
        self.results: dict[str, Future] = {i: Future() for i in VARIANT_IDS}
        self.native = self.default = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.native, self.default, variants = choose_variants()
        except Exception as err:   # every variant test then reports it
            for fut in self.results.values():
                fut.set_exception(err)
            return
        with ThreadPoolExecutor(WORKERS) as pool:   # waits for every run before cleaning up
            for v in variants:
                if v.skip:
                    self.results[v.id].set_result(VariantResult(v, True, f"{v.id}: skipped: {v.skip}"))
                    continue
                job = pool.submit(run_variant, v, self.notebooks, self.workdir / v.id)
                job.add_done_callback(lambda j, fut=self.results[v.id]: (
                    fut.set_exception(j.exception()) if j.exception() else fut.set_result(j.result())))
        shutil.rmtree(self.workdir, ignore_errors=True)   # what a run found is in its result

    def result(self, variant_id: str) -> VariantResult:
        return self.results[variant_id].result(timeout=RUN_TIMEOUT_S * 2)

    def lines(self) -> list[str]:
        out = []
        for i, fut in self.results.items():
            if not fut.done():
                out.append(f"{i}: not finished")
            elif fut.exception():
                out.append(f"{i}: could not run: {fut.exception()}")
            else:
                out.append(fut.result().line)
        return out
