"""The architecture's boundaries (DESIGN.md), checked on the source so that a change that crosses
one fails here rather than in a reviewer's memory.

- ``portal`` is the ground floor: it imports no app, not even through ``apps.get_model``.
- Two apps never import each other (a cycle means one of them is in the wrong room).
- ``reports`` and ``programme`` read other apps only through the metric registry and the spine
  (``ppo``'s models, selectors, permissions and access helpers).
- Every metric key that the code or its data names is registered.
"""

import ast
import importlib.util
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from portal.metrics import registry

ROOT = Path(settings.BASE_DIR)
SPINE = "ppo"
# The modules of the spine that other apps may read.
SPINE_API = {"ppo", "ppo.models", "ppo.selectors", "ppo.permissions", "ppo.access"}
READ_ONLY_APPS = {"reports", "programme"}


def project_apps() -> set[str]:
    return {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT.resolve()
    }


def sources(app: str, *, migrations: bool = False):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts and not migrations:
            continue
        yield path


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports (top-level and inside functions), and the app labels it
    names in ``apps.get_model("label", ...)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, node.module)]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value.split(".")[0]))
    return found


def app_of(module: str, names: set[str]) -> str | None:
    top = module.split(".")[0]
    return top if top in names else None


def dependencies() -> dict[str, dict[str, list[str]]]:
    """{app: {other app: ["file:line module", ...]}} for the project's own code."""
    names = project_apps()
    graph: dict[str, dict[str, list[str]]] = {app: {} for app in names}
    for app in names:
        for path in sources(app):
            for line, module in imports_of(path):
                other = app_of(module, names)
                if other and other != app:
                    where = f"{path.relative_to(ROOT)}:{line} {module}"
                    graph[app].setdefault(other, []).append(where)
    return graph


def test_the_checker_sees_the_apps_and_their_imports():
    # A boundary test that finds nothing to check would pass for ever: it must see the layout.
    names = project_apps()
    assert {"portal", "ppo", "publications", "material", "programme", "reports"} <= names
    graph = dependencies()
    assert "ppo" in graph["publications"] and "portal" in graph["ppo"]


def test_portal_imports_no_app():
    graph = dependencies()
    assert not graph["portal"], f"portal/ imports apps: {graph['portal']}"


def test_no_two_apps_import_each_other():
    graph = dependencies()
    cycles = [
        (a, b, graph[a][b][0], graph[b][a][0])
        for a in graph
        for b in graph[a]
        if a < b and a in graph.get(b, {})
    ]
    assert not cycles, f"Apps that import each other: {cycles}"


@pytest.mark.parametrize("app", sorted(READ_ONLY_APPS))
def test_reports_and_programme_read_others_through_metrics_and_the_spine(app):
    names = project_apps()
    crossings = []
    for path in sources(app):
        for line, module in imports_of(path):
            other = app_of(module, names)
            if other in (None, app, "portal"):
                continue
            if other == SPINE and module in SPINE_API:
                continue
            crossings.append(f"{path.relative_to(ROOT)}:{line} {module}")
    assert not crossings, f"{app} reads other apps directly: {crossings}"


KEY = re.compile(r"^([a-z_]+)\.([a-z0-9_]+)$")


FILE_SUFFIXES = {"sqlite3", "json", "txt", "html", "py", "xlsx", "csv"}


def _is_module_or_model(value: str) -> bool:
    """A module, a model (also one that moved to another app since an old migration named it)
    or a file name: not a metric key."""
    label, name = value.split(".")
    if name in FILE_SUFFIXES or name in {m._meta.model_name for m in apps.get_models()}:
        return True
    try:
        return importlib.util.find_spec(value) is not None
    except (ImportError, ValueError):
        return False


def referenced_metric_keys() -> dict[str, str]:
    """String constants in the apps' code and data (migrations and data files included) that
    have the shape of a metric key of an installed app and are neither a module nor a model."""
    names = project_apps()
    found = {}
    for app in sorted(names):
        for path in sources(app, migrations=True):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    match = KEY.match(node.value)
                    if match and match.group(1) in names and not _is_module_or_model(node.value):
                        found.setdefault(node.value, f"{path.relative_to(ROOT)}:{node.lineno}")
        for path in sorted((ROOT / app).rglob("*.json")):
            for value in re.findall(r'"([a-z_]+\.[a-z0-9_]+)"', path.read_text(encoding="utf-8")):
                if value.split(".")[0] in names and not _is_module_or_model(value):
                    found.setdefault(value, str(path.relative_to(ROOT)))
    return found


def test_every_metric_key_named_in_code_or_data_is_registered():
    keys = referenced_metric_keys()
    assert "ppo.publications_approved" in keys  # the scan sees the keys the reports name
    unknown = {key: where for key, where in keys.items() if key not in registry}
    assert not unknown, f"Metric keys that no app registers: {unknown}"


@pytest.mark.django_db
def test_every_metric_key_stored_in_the_database_is_registered():
    from django.core.management import call_command

    call_command("load_programme", verbosity=0)
    stored = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "name", "") == "metric_key" and field.concrete:
                stored |= set(
                    model.objects.exclude(metric_key="").values_list("metric_key", flat=True)
                )
    assert stored, "the programme binds its lines to metrics"
    assert stored <= {m.key for m in registry.all()}, stored - {m.key for m in registry.all()}
