"""The layout rules a linter contract cannot say (import-linter in pyproject.toml keeps the
layers): a view module never imports another view module (what they share lives in
frontend/shared and api/shared); pages meet a service's "no" only through frontend.attempts,
never with their own `except NotAllowed / except CommunityError`; and no domain module hides an
import inside a function to dodge an import cycle."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOMAIN_APPS = ("community", "forums", "events")
# Django's own hook for code that needs every app loaded: not a cycle dodge.
IMPORTS_ALLOWED_IN = {"ready"}


def modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text())


def imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("package", ["frontend/views", "api/views"])
def test_view_modules_do_not_import_each_other(package):
    dotted = package.replace("/", ".")
    found = {
        str(path.relative_to(ROOT)): sorted(n for n in imported(tree) if n.startswith(dotted))
        for path, tree in modules(package)
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_pages_meet_a_services_no_through_attempt():
    caught = []
    for path, tree in modules("frontend/views"):
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                text = ast.unparse(node.type)
                if "NotAllowed" in text or "CommunityError" in text:
                    caught.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert caught == []


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_no_domain_module_imports_inside_a_function(app):
    hidden = []
    for path, tree in modules(app):
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if function.name in IMPORTS_ALLOWED_IN:
                continue
            hidden.extend(
                f"{path.relative_to(ROOT)}:{node.lineno} in {function.name}()"
                for node in ast.walk(function)
                if isinstance(node, ast.Import | ast.ImportFrom)
            )
    assert hidden == []
