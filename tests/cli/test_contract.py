"""The command line's contract (DESIGN 6.1, 6.3) pinned through the real entry point.

Every run is a subprocess (`python -m kh06_desktop …`, and the `kh06` console script when it is on
PATH) in a CI-like environment: no display, stdin closed, no PYTHONIOENCODING. Every output is
decoded as strict UTF-8 and checked for tracebacks; every error is one Vietnamese line on stderr.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import fastjsonschema
import pytest
from fixtures.member_sheets import BAD_ROWS, GOOD_ROWS, roster_6_2, simple_roster
from openpyxl import load_workbook
from pypdf import PdfReader

from kh06_desktop import __version__
from kh06_desktop.store.database import open_database

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "kh06_desktop" / "resources" / "schema"
IDS = ["1", "2", "3", "4a", "4b", "5"]
KINDS = ["period", "roster", "training", "study", "hardship"]
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


DATA_DIR: dict[str, str] = {}  # one private user-data folder for every run of this module


@pytest.fixture(scope="module", autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    DATA_DIR["path"] = str(tmp_path_factory.mktemp("kh06-data"))


def ci_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONIOENCODING", "KH06_DEBUG")}
    env["KH06_DATA_DIR"] = DATA_DIR.get("path") or os.environ.get("KH06_DATA_DIR", "")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def json(self) -> dict:  # type: ignore[type-arg]
        return json.loads(self.out)


def kh06(*args: object, env: dict[str, str] | None = None, command: list[str] | None = None) -> Run:
    done = subprocess.run([*(command or [sys.executable, "-m", "kh06_desktop"]), *map(str, args)],
                          stdin=subprocess.DEVNULL, capture_output=True, env=env or ci_env(), cwd=ROOT, timeout=300)
    run = Run(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))  # strict UTF-8
    assert "Traceback" not in run.out + run.err, run.err
    return run


def kh06_batch(*calls: tuple[object, ...], env: dict[str, str] | None = None) -> list[Run]:
    """Independent runs side by side (each start-up is mostly interpreter and imports)."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        return list(pool.map(lambda call: kh06(*call, env=env), calls))


def assert_error(run: Run, code: int, *needles: str) -> None:
    """Exit `code`, nothing on stdout, one Vietnamese line on stderr containing every needle."""
    assert run.code == code, (run.code, run.out, run.err)
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1 and run.err.endswith("\n"), run.err
    assert VIETNAMESE.search(run.err), run.err
    for needle in needles:
        assert needle in run.err, run.err


def member_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("select count(*) from member").fetchone()[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo unit made by the CLI itself (shared by the read-only checks of this module)."""
    path = tmp_path_factory.mktemp("demo") / "don-vi.db"
    run = kh06("demo", "--db", path, "--members", "150", "--seed", "5")
    assert run.code == 0 and "Đã tạo đơn vị mẫu" in run.out and run.err == ""
    return path


@pytest.fixture
def fresh(db, unit) -> Path:  # type: ignore[no-untyped-def]
    """A set-up unit with no members, trainings or study sessions (conftest's `unit`)."""
    return db.path


# --- 6.1: the commands and their options -----------------------------------------------------

CONTRACT_OPTIONS = {
    "demo": {"--db", "--members", "--seed"},
    "import-members": {"--db", "--dry-run"},
    "export-members": {"--db", "--out"},
    "indicators": {"--db", "--period", "--unit", "--json"},
    "report": {"--db", "--period", "--out", "--kind"},
    "export": {"--db", "--period", "--out", "--with-personal-data"},
    "consolidate": {"--db"},
    "consolidated-report": {"--db", "--period", "--out", "--number", "--signer", "--signer-title", "--place", "--date"},
}
REQUIRED = {"indicators": {"--period"}, "report": {"--period", "--out"}, "export": {"--period", "--out"},
            "export-members": {"--out"}, "consolidated-report": {"--period", "--out"}}


def test_every_command_of_6_1_has_the_contract_options() -> None:
    from kh06_desktop.cli import build_parser
    from kh06_desktop.services.reports.report_data import KINDS as SERVICE_KINDS

    parser = build_parser()
    assert {"--db", "--version"} <= {o for a in parser._actions for o in a.option_strings}
    commands = next(a for a in parser._actions if isinstance(a, type(parser._subparsers._group_actions[0])))
    for name, options in CONTRACT_OPTIONS.items():
        sub = commands.choices[name]
        present = {o for a in sub._actions for o in a.option_strings}
        assert options <= present, (name, options - present)
        required = {o for a in sub._actions if a.required for o in a.option_strings}
        assert required == REQUIRED.get(name, set()), name
        positionals = [a for a in sub._actions if not a.option_strings]
        if name == "import-members":
            assert len(positionals) == 1 and positionals[0].nargs is None
        elif name == "consolidate":
            assert len(positionals) == 1 and positionals[0].nargs in ("*", "+")
        else:
            assert positionals == []
    kind = next(a for a in commands.choices["report"]._actions if "--kind" in a.option_strings)
    assert list(kind.choices) == KINDS == list(SERVICE_KINDS) and kind.default == "period"


def test_help_and_version_through_the_real_entry_point() -> None:
    top, version, *subs = kh06_batch(("--help",), ("--version",), *((name, "--help") for name in CONTRACT_OPTIONS))
    assert top.code == 0 and top.err == "" and "Cách dùng: kh06" in top.out
    for name, sub in zip(CONTRACT_OPTIONS, subs, strict=True):
        assert name in top.out
        assert sub.code == 0 and sub.err == "" and f"kh06 {name}" in sub.out, name
        for option in CONTRACT_OPTIONS[name]:
            assert option in sub.out, (name, option)
    assert version.code == 0 and version.out.strip() == f"kh06 {__version__}"


def test_argument_errors_are_one_vietnamese_line(demo: Path) -> None:
    runs = kh06_batch(("lenh-la",), ("indicators", "--db", demo), ("indicators", "--db", demo, "--period"),
                      ("indicators", "--db", demo, "--period", "2025", "--khong-co"),
                      ("demo", "--db", demo, "--members", "nhieu"),
                      ("report", "--db", demo, "--period", "2025", "--out", "x.pdf", "--kind", "bang"))
    assert_error(runs[0], 2, "Không có lệnh «lenh-la»")
    assert_error(runs[1], 2, "thiếu tham số bắt buộc: --period")
    assert_error(runs[2], 2, "--period")
    assert_error(runs[3], 2, "--khong-co")
    assert_error(runs[4], 2, "--members", "số nguyên")
    assert_error(runs[5], 2, "--kind", "«bang»", "period")


def test_period_forms(demo: Path) -> None:
    good = {"2025": "2025-11-30", "2025H1": "2025-05-31", "2025H2": "2025-11-30"}
    bad = ["2025H3", "25", "abc"]
    runs = kh06_batch(*(("indicators", "--db", demo, "--period", p, "--json") for p in [*good, *bad]))
    for period, run in zip(good, runs[:len(good)], strict=True):
        assert run.code == 0 and run.err == ""
        assert run.json["period"] == period and run.json["as_of"] == good[period]
    for period, run in zip(bad, runs[len(good):], strict=True):
        assert_error(run, 2, f"Kỳ báo cáo không hợp lệ: «{period}»")


def test_db_takes_an_sqlalchemy_url(demo: Path) -> None:
    by_path, by_url = kh06_batch(("indicators", "--db", demo, "--period", "2025", "--json"),
                                 ("indicators", "--db", f"sqlite:///{demo}", "--period", "2025", "--json"))
    assert by_url.code == 0 and by_url.json == by_path.json


# --- Errors: one Vietnamese line, exit 2, nothing created --------------------------------------

def test_read_commands_refuse_a_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.db"
    sheet = simple_roster(tmp_path / "ds.xlsx", GOOD_ROWS)
    runs = kh06_batch(("indicators", "--period", "2025", "--json", "--db", missing),
                      ("report", "--period", "2025", "--out", tmp_path / "a.pdf", "--db", missing),
                      ("export", "--period", "2025", "--out", tmp_path / "a.kh06", "--db", missing),
                      ("export-members", "--out", tmp_path / "a.xlsx", "--db", missing),
                      ("consolidated-report", "--period", "2025", "--out", tmp_path / "a.pdf", "--db", missing),
                      ("close-period", "--period", "2025", "--db", missing),
                      ("import-members", "--db", missing, sheet))
    for run in runs:
        assert_error(run, 2, "Không tìm thấy tệp dữ liệu")
    assert not missing.exists()  # no empty database that would report zeros
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds.xlsx"]


def test_unusable_database_targets(tmp_path: Path) -> None:
    folder = tmp_path / "thu-muc"
    folder.mkdir()
    text = tmp_path / "ghi-chu.db"
    text.write_text("đây không phải cơ sở dữ liệu\n" * 20, encoding="utf-8")
    foreign = tmp_path / "chuong-trinh-khac.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("create table khach_hang (ten text)")
    unreachable = "postgresql+psycopg://kh06:sai@127.0.0.1:9/kh06?connect_timeout=5"
    runs = kh06_batch(*(("indicators", "--db", target, "--period", "2025")
                        for target in (folder, text, unreachable, foreign)),
                      ("demo", "--db", foreign, "--members", "5"))
    for run in runs[3:]:  # another program's SQLite file is refused, not given our tables
        assert_error(run, 2, "không phải cơ sở dữ liệu KH06")
    with sqlite3.connect(foreign) as connection:
        assert [r[0] for r in connection.execute("select name from sqlite_master")] == ["khach_hang"]
    assert_error(runs[0], 2, "thư mục")
    assert_error(runs[1], 2, "không phải cơ sở dữ liệu")
    assert text.read_text(encoding="utf-8").startswith("đây không phải")
    assert_error(runs[2], 2, "Không mở được cơ sở dữ liệu")


def test_a_database_without_a_unit(tmp_path: Path) -> None:
    empty = tmp_path / "trong.db"
    open_database(empty).close()
    for run in kh06_batch(("indicators", "--period", "2025", "--json", "--db", empty),
                          ("report", "--period", "2025", "--out", tmp_path / "a.pdf", "--db", empty),
                          ("export", "--period", "2025", "--out", tmp_path / "a.kh06", "--db", empty),
                          ("export-members", "--out", tmp_path / "a.xlsx", "--db", empty)):
        assert_error(run, 2, "chưa có thông tin đơn vị")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("trong.db")) == []


def test_output_paths_that_cannot_be_written(demo: Path, tmp_path: Path) -> None:
    nowhere = tmp_path / "chua-tao"
    a_file = tmp_path / "tep.txt"
    a_file.write_text("x")
    runs = kh06_batch(("report", "--period", "2025", "--out", nowhere / "bc.pdf", "--db", demo),
                      ("export", "--period", "2025", "--out", nowhere / "dv.kh06", "--db", demo),
                      ("export-members", "--out", nowhere / "ds.xlsx", "--db", demo),
                      ("consolidated-report", "--db", tmp_path / "tren.db", "--period", "2025", "--out",
                       nowhere / "th.xlsx"),
                      ("report", "--db", demo, "--period", "2025", "--out", a_file / "bc.pdf"),
                      ("export", "--db", demo, "--period", "2025", "--out", tmp_path),
                      ("report", "--db", demo, "--period", "2025", "--out", tmp_path / "bc.docx"))
    for run in runs[:4]:
        assert_error(run, 2, "Không có thư mục")
    assert not nowhere.exists()  # a typo in a path does not scatter new folders
    assert_error(runs[4], 2, "không phải là thư mục")
    assert_error(runs[5], 2, "là một thư mục")
    assert_error(runs[6], 2, "đuôi .pdf")


def test_read_only_output_folder(demo: Path, tmp_path: Path) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # root writes anywhere: use a read-only file system
        if not Path("/proc/self").exists():
            pytest.skip("no read-only folder available to root")
        assert_error(kh06("report", "--db", demo, "--period", "2025", "--out", "/proc/kh06-bc.pdf"), 2, "Lỗi tệp")
        assert_error(kh06("export", "--db", demo, "--period", "2025", "--out", "/proc/kh06.kh06"), 2, "Lỗi tệp")
        return
    locked = tmp_path / "chi-doc"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert_error(kh06("report", "--db", demo, "--period", "2025", "--out", locked / "bc.pdf"), 2,
                     "Không có quyền ghi")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_period_with_no_data_and_reports_with_nothing_to_list(fresh: Path, tmp_path: Path) -> None:
    run = kh06("indicators", "--db", fresh, "--period", "2019", "--json")
    assert run.code == 0 and run.err == ""
    for item in run.json["indicators"]:
        assert (item["percent"] is None) == (item["denominator"] == 0), item
    assert run.json["indicators"][0]["denominator"] == 0  # no workforce recorded for 2019
    out = tmp_path / "bc-2019.pdf"
    assert kh06("report", "--db", fresh, "--period", "2019", "--out", out).code == 0
    assert out.read_bytes().startswith(b"%PDF") and len(PdfReader(out).pages) >= 1
    assert_error(kh06("report", "--db", fresh, "--period", "2025", "--out", tmp_path / "t.pdf", "--kind",
                      "training"), 2, "chưa có lớp tập huấn")
    assert_error(kh06("report", "--db", fresh, "--period", "2025", "--out", tmp_path / "s.pdf", "--kind",
                      "study"), 2, "chưa có buổi học tập")
    assert not (tmp_path / "t.pdf").exists() and not (tmp_path / "s.pdf").exists()


def test_consolidate_refusals(demo: Path, tmp_path: Path) -> None:
    assert_error(kh06("consolidate", "--db", tmp_path / "tren.db"), 2, "Chưa chỉ ra tệp dữ liệu")
    assert not (tmp_path / "tren.db").exists()
    junk = tmp_path / "rac.kh06"
    junk.write_bytes(b"not a zip")
    before = member_count(demo)
    assert_error(kh06("consolidate", "--db", demo, junk), 2, "là của công đoàn cơ sở")
    assert member_count(demo) == before


def test_ctrl_c_stops_with_one_line_and_exit_130(tmp_path: Path) -> None:
    """A real SIGINT delivered while the command works (demo generation patched to receive it)."""
    script = ("import os, signal, sys\n"
              "import kh06_desktop.services.demo.demo as demo\n"
              "def interrupted(*a, **k):\n"
              "    os.kill(os.getpid(), signal.SIGINT)\n"
              "    raise AssertionError('SIGINT not delivered')\n"
              "demo.create_demo = interrupted\n"
              "from kh06_desktop.cli import main\n"
              "sys.exit(main(sys.argv[1:]))\n")
    run = kh06("demo", "--db", tmp_path / "d.db", command=[sys.executable, "-c", script])
    assert_error(run, 130, "Đã dừng")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for X11/Wayland")
def test_window_without_a_display_is_a_message_not_a_crash(demo: Path) -> None:
    assert_error(kh06("--db", demo), 2, "không có màn hình")


# --- demo ------------------------------------------------------------------------------------

def _sheet_values(path: Path) -> list[tuple]:  # type: ignore[type-arg]
    return [row for sheet in load_workbook(path).worksheets for row in sheet.iter_rows(values_only=True)]


def test_demo_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    names = {"a": 9, "b": 9, "c": 10}
    made = kh06_batch(*(("demo", "--db", tmp_path / f"{n}.db", "--members", "80", "--seed", seed)
                        for n, seed in names.items()))
    assert [run.code for run in made] == [0, 0, 0]
    runs = kh06_batch(*(("export-members", "--db", tmp_path / f"{n}.db", "--out", tmp_path / f"{n}.xlsx")
                        for n in names),
                      *(("indicators", "--db", tmp_path / f"{n}.db", "--period", p, "--json")
                        for n in names for p in ("2025", "2025H1")))
    assert [run.code for run in runs] == [0] * 9
    result = {n: (runs[3 + 2 * i].out, runs[4 + 2 * i].out, _sheet_values(tmp_path / f"{n}.xlsx"))
              for i, n in enumerate(names)}
    assert result["a"] == result["b"]
    assert result["a"][2] != result["c"][2] and len(result["a"][2]) > 80


# --- import-members / export-members -----------------------------------------------------------

def test_import_members_exit_codes_and_dry_run(fresh: Path, tmp_path: Path) -> None:
    good = roster_6_2(tmp_path / "tot.xlsx")
    bad = simple_roster(tmp_path / "loi.xlsx", BAD_ROWS + GOOD_ROWS)
    junk = tmp_path / "rac.xlsx"
    junk.write_bytes(b"PK\x03\x04 not a spreadsheet")
    for path, code in ((bad, 1), (junk, 2), (good, 0)):
        dry = kh06("import-members", "--db", fresh, path, "--dry-run")
        assert dry.code == code and member_count(fresh) == 0, (path, dry)
        real = kh06("import-members", "--db", fresh, path)
        assert real.code == code, (path, real)
        if code == 1:  # a per-row report in Vietnamese, one closing line on stderr, nothing written
            assert re.search(r"^  Dòng \d+ \| Ngày sinh \| «31/02/1990» \| Ngày không tồn tại", real.out, re.M)
            assert len(real.err.splitlines()) == 1 and "chưa nhập đoàn viên nào" in real.err
            assert member_count(fresh) == 0
        elif code == 2:
            assert_error(real, 2, "Không dùng được tệp")
    assert "Chạy thử" in dry.out and member_count(fresh) == 5


def _members(path: Path) -> set[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(path) as connection:
        people = set(connection.execute(
            "select m.full_name, m.birth_date, m.gender, m.citizen_id, m.card_number, g.name, m.department,"
            " m.join_date, m.phone from member m left join union_group g on g.id = m.group_id"
            " where m.status = 'active'"))
        roles = set(connection.execute(
            "select m.full_name, m.birth_date, p.role from position p join member m on m.id = p.member_id"
            " where m.status = 'active' and (p.end_date is null or p.end_date >= date('now'))"
            " and (p.start_date is null or p.start_date <= date('now'))"))
    return people | roles


def test_export_members_round_trip_into_a_fresh_unit(demo: Path, fresh: Path, tmp_path: Path) -> None:
    """The plain contract command keeps personal data (dates, citizen ids, phones): the file is the
    officer's own list in the layout it imports, and its round trip needs them. `--without-personal-data`
    leaves them out; the .kh06 file for the upper level leaves them out by default (6.3)."""
    out = tmp_path / "ds.xlsx"
    exported = kh06("export-members", "--db", demo, "--out", out)
    assert exported.code == 0 and exported.err == ""
    imported = kh06("import-members", "--db", fresh, out)
    assert imported.code == 0, imported.out + imported.err
    expected = _members(demo)
    assert any(row[3] for row in expected if len(row) > 3)  # citizen ids really travel
    assert _members(fresh) == expected


# --- indicators --json -----------------------------------------------------------------------

def test_indicators_json_is_exactly_the_contract_object(demo: Path) -> None:
    run = kh06("indicators", "--db", demo, "--period", "2025", "--json")
    assert run.code == 0 and run.err == "" and run.out.count("\n") == 1
    data = run.json
    # DESIGN 6.1's keys, then which period's workforce figures were used (issue 10, F8)
    assert list(data) == ["unit_code", "period", "as_of", "indicators", "workforce_period"]
    assert data["unit_code"] == "DEMO-5" and data["period"] == "2025"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["as_of"])
    assert [item["id"] for item in data["indicators"]] == IDS
    for item in data["indicators"]:
        assert list(item) == ["id", "numerator", "denominator", "percent", "target", "met", "missing"]
        for key in ("numerator", "denominator", "missing"):
            assert type(item[key]) is int and item[key] >= 0
        assert type(item["met"]) is bool
        assert type(item["target"]) in (int, float) and item["target"] in (100, 75, 70)
        assert (item["percent"] is None) == (item["denominator"] == 0)
        assert item["percent"] is None or type(item["percent"]) in (int, float)
    assert {i["id"]: i["target"] for i in data["indicators"]}["4b"] == 75
    table = kh06("indicators", "--db", demo, "--period", "2025")
    assert table.code == 0 and "Chỉ tiêu" in table.out and "Đạt" in table.out


def test_output_is_utf8_under_a_c_locale(demo: Path) -> None:
    ascii_env = ci_env(LC_ALL="C", LANG="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0")
    probe = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding)"], env=ascii_env,
                           capture_output=True, text=True, check=True)
    plain = kh06("indicators", "--db", demo, "--period", "2025", "--json")
    c_locale = kh06("indicators", "--db", demo, "--period", "2025", "--json", env=ascii_env)
    assert c_locale.code == 0 and c_locale.json == plain.json and c_locale.err == ""
    table = kh06("indicators", "--db", demo, "--period", "2025", env=ascii_env)
    assert table.code == 0 and "Đơn vị: DEMO-5" in table.out
    assert_error(kh06("indicators", "--db", demo, "--period", "2025H3", env=ascii_env), 2, "Kỳ báo cáo")
    assert probe.stdout.strip()  # the check above ran with whatever this interpreter picks for C (often ascii)


# --- report ------------------------------------------------------------------------------------

def test_report_writes_a_pdf_for_each_kind(demo: Path, tmp_path: Path) -> None:
    runs = kh06_batch(*(("report", "--db", demo, "--period", "2025", "--out", tmp_path / f"{kind}.pdf", "--kind",
                         kind) for kind in KINDS))
    for kind, run in zip(KINDS, runs, strict=True):
        out = tmp_path / f"{kind}.pdf"
        assert run.code == 0 and run.err == "" and "Đã ghi" in run.out, (kind, run)
        assert out.read_bytes().startswith(b"%PDF-") and len(PdfReader(out).pages) >= 1
    assert "--training-id" in runs[KINDS.index("training")].out  # several trainings: the newest, others listed
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{kind}.pdf" for kind in KINDS)  # no temp files


# --- export: the .kh06 file (6.3) ----------------------------------------------------------------

def _validator(name: str):  # type: ignore[no-untyped-def]
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return fastjsonschema.compile(schema, handlers={})  # local refs only: never fetched from the network


PERSONAL = ("birth_date", "citizen_id", "phone")


def test_export_writes_the_data_file_of_6_3(demo: Path, tmp_path: Path) -> None:
    check_manifest, check_data = _validator("kh06-manifest.schema.json"), _validator("kh06-data.schema.json")
    for flag, personal in (((), False), (("--with-personal-data",), True)):
        out = tmp_path / f"du-lieu-{personal}.kh06"
        run = kh06("export", "--db", demo, "--period", "2025", "--out", out, *flag)
        assert run.code == 0 and run.err == ""
        with zipfile.ZipFile(out) as archive:
            names = archive.namelist()
            manifest = json.loads(archive.read("manifest.json"))
            bodies = {name: archive.read(name) for name in names if name not in ("manifest.json", "manifest.sig")}
            assert "manifest.sig" in names  # the unit's signature of manifest.json (format version 2)
        assert "data.json" in bodies
        check_manifest(manifest)
        assert manifest["format"] == "kh06-export" and isinstance(manifest["format_version"], int)
        assert (manifest["unit_code"], manifest["period"], manifest["revision"]) == ("DEMO-5", "2025", 1)
        assert manifest["unit_name"].startswith("Công đoàn") and manifest["app_version"] == __version__
        assert re.match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", manifest["generated_at"])
        assert set(manifest["files"]) == set(bodies)
        for name, body in bodies.items():
            assert manifest["files"][name]["sha256"] == hashlib.sha256(body).hexdigest()
        data = json.loads(bodies["data.json"])
        check_data(data)
        for key in ("unit", "workforce", "groups", "members", "positions", "trainings", "study_sessions",
                    "hardship_cases", "women_committee", "activities", "indicators"):
            assert key in data, key
        carried = {key for member in data["members"] for key in PERSONAL if member.get(key)}
        assert carried == (set(PERSONAL) if personal else set()), carried
        assert manifest["personal_data"] is personal


def test_export_leaves_hardship_reasons_out_by_default(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "u.kh06"
    assert kh06("export", "--db", demo, "--period", "2025", "--out", out).code == 0
    data = json.loads(zipfile.ZipFile(out).read("data.json"))
    assert data["hardship_cases"] and not any(case.get("reason") for case in data["hardship_cases"])

    with_personal = tmp_path / "u-personal.kh06"
    assert kh06("export", "--db", demo, "--period", "2025", "--out", with_personal, "--with-personal-data").code == 0
    data = json.loads(zipfile.ZipFile(with_personal).read("data.json"))
    assert all(case["reason"] for case in data["hardship_cases"])


# --- consolidate, upper-level indicators and report ----------------------------------------------

def test_consolidate_round_trip_and_exit_codes(demo: Path, tmp_path: Path) -> None:
    period = "2025"
    first, second, other_db = tmp_path / "dv1.kh06", tmp_path / "dv2.kh06", tmp_path / "dv2.db"
    made = kh06_batch(("export", "--db", demo, "--period", period, "--out", first),
                      ("demo", "--db", other_db, "--members", "40", "--seed", "6"))
    assert [run.code for run in made] == [0, 0]
    assert kh06("export", "--db", other_db, "--period", period, "--out", second).code == 0
    junk = tmp_path / "rac.kh06"
    junk.write_bytes(b"PK\x03\x04 broken")
    upper = tmp_path / "cap-tren.db"

    accepted = kh06("consolidate", "--db", upper, first)
    assert accepted.code == 0 and "nhận 1, từ chối 0" in accepted.out
    some = kh06("consolidate", "--db", upper, second, junk)
    assert some.code == 1 and "Từ chối: rac.kh06 — " in some.err and "nhận 1, từ chối 1" in some.out
    none = kh06("consolidate", "--db", upper, junk)
    assert none.code == 2 and "rac.kh06" in none.err and "nhận 0, từ chối 1" in none.out

    runs = kh06_batch(("indicators", "--db", demo, "--period", period, "--json"),
                      ("indicators", "--db", upper, "--unit", "DEMO-5", "--period", period, "--json"),
                      ("indicators", "--db", other_db, "--period", period, "--json"),
                      ("indicators", "--db", upper, "--unit", "DEMO-6", "--period", period, "--json"),
                      ("indicators", "--db", upper, "--period", period, "--json"),
                      ("consolidated-report", "--db", upper, "--period", period, "--out", tmp_path / "tong-hop.pdf"),
                      ("consolidated-report", "--db", upper, "--period", period, "--out", tmp_path / "tong-hop.xlsx"),
                      ("consolidated-report", "--db", upper, "--period", "2019", "--out", tmp_path / "x.pdf"))
    assert runs[1].code == 0 and runs[1].json == runs[0].json  # the unit's figures, as consolidated
    assert runs[3].code == 0 and runs[3].json == runs[2].json
    totals = runs[4].json["indicators"]
    assert [i["id"] for i in totals] == IDS
    assert totals[0]["denominator"] == runs[0].json["indicators"][0]["denominator"] + \
        runs[2].json["indicators"][0]["denominator"]
    for run in runs[5:7]:
        assert run.code == 0 and run.err == "", run.err
    assert len(PdfReader(tmp_path / "tong-hop.pdf").pages) >= 1
    assert load_workbook(tmp_path / "tong-hop.xlsx").sheetnames
    assert_error(runs[7], 2, "Chưa có đơn vị nào")


# --- the console script and start-up ---------------------------------------------------------------

@pytest.mark.skipif(shutil.which("kh06") is None, reason="the kh06 console script is not on PATH")
def test_console_script_matches_python_m(demo: Path) -> None:
    script = [shutil.which("kh06") or "kh06"]
    assert kh06("--version", command=script).out.strip() == f"kh06 {__version__}"
    by_script = kh06("indicators", "--db", demo, "--period", "2025H1", "--json", command=script)
    assert by_script.code == 0 and by_script.json == kh06("indicators", "--db", demo, "--period", "2025H1",
                                                          "--json").json


def test_non_gui_commands_load_neither_qt_nor_reportlab(demo: Path) -> None:
    script = ("import sys\n"
              "from kh06_desktop.cli import main\n"
              "try:\n"
              "    code = main(sys.argv[1:])\n"
              "except SystemExit as exc:\n"
              "    code = exc.code\n"
              "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'reportlab'})\n"
              "print('LOADED', heavy, file=sys.stderr)\n"
              "sys.exit(code)\n")
    run = kh06("indicators", "--db", demo, "--period", "2025", "--json", command=[sys.executable, "-c", script])
    assert run.code == 0 and "LOADED []" in run.err
    helped = kh06("--help", command=[sys.executable, "-c", script.replace("'reportlab'}", "'reportlab', "
                                                                           "'sqlalchemy'}")])
    assert helped.code == 0 and "LOADED []" in helped.err
