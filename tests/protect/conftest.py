"""Fixtures for the data-safety tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kh06_desktop.services.protect.backup import set_backup_folder
from kh06_desktop.store.database import Database


@pytest.fixture
def backups(db: Database, tmp_path: Path) -> Path:
    folder = tmp_path / "sao-luu"
    set_backup_folder(db, folder)
    return folder
