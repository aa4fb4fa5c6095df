"""Every module reaches tenant data only through the scoped helpers.

A query such as ``School.objects.get(pk=...)`` would find another district's
school; this test fails on any tenant-model query, in any module of any app at
any depth, that does not go through ``for_district``/``visible_to`` (or
``get_for_district_or_404``). Creating rows is allowed: a row cannot be made
without its district. The few reads that are across districts on purpose (a
user's own memberships) say so on the line: ``# across districts: <why>``.
"""

import ast
from pathlib import Path

from django.apps import apps

from districts.models import TenantModel

ROOT = Path(__file__).resolve().parent.parent
SCOPED = {"for_district", "visible_to", "none"}
WRITES = {"create", "bulk_create", "bulk_update"}  # the rows carry their district
ACROSS = "# across districts:"


def tenant_model_names() -> set[str]:
    return {m.__name__ for m in apps.get_models() if issubclass(m, TenantModel)}


def project_modules() -> list[Path]:
    """Every Python module of the project's own apps and config, migrations aside."""
    packages = {ROOT / "config"} | {
        Path(config.path) for config in apps.get_app_configs() if Path(config.path).parent == ROOT
    }
    return sorted(
        path
        for package in packages
        for path in package.rglob("*.py")
        if "migrations" not in path.relative_to(package).parts
    )


def unscoped_queries(source: str, models: set[str]) -> list[str]:
    lines = source.splitlines()
    problems = []
    for node in ast.walk(ast.parse(source)):
        # Model.objects.<method>(...) where <method> neither scopes nor creates
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr in ("objects", "_default_manager")
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id in models
            and node.attr not in SCOPED | WRITES
            and ACROSS not in lines[node.lineno - 1]
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
    made = "def seed(district):\n    School.objects.create(district=district, code='S1')\n"
    assert unscoped_queries(made, {"School"}) == []
    marked = "def mine(user):\n    return School.objects.filter(x=user)  # across districts: x\n"
    assert unscoped_queries(marked, {"School"}) == []


def test_the_lint_reads_every_module_whatever_its_name_and_depth():
    found = {str(path.relative_to(ROOT)) for path in project_modules()}
    assert {
        "subsystems/plan/views.py",
        "subsystems/leadership/api.py",
        "subsystems/indicators/pd.py",
        "pl_hours/rollups.py",
        "demo/management/commands/seed_demo.py",
        "config/urls.py",
    } <= found
    assert not any("/migrations/" in name for name in found)
    assert len(found) > 100


def test_every_module_uses_scoped_queries_only():
    models = tenant_model_names()
    assert "School" in models and "Educator" in models
    found = {}
    for path in project_modules():
        problems = unscoped_queries(path.read_text(), models)
        if problems:
            found[str(path.relative_to(ROOT))] = problems
    assert found == {}
