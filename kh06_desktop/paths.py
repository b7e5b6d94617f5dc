"""Where the app keeps its files. One place, overridable for tests with KH06_DATA_DIR."""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

import platformdirs

APP_NAME = "KH06Desktop"
PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent


def data_dir() -> Path:
    override = os.environ.get("KH06_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    return data_dir() / "kh06.db"


def _package_folder(name: str) -> Path:
    # importlib.resources finds the package's own folders wherever it is installed: a checkout,
    # an editable install, a wheel in site-packages or a PyInstaller bundle (which keeps them as
    # plain files, so the Traversable is a real path).
    return Path(str(importlib.resources.files("kh06_desktop") / name))


def package_dir() -> Path:
    """The installed package's own folder (a checkout, site-packages or a frozen bundle)."""
    return Path(str(importlib.resources.files("kh06_desktop")))


def resources_dir() -> Path:
    """Fonts and JSON Schemas shipped inside the package (kh06_desktop/resources)."""
    return _package_folder("resources")


def forms_dir() -> Path:
    """Qt Designer forms shipped inside the package (kh06_desktop/forms)."""
    return _package_folder("forms")
