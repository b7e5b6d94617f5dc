"""Where the app keeps its files. One place, overridable for tests with KH06_DATA_DIR."""

from __future__ import annotations

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


def resources_dir() -> Path:
    """resources/ beside the package (a source checkout or an editable install)."""
    return PROJECT_ROOT / "resources"


def forms_dir() -> Path:
    return PROJECT_ROOT / "forms"
