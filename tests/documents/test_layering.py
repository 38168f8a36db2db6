"""DESIGN.md: documents take plain values and import no app.

Every module of ``cadrex.documents`` is imported (so none is missed and each still loads on
its own), then its source is read with ``ast``: every import statement — at the top, inside a
function, under ``TYPE_CHECKING`` — may name of cadrex only ``cadrex.rules`` and
``cadrex.documents``, and nothing of the ORM.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import cadrex.documents

ALLOWED = ("cadrex.rules", "cadrex.documents")
NO_ORM = ("django.db", "django.apps", "django.contrib")


def _modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages(cadrex.documents.__path__, "cadrex.documents.")
    )


def imported_names(source: str, package: str) -> list[tuple[int, str]]:
    """Each module an import statement anywhere in ``source`` names, with its line;
    relative imports resolved against ``package``."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}" if base else parent
            if base == "cadrex":  # ``from cadrex import competition`` names the app
                names += [(node.lineno, f"cadrex.{alias.name}") for alias in node.names]
            else:
                names.append((node.lineno, base))
    return names


def _imports_of(module: str) -> list[tuple[int, str]]:
    path = Path(importlib.import_module(module).__file__)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return imported_names(path.read_text(encoding="utf-8"), package)


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _app_imports(names: list[tuple[int, str]]) -> list[str]:
    return [
        f"line {line}: {name}"
        for line, name in names
        if _under(name, ("cadrex",)) and not _under(name, ALLOWED)
    ]


def test_every_documents_module_is_checked():
    found = set(_modules())
    assert {"cadrex.documents.values", "cadrex.documents.xlsx", "cadrex.documents.pdf"} <= found
    assert len(found) >= 10


@pytest.mark.parametrize("module", _modules())
def test_a_documents_module_imports_no_app(module):
    assert _app_imports(_imports_of(module)) == []


@pytest.mark.parametrize("module", _modules())
def test_a_documents_module_reaches_no_database(module):
    assert [name for _, name in _imports_of(module) if _under(name, NO_ORM)] == []


@pytest.mark.parametrize(
    "source",
    [
        "def f():\n    from cadrex.competition.models import Opening\n",
        "from cadrex import registry\n",
        "import cadrex.exchange.selectors\n",
        "from ..competition import paperwork\n",
    ],
)
def test_the_check_catches_an_app_import_wherever_it_stands(source):
    assert _app_imports(imported_names(source, "cadrex.documents")) != []


def test_the_check_lets_the_rules_and_documents_through():
    source = (
        "from cadrex.rules.scoring import HearingScore\n"
        "from cadrex.documents import values\n"
        "from . import xlsx\n"
    )
    assert _app_imports(imported_names(source, "cadrex.documents")) == []
