"""The frozen build (packaging/kh06.spec through scripts/build-bundle.sh) and the Windows installer
script, built and used the way a clerk's machine would use them.

The bundle is built once for the module (about a minute on a 2-core machine) into a temporary
folder, then run from another temporary folder with a clean environment (no PYTHONPATH, its own
data folder): `kh06-cli doctor` (when this build has that command), `demo`, `report`, `export` of
60 units, `consolidate` of the 60 files in worker processes (none falling back to reading in the
main process), and the windowed `KH06` opening offscreen and showing every sidebar page of both
modes. The NSIS script is compiled with makensis against this Linux bundle as a stand-in payload
(a real installer needs the Windows bundle: packaging/windows/README.md).

PyInstaller comes with the `build` extra and makensis with scripts/system-deps.sh; without them the
tests are skipped on a developer's machine, and fail under CI (CI=true) where they must run.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = 60
PERIOD = "2025"
FALLBACK_WARNING = "Tiến trình đọc tệp song song dừng bất thường"

pytestmark = pytest.mark.packaging


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is needed by the packaging tests in CI")
    pytest.skip(f"{what} is not installed")


def _exe(folder: Path, name: str) -> Path:
    return folder / (f"{name}.exe" if sys.platform == "win32" else name)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("PyInstaller") is None:
        _missing('PyInstaller (pip install -e ".[build]")')
    dist, work = tmp_path_factory.mktemp("dist"), tmp_path_factory.mktemp("pyinstaller")
    if sys.platform == "win32":  # the script's own PyInstaller line: `bash` there may be WSL's
        command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", str(dist),
                   "--workpath", str(work), "packaging/kh06.spec"]
    else:
        command = ["bash", str(ROOT / "scripts" / "build-bundle.sh"), str(dist), str(work)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=1800,
                         env=dict(os.environ, PYTHON=sys.executable))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    folder = dist / "KH06"
    for name in ("KH06", "kh06-cli"):
        assert _exe(folder, name).is_file(), name
    shutil.rmtree(work, ignore_errors=True)  # the build's cache: ~100 MB not needed any more
    return folder


def _env(data: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "KH06_", "PYTEST", "QT_"))}
    env.update(KH06_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(data / "config"), **extra)
    return env


def _run(program: Path, *args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(program), *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, env=env, stdin=subprocess.DEVNULL, timeout=600)


def _ok(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 0, f"exit {run.returncode}\nstdout: {run.stdout[-2000:]}\nstderr: {run.stderr[-2000:]}"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    return run.stdout


def _pages(gui: Path, database: Path, cwd: Path, env: dict[str, str]) -> list[str]:
    """The sidebar's pages, each shown once, as the windowed app reports them (to a file: on
    Windows the windowed program has no stdout)."""
    report = cwd / f"pages-{database.stem}.txt"
    _ok(_run(gui, database, cwd=cwd, env=dict(env, KH06_CHECK_PAGES=str(report))))
    return re.findall(r"^Trang: (.+)$", report.read_text(encoding="utf-8"), re.MULTILINE)


def test_the_bundle_runs_from_another_folder(bundle: Path, tmp_path: Path) -> None:
    from kh06_desktop.services.common.settings import MODE_UNIT, MODE_UPPER
    from kh06_desktop.ui.pages import PAGES

    cli, gui = _exe(bundle, "kh06-cli"), _exe(bundle, "KH06")
    work, data = tmp_path / "work", tmp_path / "data"
    work.mkdir()
    env = _env(data)

    # demo into the default database (the data folder), so `doctor` sees a real one
    assert "DEMO-1" in _ok(_run(cli, "demo", "--members", "12", "--seed", "1", cwd=work, env=env))
    unit_db = work / "unit.db"
    shutil.copy(data / "kh06.db", unit_db)

    # the support self-check passes inside the bundle: every resource, page and command is there
    assert _ok(_run(cli, "doctor", cwd=work, env=env)).rstrip().endswith("Kết quả: mọi thứ đều tốt.")

    _ok(_run(cli, "report", "--db", unit_db, "--period", PERIOD, "--out", "bao-cao.pdf", cwd=work, env=env))
    assert (work / "bao-cao.pdf").read_bytes().startswith(b"%PDF")

    # 60 units: copies of the demo unit under their own codes, each exported by the bundle
    files = work / "files"
    files.mkdir()
    databases = []
    for i in range(1, UNITS + 1):
        database = work / f"dv{i:02d}.db"
        shutil.copy(unit_db, database)
        with sqlite3.connect(database) as connection:
            connection.execute("UPDATE unit SET code = ?", (f"DV-{i:02d}",))
        connection.close()
        databases.append(database)

    def export(database: Path) -> subprocess.CompletedProcess[str]:
        return _run(cli, "export", "--db", database, "--period", PERIOD, "--out", files / f"{database.stem}.kh06",
                    cwd=work, env=env)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for run in pool.map(export, databases):
            _ok(run)
    exported = sorted(files.glob("*.kh06"))
    assert len(exported) == UNITS

    # consolidation of 60 files is read by worker processes: KH06_DEBUG=1 makes the CLI log them
    run = _run(cli, "consolidate", "--db", "upper.db", *exported, cwd=work, env=dict(env, KH06_DEBUG="1"))
    out = _ok(run)
    assert f"Tổng cộng {UNITS} tệp: nhận {UNITS}, từ chối 0." in out, out[-2000:]
    assert re.search(rf"read {UNITS} files in [1-9]\d* worker processes", run.stderr), run.stderr[-2000:]
    assert FALLBACK_WARNING not in run.stderr and "Không có lệnh" not in run.stderr, run.stderr[-2000:]

    # the windowed app, offscreen: every page of the unit's sidebar, then of the upper level's
    assert _pages(gui, unit_db, work, env) == [spec.label for spec in PAGES if MODE_UNIT in spec.modes]
    with sqlite3.connect(work / "upper.db") as connection:  # what the first-start dialog would store
        connection.execute("INSERT INTO setting (key, value) VALUES ('upper_name', 'Công đoàn Công Thương Việt Nam')")
    connection.close()
    assert _pages(gui, work / "upper.db", work, env) == [spec.label for spec in PAGES if MODE_UPPER in spec.modes]


def test_the_installer_script_compiles(bundle: Path, tmp_path: Path) -> None:
    makensis = shutil.which("makensis")
    if makensis is None:
        _missing("makensis (Debian package nsis, scripts/system-deps.sh)")
    setup = tmp_path / "KH06-setup.exe"
    run = subprocess.run([makensis, "-V2", "-WX", "-DFAST", "-DVERSION=0.1.0", f"-DBUNDLE_DIR={bundle}",
                          f"-DOUT_FILE={setup}", "kh06-installer.nsi"],
                         capture_output=True, text=True, cwd=ROOT / "packaging" / "windows", timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    with setup.open("rb") as installer:
        assert installer.read(2) == b"MZ"  # a Windows executable
    payload = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink())
    assert setup.stat().st_size > payload  # stored uncompressed (-DFAST): the whole bundle is inside
