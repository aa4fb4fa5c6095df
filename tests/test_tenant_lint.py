"""Views and API modules reach tenant data only through the scoped helpers.

A query such as ``School.objects.get(pk=...)`` in a view would find another
district's school; this test fails on any tenant-model query in a view or
API module that does not go through ``for_district``/``visible_to`` or
``get_for_district_or_404``.
"""

import ast
from pathlib import Path

from django.apps import apps

from districts.models import TenantModel

ROOT = Path(__file__).resolve().parent.parent
WEB_MODULES = ("views.py", "api.py")
SCOPED = {"for_district", "visible_to", "none"}


def tenant_model_names() -> set[str]:
    return {m.__name__ for m in apps.get_models() if issubclass(m, TenantModel)}


def unscoped_queries(source: str, models: set[str]) -> list[str]:
    problems = []
    for node in ast.walk(ast.parse(source)):
        # Model.objects.<method>(...) where <method> is not a scoping call
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr in ("objects", "_default_manager")
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id in models
            and node.attr not in SCOPED
        ):
            problems.append(f"line {node.lineno}: {node.value.value.id}.objects.{node.attr}")
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "get_object_or_404":
            problems.append(f"line {node.lineno}: get_object_or_404 (use get_for_district_or_404)")
    return problems


def test_the_lint_catches_an_unscoped_query():
    bad = "def view(request, pk):\n    return School.objects.get(pk=pk)\n"
    assert unscoped_queries(bad, {"School"}) == ["line 2: School.objects.get"]
    good = "def view(request):\n    return School.objects.for_district(request.district)\n"
    assert unscoped_queries(good, {"School"}) == []


def test_views_and_api_use_scoped_queries_only():
    models = tenant_model_names()
    assert "School" in models and "Educator" in models
    found = {}
    for path in ROOT.glob("*/*.py"):
        if path.name in WEB_MODULES and ".venv" not in path.parts:
            problems = unscoped_queries(path.read_text(), models)
            if problems:
                found[str(path.relative_to(ROOT))] = problems
    assert found == {}
