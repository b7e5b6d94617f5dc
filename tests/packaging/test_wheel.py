"""The wheel carries every resource and works from any folder, outside the checkout.

Builds the wheel from a copy of the sources (no network: the build backend is the one installed
with the test extras), checks that every font, form, schema and migration is inside, installs it
into a fresh virtual environment that reuses the already installed dependencies, and from an
empty temporary folder runs `kh06 demo`, `report`, `export`, `consolidate`, `doctor` and opens the
main window offscreen (start-up guard included) and every page of its sidebar.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kh06_desktop.services.common.settings import MODE_UNIT
from kh06_desktop.ui.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kh06_desktop"
RESOURCE_PATTERNS = ("resources/fonts/*.ttf", "forms/*/*.ui", "resources/schema/*.json",
                     "store/migrations/versions/*.py", "store/migrations/env.py", "store/migrations/script.py.mako")


def _expected_resources() -> set[str]:
    found = {f"kh06_desktop/{path.relative_to(PACKAGE).as_posix()}"
             for pattern in RESOURCE_PATTERNS for path in PACKAGE.glob(pattern)}
    assert len([name for name in found if name.endswith(".ttf")]) >= 6
    assert len([name for name in found if name.endswith(".ui")]) >= 20
    return found


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout)
    assert done.returncode == 0, f"{command} → {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    shutil.copy2(ROOT / "pyproject.toml", source)
    shutil.copy2(ROOT / "README.md", source)
    shutil.copytree(PACKAGE, source / "kh06_desktop", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
          "--wheel-dir", str(dist), str(source)], cwd=source, env=dict(os.environ), timeout=300)
    (built,) = dist.glob("kh06_desktop-*.whl")
    return built


def test_the_wheel_carries_every_font_form_schema_and_migration(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = _expected_resources() - names
    assert not missing, f"missing from the wheel: {sorted(missing)}"
    assert not [name for name in names if name.startswith(("resources/", "forms/", "tests/"))]


def test_the_installed_wheel_works_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    # --system-site-packages: the dependencies already installed are reused (no network, seconds);
    # the package itself comes from the wheel, which is checked below.
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], cwd=tmp_path,
         env=dict(os.environ))
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    kh06 = scripts / ("kh06.exe" if os.name == "nt" else "kh06")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    _run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--ignore-installed",
          str(wheel)], cwd=tmp_path, env=env)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env.update(KH06_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    located = _run([str(python), "-c", "import kh06_desktop; print(kh06_desktop.__file__)"], elsewhere, env)
    assert Path(located.stdout.strip()).is_relative_to(venv), located.stdout

    _run([str(kh06), "demo", "--db", "unit.db", "--members", "150", "--seed", "3"], elsewhere, env)
    _run([str(kh06), "report", "--db", "unit.db", "--period", "2025", "--out", "bc.pdf"], elsewhere, env)
    assert (elsewhere / "bc.pdf").read_bytes().startswith(b"%PDF")
    _run([str(kh06), "export", "--db", "unit.db", "--period", "2025", "--out", "dv.kh06"], elsewhere, env)
    consolidated = _run([str(kh06), "consolidate", "--db", "upper.db", "dv.kh06"], elsewhere, env)
    assert "nhận 1, từ chối 0" in consolidated.stdout
    doctor = _run([str(kh06), "doctor", "--db", "unit.db"], elsewhere, env)
    assert f"Thư mục phần mềm:          {venv}" in doctor.stdout
    assert doctor.stdout.endswith("Kết quả: mọi thứ đều tốt.\n")

    shutil.copy2(Path(__file__).with_name("open_window.py"), tmp_path / "open_window.py")
    shown = _run([str(python), str(tmp_path / "open_window.py"), "unit.db"], elsewhere, env)
    result = json.loads(shown.stdout.strip().splitlines()[-1])
    assert Path(str(result["package"])).is_relative_to(venv)
    assert result["messages"] == [] and result["exit"] == 0, result
    unit_pages = [spec for spec in PAGES if MODE_UNIT in spec.modes]
    assert result["sidebar"] == [spec.label for spec in unit_pages]
    assert result["pages"] == [spec.class_name for spec in unit_pages]  # every page made, none broken
    assert not list(elsewhere.glob("*.part"))
