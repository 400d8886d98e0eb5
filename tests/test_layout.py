"""The shape of course_utils, read from its source with ast (nothing is imported).

- every import points down: each module imports only modules that its package's docstring lists
  above it (layers bottom first; within a layer, lessons in order), so there is no cycle either;
- no module uses another module's private name (`_name`), nor a private module;
- the docstrings list exactly the modules that exist, and the README's layout section the same;
- no function is longer than MAX_FUNCTION_LINES (the drawing code of diagrams.py excepted), no
  module longer than MAX_MODULE_LINES;
- `check_*` means "raise on bad input": outside exercises/ no check_ function prints.
Tests may read a private name only on a line that says why (a comment with "private:").
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "course_utils"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400
LONG_FUNCTIONS_ALLOWED = {"course_utils.diagrams"}     # drawing code: one diagram per function
LISTED = re.compile(r"^    ([a-z_0-9]+)/?(?:\s{2,}|$)")   # "    rnn        lessons 02-03: ..."


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
PACKAGES = {name for name, p in MODULES.items() if p.name == "__init__.py"}


def parse(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(), filename=str(MODULES[name]))


def listed(package: str) -> list[str]:
    """The modules a package's docstring lists, in its order, as full names."""
    doc = ast.get_docstring(parse(package)) or ""
    return [f"{package}.{m.group(1)}" for line in doc.splitlines() if (m := LISTED.match(line))]


def children(package: str) -> list[str]:
    """The modules and subpackages directly inside a package."""
    return sorted(n for n in MODULES if n.startswith(package + ".") and n.count(".") == package.count(".") + 1)


def resolve(name: str, node: ast.ImportFrom) -> str:
    """The absolute module an `from ... import` names, for the module `name`."""
    if node.level == 0:
        return node.module or ""
    base = name.split(".")[: len(name.split(".")) - node.level + (name in PACKAGES)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(name: str):
    """(imported module, names taken from it, line) for every import of a course_utils module,
    also those inside functions; `from . import rnn` counts as importing course_utils.rnn."""
    for node in ast.walk(parse(name)):
        if isinstance(node, ast.ImportFrom):
            source = resolve(name, node)
            if not source.startswith("course_utils"):
                continue
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in MODULES:
                    yield sub, [], node.lineno
                else:
                    yield source, [alias.name], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("course_utils"):
                    yield alias.name, [], node.lineno


def rank(name: str) -> tuple:
    """Where a module sits: its position in each enclosing package's list, outermost first.
    A package itself sits above everything inside it (its __init__ may gather its modules)."""
    parts, out = name.split("."), []
    for depth in range(1, len(parts)):
        package, here = ".".join(parts[:depth]), ".".join(parts[:depth + 1])
        order = listed(package)
        out.append(order.index(here) if here in order else -1)
    return tuple(out) + ((float("inf"),) if name in PACKAGES else ())


# ---------------------------------------------------------------- the docstrings and the README

@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_each_package_docstring_lists_exactly_its_modules(package):
    names = listed(package)
    assert len(names) == len(set(names)), f"{package} lists a module twice"
    assert sorted(names) == children(package), (
        f"{package}'s docstring lists {sorted(names)}, the folder holds {children(package)}")


def test_readme_layout_lists_the_package_as_its_docstring_does():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Repository layout", 1)[1].split("```")[1]
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("course_utils/"))
    names = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        names.append(line.split()[0].rstrip("/").removesuffix(".py"))
    assert names == [n.split(".")[-1] for n in listed("course_utils")]


# ---------------------------------------------------------------- imports point down

EDGES = [(name, target, line) for name in MODULES for target, _, line in imports(name)]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_import_points_to_a_module_listed_below(name):
    wrong = [f"line {line}: {target}" for source, target, line in EDGES
             if source == name and target != name and not rank(target) < rank(name)]
    assert not wrong, (f"{name} imports modules listed at its level or above it (a later lesson "
                       f"or a higher layer): {wrong}")


def test_there_is_no_import_cycle():
    graph = {name: {t for s, t, _ in EDGES if s == name and t != name} for name in MODULES}
    done, path = set(), []

    def visit(node):
        if node in path:
            raise AssertionError("import cycle: " + " -> ".join(path[path.index(node):] + [node]))
        if node in done:
            return
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt)
        path.pop()
        done.add(node)

    for name in sorted(graph):
        visit(name)


def test_the_layer_check_sees_a_wrong_import():
    # the check above would pass vacuously if rank() ranked everything alike
    assert rank("course_utils.rnn") < rank("course_utils.gradients") < rank("course_utils.widgets.explorer")
    assert rank("course_utils.mlp") < rank("course_utils.rnn") < rank("course_utils.gated")
    assert rank("course_utils.widgets.live") < rank("course_utils.widgets.explorer")


# ---------------------------------------------------------------- private names stay home

def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(tree: ast.Module, module_aliases: dict) -> list[tuple[int, str]]:
    """(line, what) for every `from m import _x` and `m._x` where m is a course_utils module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in module_aliases and private(node.attr):
            found.append((node.lineno, f"{module_aliases[node.value.id]}.{node.attr}"))
    return found


def aliases(name: str | None, tree: ast.Module) -> dict:
    """Local names bound to course_utils modules: `from . import rnn`, `import course_utils.x as y`."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = resolve(name, node) if name else (node.module or "")
            for alias in node.names:
                if f"{source}.{alias.name}" in MODULES:
                    out[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES and alias.asname:
                    out[alias.asname] = alias.name
    return out


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_uses_another_modules_private_names(name):
    tree = parse(name)
    wrong = [f"line {line}: {target} ({', '.join(taken) or 'a private module'})"
             for target, taken, line in imports(name)
             if any(private(t) for t in taken) or any(private(p) for p in target.split("."))]
    wrong += [f"line {line}: {what}" for line, what in private_uses(tree, aliases(name, tree))]
    assert not wrong, f"{name} reaches into private names: {wrong}"


@pytest.mark.parametrize("path", sorted((ROOT / "tests").glob("*.py")), ids=lambda p: p.name)
def test_tests_read_a_private_name_only_where_they_say_why(path):
    source = path.read_text()
    tree = ast.parse(source)
    lines = source.splitlines()
    uses = private_uses(tree, aliases(None, tree))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_utils"):
            uses += [(node.lineno, f"{node.module}.{a.name}") for a in node.names if private(a.name)]
    unexplained = [f"line {line}: {what}" for line, what in uses if "private:" not in lines[line - 1]]
    assert not unexplained, f"say why on the line (# private: ...): {unexplained}"


# ---------------------------------------------------------------- sizes

@pytest.mark.parametrize("name", sorted(MODULES))
def test_functions_and_modules_are_short(name):
    path = MODULES[name]
    n_lines = len(path.read_text().splitlines())
    assert n_lines <= MAX_MODULE_LINES, f"{path.name} has {n_lines} lines (at most {MAX_MODULE_LINES})"
    if name in LONG_FUNCTIONS_ALLOWED:
        return
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)" for node in ast.walk(parse(name))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, f"{name}: functions longer than {MAX_FUNCTION_LINES} lines: {long}"


# ---------------------------------------------------------------- check_ raises, it never reports

@pytest.mark.parametrize("name", sorted(n for n in MODULES if ".exercises" not in n))
def test_check_functions_outside_the_exercises_never_print(name):
    """A check_ function raises on bad input and returns the checked value; printing a verdict
    (or returning a flag to print) is what the exercise checkers do, and only they."""
    wrong = []
    for node in ast.walk(parse(name)):
        if isinstance(node, ast.FunctionDef) and node.name.lstrip("_").startswith("check_"):
            calls = [c for c in ast.walk(node) if isinstance(c, ast.Call)
                     and isinstance(c.func, ast.Name) and c.func.id in ("print", "display")]
            if calls:
                wrong.append(node.name)
    assert not wrong, f"{name}: check_ functions that print: {wrong}"
