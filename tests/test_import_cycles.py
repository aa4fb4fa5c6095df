"""The import-cycle check in bin/test finds loops, counting imports inside functions."""

import importlib.util
from pathlib import Path

import grimp

SCRIPT = Path(__file__).resolve().parent.parent / "bin" / "import_cycles.py"


def load_check():
    spec = importlib.util.spec_from_file_location("import_cycles", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_loop_is_found_and_a_chain_is_not():
    check = load_check()
    graph = grimp.ImportGraph()
    graph.add_import(importer="app.services", imported="app.tasks")
    graph.add_import(importer="app.tasks", imported="app.services")
    graph.add_import(importer="app.views", imported="app.services")
    assert check.cycles(graph) == [["app.services", "app.tasks"]]
    graph.remove_import(importer="app.tasks", imported="app.services")
    assert check.cycles(graph) == []


def test_the_project_has_no_import_cycle(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_check().main() == 0
