"""Import every domain's models so that metadata (migrations, tests) sees all tables."""

import importlib
import pkgutil

import elearn


def import_all() -> None:
    for info in pkgutil.iter_modules(elearn.__path__):
        if not info.ispkg:
            continue
        try:
            importlib.import_module(f"elearn.{info.name}.models")
        except ModuleNotFoundError as exc:
            if exc.name != f"elearn.{info.name}.models":
                raise
