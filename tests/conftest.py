"""Shared fixtures. Qt runs offscreen with only the bundled fonts and the app's UI font; every test gets its own
data folder and database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Child processes started by the tests (crash workers, the CLI, consolidation workers) import the
# same checkout as the tests, not whatever copy of the package happens to be installed.
_CHECKOUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (_CHECKOUT, os.environ.get("PYTHONPATH", "")) if p)

from fixed_fonts import use_bundled_fonts_only  # noqa: E402

# Before Qt starts: only the bundled fonts exist for the tests, whatever the machine has installed.
use_bundled_fonts_only()

import datetime as dt  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from kh06_desktop.domain.enums import Sector  # noqa: E402
from kh06_desktop.services.unit.units import UnitInfo, UnitProfile, Workforce, setup_unit  # noqa: E402
from kh06_desktop.store.database import Database, open_database  # noqa: E402


@pytest.fixture(scope="session")
def qapp(qapp):  # type: ignore[no-untyped-def]
    """pytest-qt's application with the app's own UI font, as `kh06-gui` sets it."""
    from kh06_desktop.ui.app import apply_ui_font

    apply_ui_font(qapp)
    return qapp


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real user data folder and Qt settings."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("KH06_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data / "config"))
    return data


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "kh06.db")
    yield database
    database.close()


@pytest.fixture
def unit(db: Database) -> UnitInfo:
    """A set-up unit: a state enterprise with 120 workers (50 female, 110 eligible) in 2025."""
    return setup_unit(
        db,
        UnitProfile(code="CDCS-TEST", name="Công đoàn Công ty Cổ phần Thiết bị Điện Đông Anh",
                    sector=Sector.STATE_ENTERPRISE, employer="Công ty Cổ phần Thiết bị Điện Đông Anh",
                    upper_union="Công đoàn Công Thương Việt Nam", chair_name="Trần Văn Dũng",
                    founding_date=dt.date(2005, 3, 1)),
        Workforce("2025", 120, 50, 110),
    )
