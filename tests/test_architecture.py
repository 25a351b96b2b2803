"""The package structure holds: no import circles, the library at the bottom, analysis/ layered.

Imports are read from the source (every `import`, also those inside functions), so a cycle
cannot hide behind a late import."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("tradewh", "analysis", "expectations", "orchestration", "synthetic")
# analysis/ layers, bottom first: a module may import its own layer and those below it
ANALYSIS_LAYERS = [
    ("analysis.core",),
    ("analysis.spec",),
    ("analysis.fitting",),
    ("analysis.estimators", "analysis.reporting"),
    ("analysis.runner", "analysis.results", "analysis.planted"),
    ("analysis.api", "analysis", "analysis.studies"),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module an import names (a `from pkg import mod` names pkg.mod)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> nx.DiGraph:
    """Module -> project module it imports. `from pkg import mod` counts as importing pkg.mod,
    `from pkg import name` as importing pkg; the implicit import of parent packages is not an edge."""
    modules = _modules()
    g = nx.DiGraph()
    g.add_nodes_from(modules)
    for mod, path in modules.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            else:
                continue
            for t in targets:
                r = _resolve(t, modules)
                if r and r != mod:
                    g.add_edge(mod, r)
    return g


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    return import_graph()


def test_no_import_circles(graph):
    cycles = [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == [], f"import circles: {cycles}"


def test_the_library_imports_nothing_above_it(graph):
    up = [(a, b) for a, b in graph.edges if a.split(".")[0] == "tradewh"
          and b.split(".")[0] in ("analysis", "expectations", "orchestration", "synthetic")]
    assert up == []


def test_analysis_imports_no_orchestration_and_no_dagster():
    bad = []
    for mod, path in _modules().items():
        if mod.split(".")[0] in ("analysis", "expectations"):
            text = path.read_text(encoding="utf-8")
            if "import dagster" in text or "from dagster" in text or "orchestration" in text:
                bad.append(mod)
    assert bad == []


def _layer(mod: str) -> int | None:
    best = None
    for i, layer in enumerate(ANALYSIS_LAYERS):
        for prefix in layer:
            if mod == prefix or mod.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (i, len(prefix))
    return None if best is None else best[0]


def test_analysis_layers_import_only_downwards(graph):
    upward = [(a, b) for a, b in graph.edges
              if a.startswith("analysis") and b.startswith("analysis") and _layer(b) > _layer(a)]
    assert upward == []
    reporting_uses_estimators = [(a, b) for a, b in graph.edges
                                 if a.startswith("analysis.reporting") and b.startswith("analysis.estimators")]
    assert reporting_uses_estimators == []


def test_every_analysis_module_has_a_layer():
    assert [m for m in _modules() if m.startswith("analysis") and _layer(m) is None] == []


def test_the_check_finds_a_planted_circle(tmp_path, monkeypatch):
    """The walker itself: two modules importing each other (one lazily) form a circle."""
    pkg = tmp_path / "tradewh"
    (pkg / "a").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a" / "__init__.py").write_text("")
    (pkg / "a" / "x.py").write_text("from tradewh.a import y\n")
    (pkg / "a" / "y.py").write_text("def f():\n    from . import x\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    monkeypatch.setattr(__import__(__name__), "PACKAGES", ("tradewh",))
    g = import_graph()
    assert {"tradewh.a.x", "tradewh.a.y"} in [c for c in nx.strongly_connected_components(g) if len(c) > 1]
