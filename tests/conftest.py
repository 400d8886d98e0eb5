"""Shared test set-up: pinned BLAS threads, the fixtures every test file may use (figures closed
after each test, the checkers' feedback), and a closing line with the counts CI prints."""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ.setdefault(_var, "1")

import matplotlib  # noqa: E402

# Not through MPLBACKEND: the kernels nbval starts inherit the environment and need inline.
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_utils.exercises import Feedback  # noqa: E402


def pytest_terminal_summary(terminalreporter, config):
    """Count unit tests and notebooks (a notebook counts as validated when all its cells pass)."""
    stats = terminalreporter.stats
    notebooks: dict[str, bool] = {}
    units = {"passed": 0, "failed": 0, "skipped": 0}
    for outcome in ("passed", "failed", "error", "skipped"):
        for rep in stats.get(outcome, []):
            path = getattr(rep, "nodeid", "").split("::")[0]
            if getattr(rep, "when", "call") != "call" and outcome == "passed":
                continue
            if path.endswith(".ipynb"):
                notebooks[path] = notebooks.get(path, True) and outcome in ("passed", "skipped")
            else:
                key = "failed" if outcome == "error" else outcome
                units[key] += 1
    ok = sum(notebooks.values())
    terminalreporter.write_sep("=", "course test counts")
    terminalreporter.write_line(
        f"python tests: {units['passed']} passed, {units['failed']} failed, {units['skipped']} skipped")
    terminalreporter.write_line(
        f"notebooks validated by nbval: {ok} of {len(notebooks)}"
        + (f" ({', '.join(sorted(os.path.basename(p) for p, v in notebooks.items() if not v))} failed)"
           if ok < len(notebooks) else ""))
    lines = numerical_environment_lines(config, notebooks)
    if lines:
        terminalreporter.write_sep("=", "numerical environments (same notebooks, other rounding)")
        for line in lines:
            terminalreporter.write_line(line)


# ---------------------------------------------------------------- numerical variants
# The notebooks also run under other rounding (tests/numerical_variants.py). Those runs take as
# long as the default one, so they start in the background as soon as the session knows it needs
# them, and their tests run last but one (before the browser test, which wants a quiet machine).

VARIANT_TEST = "test_numerical_variants.py::test_notebooks_under_variant"


def pytest_collection_modifyitems(items):
    def rank(item):
        if item.get_closest_marker("browser"):
            return 2
        return 1 if VARIANT_TEST in item.nodeid else 0
    items.sort(key=rank)   # stable: the order within each group is kept


def pytest_collection_finish(session):
    if any(VARIANT_TEST in item.nodeid for item in session.items) and not session.config.option.collectonly:
        import numerical_variants
        session.config._course_variant_runs = numerical_variants.VariantRuns()


@pytest.fixture(scope="session")
def variant_runs(request):
    runs = getattr(request.config, "_course_variant_runs", None)
    if runs is None:
        import numerical_variants
        runs = request.config._course_variant_runs = numerical_variants.VariantRuns()
    return runs


def numerical_environment_lines(config, notebooks: dict) -> list[str]:
    """One line for the default run (if notebooks ran here) and one per variant."""
    import numerical_variants
    lines = []
    if notebooks:
        ok = sum(notebooks.values())
        preset = os.environ.get("OPENBLAS_CORETYPE")
        lines.append(f"default: this machine as it is (OPENBLAS_CORETYPE "
                     f"{'=' + preset if preset else 'unset'}); ran with "
                     f"{numerical_variants.summary(numerical_variants.describe())}: "
                     f"{ok} of {len(notebooks)} notebooks pass")
    runs = getattr(config, "_course_variant_runs", None)
    if runs is not None:
        lines += runs.lines()
    return lines


# ---------------------------------------------------------------- fixtures every test file may use

@pytest.fixture(autouse=True)
def _close_figures():
    """Every figure a test opens is closed after it, pass or fail."""
    yield
    plt.close("all")


@pytest.fixture
def feedback(capsys):
    """Run an exercise checker as a lesson does: ``feedback(check, *answers) -> (passed, text)``.

    passed is bool(Feedback) and text what Jupyter shows as plain text. The test fails if the
    checker printed anything or returned anything but a Feedback.
    """
    def run(check, *answers):
        result = check(*answers)
        assert isinstance(result, Feedback), f"{check.__name__} returned {type(result).__name__}"
        assert capsys.readouterr().out == "", f"{check.__name__} printed instead of returning"
        return bool(result), str(result)
    return run
