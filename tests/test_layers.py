"""The package's layers (README, "Development"): each module imports only from its own layer or
the ones below it, so deck files know nothing of the database, scheduling nothing of storage,
and the API nothing of its edges (the command line, the review screen, the export, extraction)."""

from __future__ import annotations

import ast
from pathlib import Path

import pmcards

PACKAGE = Path(pmcards.__file__).parent
LAYERS = {
    "ground": 0,
    "format": 1,
    "schedule": 2,
    "store": 3,
    "collection": 4,
    "edges": 5,
}
GROUND = {"errors", "files", "paths", "bulk"}
"""Top-level modules every layer may use."""


def layer_of(module: str) -> int:
    """The layer of a pmcards module, by its dotted name (`pmcards.store.schema` -> store)."""
    parts = module.split(".")
    if len(parts) == 1:  # the package itself re-exports the API
        return LAYERS["edges"]
    first = parts[1]
    if first in GROUND:
        return LAYERS["ground"]
    return LAYERS.get(first, LAYERS["edges"])


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path) -> set[str]:
    """The pmcards modules `path` imports, anywhere in it (at the top, in a function, for typing)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
    return {module for module in found if module == "pmcards" or module.startswith("pmcards.")}


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    upward = [
        f"{module_name(path)} imports {target}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for target in sorted(imported(path))
        if layer_of(target) > layer_of(module_name(path))
    ]
    assert upward == []


def test_the_check_sees_an_upward_import() -> None:
    assert layer_of("pmcards.format.cards") < layer_of("pmcards.store.schema")
    assert layer_of("pmcards.export.anki") > layer_of("pmcards.collection.collection")
    assert "pmcards.collection" in imported(PACKAGE / "export" / "anki.py")
    assert "pmcards.store" in imported(PACKAGE / "collection" / "history.py")
