"""`kh06 demo`, `kh06 import-members`, `kh06 export-members` (DESIGN 6.1).

import-members prints its report on stdout (file, header, columns, then every rejected row with
its column, value and reason, the warnings and the groups it would create) and ends with one
line on stderr when it refuses: exit 1 when rows are rejected (nothing written), 2 when the
file cannot be used at all.
"""

from __future__ import annotations

import argparse
import builtins
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kh06_desktop.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_UNUSABLE,
    add_db_argument,
    fail,
    open_db,
    output_path,
    require_local_unit,
)

if TYPE_CHECKING:
    from kh06_desktop.exchange.member_sheet import MemberWorkbook
    from kh06_desktop.services.members.member_import import ImportPlan, RowIssue

MAX_LISTED = 1000  # rows listed per section; the rest are counted


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    demo = subparsers.add_parser("demo", help="tạo một đơn vị mẫu với dữ liệu giả lập để dùng thử")
    add_db_argument(demo)
    demo.add_argument("--members", type=int, default=300, help="số đoàn viên (mặc định 300)")
    demo.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên: cùng số cho cùng dữ liệu")
    demo.set_defaults(handler=run_demo)

    imp = subparsers.add_parser("import-members", help="nhập danh sách đoàn viên từ tệp .xlsx, .xls, .ods")
    add_db_argument(imp)
    imp.add_argument("file", help="tệp bảng tính danh sách đoàn viên")
    imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và báo cáo, không ghi gì")
    imp.add_argument("--update", action="store_true",
                     help="cập nhật danh sách đã có theo danh sách mới (đối chiếu theo số CCCD, số thẻ, "
                          "họ tên và ngày sinh)")
    imp.add_argument("--missing", choices=("keep", "left"), default="keep",
                     help="với --update: người có trong danh sách nhưng không có trong tệp — keep: giữ nguyên "
                          "(mặc định), left: ghi là đã thôi từ ngày --as-of")
    imp.add_argument("--as-of", dest="as_of", metavar="DD/MM/YYYY",
                     help="với --update: ngày ghi nhận người đã thôi và chức vụ thay đổi (mặc định: hôm nay)")
    # DESIGN 6.1: an update applies what changed, field by field, groups and positions included;
    # the clerk who wants to keep them as they are says so.
    imp.add_argument("--keep-groups", action="store_true",
                     help="với --update: giữ nguyên tổ công đoàn, không chuyển tổ theo tệp")
    imp.add_argument("--keep-positions", action="store_true",
                     help="với --update: giữ nguyên chức vụ công đoàn, không cập nhật theo tệp")
    # The default since the groups and positions follow the file; still accepted from older scripts.
    imp.add_argument("--follow-groups", action="store_true", help=argparse.SUPPRESS)
    imp.add_argument("--follow-positions", action="store_true", help=argparse.SUPPRESS)
    imp.set_defaults(handler=run_import)

    undo = subparsers.add_parser("undo-import", help="hoàn tác lần nhập danh sách gần nhất (nếu sau đó chưa ghi gì)")
    add_db_argument(undo)
    undo.set_defaults(handler=run_undo)

    exp = subparsers.add_parser("export-members", help="xuất danh sách đoàn viên ra tệp .xlsx")
    add_db_argument(exp)
    exp.add_argument("--out", required=True, help="tệp .xlsx cần ghi")
    exp.add_argument("--without-personal-data", action="store_true",
                     help="không ghi ngày sinh, số CCCD, điện thoại")
    exp.add_argument("--all", action="store_true", help="gồm cả đoàn viên đã chuyển sinh hoạt hoặc đã thôi")
    exp.set_defaults(handler=run_export)


def _n(value: int) -> str:
    from kh06_desktop.domain.formats import group_thousands

    return group_thousands(value)


def run_demo(args: argparse.Namespace) -> int:
    from kh06_desktop.services.demo.demo import create_demo

    db = open_db(args)
    try:
        started = time.perf_counter()
        unit = create_demo(db, members=args.members, seed=args.seed)
        seconds = time.perf_counter() - started
    finally:
        db.close()
    print(f"Đã tạo đơn vị mẫu «{unit.name}» (mã {unit.code}, {unit.sector.label}) với {_n(args.members)} "
          f"đoàn viên trong {seconds:.1f} giây.".replace(f"{seconds:.1f}", f"{seconds:.1f}".replace(".", ",")))
    return EXIT_OK


def _issue_line(issue: RowIssue) -> str:
    from kh06_desktop.exchange.hygiene import printable

    value = f"«{printable(issue.value, 200)}»" if issue.value else "(trống)"
    return f"  Dòng {issue.row} | {issue.column} | {value} | {issue.message}"


def print_report(plan: ImportPlan, out=None) -> None:  # type: ignore[no-untyped-def]
    from kh06_desktop.exchange.hygiene import printable

    out = out or sys.stdout

    def print(text: str, file=None) -> None:  # type: ignore[no-untyped-def]  # noqa: A001
        # Sheet names, labels and cells come from the file: control and escape characters are
        # shown as \\uXXXX, never sent to the terminal.
        builtins.print(printable(text), file=file)
    print(f"Tệp: {plan.file_name} (trang «{plan.sheet_name}», dòng tiêu đề {plan.header_row})", file=out)
    print("Cột nhận ra: " + "; ".join(f"{src} → {dst}" if src != dst else src
                                      for src, dst in plan.column_mapping), file=out)
    if plan.unknown_columns:
        print("Cột không dùng: " + "; ".join(plan.unknown_columns), file=out)
    for note in plan.notes:  # which sheets were read, skipped rows, groups taken from headings
        print(f"Ghi chú: {note}", file=out)
    print(f"Số dòng đoàn viên: {_n(plan.total_rows)}; hợp lệ: {_n(plan.valid_count)}; "
          f"dòng lỗi: {_n(len(plan.error_rows))}; cảnh báo: {_n(len(plan.warnings))}", file=out)
    for title, issues in (("LỖI (phải sửa trong tệp rồi nhập lại):", plan.errors),
                          ("CẢNH BÁO (vẫn nhập được, cần kiểm tra lại):", plan.warnings)):
        if not issues:
            continue
        print(title, file=out)
        for issue in issues[:MAX_LISTED]:
            print(_issue_line(issue), file=out)
        if len(issues) > MAX_LISTED:
            print(f"  … và {_n(len(issues) - MAX_LISTED)} mục khác", file=out)
    if plan.new_groups:
        print(f"Tổ công đoàn mới sẽ được tạo ({len(plan.new_groups)}): " + ", ".join(plan.new_groups), file=out)


class _Prefetch:
    """Read the spreadsheet in a thread while the database layer loads: python-calamine parses
    without holding the interpreter lock, so start-up (SQLAlchemy, the services, opening and
    checking the database) costs almost nothing on top of the read. The spreadsheet guard that
    runs first is Python (regular expressions holding the interpreter lock): `checked()` waits for
    its verdict, so that start-up runs beside the parse rather than taking turns with the guard.
    In a child of `cli.sheet_sandbox` (`verdict` given) the guard runs in the parent: the read
    starts at once, `checked()` loads the rest beside it, and `verdict()` waits for the parent's
    verdict, which the command needs before it writes (it reads the database and checks the rows
    first). The result, or the SheetError, is handed over by `result()`."""

    def __init__(self, path: Path, verdict: Callable[[], None] | None = None) -> None:
        import threading

        self._value: MemberWorkbook | None = None
        self._error: BaseException | None = None
        self._verdict = verdict
        self._checked = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(path,), name="kh06-read-sheet", daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            opened = None
            if self._verdict is not None:
                # The guard runs in the parent: python-calamine starts on the first sheet at once,
                # while the main thread loads the reading rules with the rest (`checked()`).
                self._checked.set()
                from kh06_desktop.exchange.sheet_open import head_start

                opened = head_start(path)
            from kh06_desktop.cli import keep_until_exit
            from kh06_desktop.exchange.sheet_reader import read_member_workbook

            self._value = read_member_workbook(path, checked=self._checked.set,
                                               guarded_beside=self._verdict is not None, opened=opened,
                                               keep=keep_until_exit)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread as it is (a part missing too)
            self._error = exc
        finally:
            self._checked.set()  # refused or failed: result() tells

    def checked(self) -> None:
        """Return once the guard has accepted the file (or refused it, or the read ended); in a
        child of `cli.sheet_sandbox`, once what the command runs next is loaded."""
        self._checked.wait()
        if self._verdict is None:
            return
        # The parent's guard decides meanwhile. Load the rest (loading writes nothing) beside the
        # parse, which the reading thread has started before loading anything.
        import kh06_desktop.exchange.sheet_reader
        import kh06_desktop.services.members.member_import
        import kh06_desktop.services.members.member_update
        import kh06_desktop.store.database  # noqa: F401

    def verdict(self) -> None:
        """Return once the file may be acted on: at once in one process (the guard ran before the
        parse), in a child of `cli.sheet_sandbox` when the parent's guard has accepted it."""
        if self._verdict is not None:
            self._verdict()

    def result(self) -> MemberWorkbook:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None  # the read ended without an error
        return self._value


def run_import(args: argparse.Namespace) -> int:
    if not args.update and (args.missing != "keep" or args.as_of or args.keep_groups or args.keep_positions
                            or args.follow_groups or args.follow_positions):
        fail("--missing, --as-of, --keep-groups, --keep-positions chỉ dùng cùng --update")
    if (args.keep_groups and args.follow_groups) or (args.keep_positions and args.follow_positions):
        fail("--keep-groups/--keep-positions và --follow-groups/--follow-positions không dùng cùng nhau")
    target = getattr(args, "db", None)
    if target and "://" not in target and not Path(target).expanduser().exists():
        fail(f"Không tìm thấy tệp dữ liệu «{target}»: cơ sở dữ liệu chưa có thông tin đơn vị — hãy chạy «kh06 init» "
             "(hoặc mở phần mềm) để thiết lập đơn vị, hay «kh06 demo» để dùng thử")
    import gc

    # Reading makes an object per cell and no reference cycles: the cyclic collector would scan them
    # over and over (the services pause it for their part; the read starts before them).
    collecting = gc.isenabled()
    gc.disable()
    try:
        from kh06_desktop.cli import sheet_sandbox

        path = Path(args.file)
        if sheet_sandbox.available():  # the guard in this process, the read and the rest in a child
            return sheet_sandbox.run_forked(path, lambda verdict: _import(args, _Prefetch(path, verdict)))
        return _import(args, _Prefetch(path))
    finally:
        if collecting:
            gc.enable()


def _import(args: argparse.Namespace, prefetch: _Prefetch) -> int:
    from kh06_desktop.cli import keep_until_exit

    path = Path(args.file)
    prefetch.checked()
    if args.update:
        return run_update(args, prefetch)
    from kh06_desktop.exchange.member_sheet import SheetError
    from kh06_desktop.services.members.member_import import commit_import, prepare_import

    db = open_db(args, create=False, before_migrating=prefetch.verdict)
    try:
        unit = require_local_unit(db)
        try:
            plan = prepare_import(db, unit.id, path, workbook=prefetch.result())
        except SheetError as exc:
            fail(f"Không dùng được tệp: {exc}", EXIT_UNUSABLE)
        prefetch.verdict()  # read and checked; from here on the command speaks and writes
        print_report(plan)
        warn_other_union(plan.other_union, unit.name)
        if not plan.ok:
            listed = any(issue.message.startswith("Số CCCD đã có trong danh sách") for issue in plan.errors)
            hint = (" Nếu đây là danh sách cập nhật của những người đã có, hãy nhập lại với --update."
                    if listed else "")
            fail(f"Tệp có {_n(len(plan.error_rows))} dòng lỗi: chưa nhập đoàn viên nào.{hint}", EXIT_REJECTED)
        if args.dry_run:
            print(f"Chạy thử: {_n(plan.valid_count)} đoàn viên có thể nhập; chưa ghi gì vào dữ liệu.")
            return EXIT_OK
        result = commit_import(db, unit.id, plan)
        keep_until_exit(prefetch, plan)  # the process ends without freeing them one by one
    finally:
        db.close()
    text = f"Đã nhập {_n(result.inserted)} đoàn viên vào «{unit.name}»"
    if result.groups_created:
        text += f"; tạo {len(result.groups_created)} tổ công đoàn mới"
    if result.positions_created:
        text += f"; ghi {_n(result.positions_created)} chức vụ"
    print(text + ".")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from kh06_desktop.services.members.member_export import export_members

    out = output_path(args.out, (".xlsx",), "Tệp xuất")
    db = open_db(args, create=False)
    try:
        unit = require_local_unit(db)
        written = export_members(db, unit.id, out, include_personal=not args.without_personal_data,
                                 include_all=args.all)
    finally:
        db.close()
    extra = "" if not args.without_personal_data else " (không kèm ngày sinh, số CCCD, điện thoại)"
    print(f"Đã xuất {_n(written)} đoàn viên ra {out}{extra}.")
    return EXIT_OK


def _as_of(text: str | None):  # type: ignore[no-untyped-def]
    import datetime as dt

    from kh06_desktop.domain.formats import DateError, parse_date

    if not text:
        return None
    try:
        day = parse_date(text)
    except (DateError, ValueError) as exc:
        fail(f"--as-of: ngày không hợp lệ «{text}» ({exc})")
    if day is None:
        fail(f"--as-of: ngày không hợp lệ «{text}»")
    if day > dt.date.today():
        fail(f"--as-of: ngày {text} ở tương lai")
    return day


def print_update(plan, missing: str, out=None) -> None:  # type: ignore[no-untyped-def]
    """The update's report: new / changed (field by field) / unchanged / absent / errors."""
    out = out or sys.stdout
    sheet = plan.sheet
    print(f"Tệp: {sheet.file_name} (trang «{sheet.sheet_name}», dòng tiêu đề {sheet.header_row})", file=out)
    for note in sheet.notes:
        print(f"Ghi chú: {note}", file=out)
    absent_word = "sẽ ghi là đã thôi" if missing == "left" else "giữ nguyên"
    print(f"Số dòng đoàn viên: {_n(sheet.total_rows)}; mới: {_n(len(plan.new))}; thay đổi: {_n(len(plan.changed))}; "
          f"không đổi: {_n(len(plan.unchanged))}; không có trong tệp: {_n(len(plan.absent))} ({absent_word}); "
          f"dòng lỗi: {_n(len(plan.error_rows))}", file=out)
    if plan.new:
        print("MỚI:", file=out)
        for row in plan.new[:MAX_LISTED]:
            print(f"  Dòng {row.row} | {row.name}" + (f" | {row.group_name}" if row.group_name else ""), file=out)
        if len(plan.new) > MAX_LISTED:
            print(f"  … và {_n(len(plan.new) - MAX_LISTED)} người khác", file=out)
    if plan.changed:
        print("THAY ĐỔI (cũ → mới):", file=out)
        for change in plan.changed[:MAX_LISTED]:
            fields = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in change.changes)
            print(f"  Dòng {change.row} | {change.name} (khớp theo {change.matched_by}) | {fields}", file=out)
        if len(plan.changed) > MAX_LISTED:
            print(f"  … và {_n(len(plan.changed) - MAX_LISTED)} người khác", file=out)
    if plan.absent:
        print(f"KHÔNG CÓ TRONG TỆP ({absent_word}):", file=out)
        for absent in plan.absent[:MAX_LISTED]:
            print(f"  {absent.name}" + (f" | {absent.group_name}" if absent.group_name else ""), file=out)
        if len(plan.absent) > MAX_LISTED:
            print(f"  … và {_n(len(plan.absent) - MAX_LISTED)} người khác", file=out)
    for title, issues in (("LỖI (phải sửa trong tệp rồi làm lại):", plan.errors),
                          ("CẢNH BÁO (vẫn cập nhật được, cần kiểm tra lại):", plan.warnings)):
        if issues:
            print(title, file=out)
            for issue in issues[:MAX_LISTED]:
                print(_issue_line(issue), file=out)
            if len(issues) > MAX_LISTED:
                print(f"  … và {_n(len(issues) - MAX_LISTED)} mục khác", file=out)
    if plan.new_groups:
        print(f"Tổ công đoàn mới sẽ được tạo ({len(plan.new_groups)}): " + ", ".join(plan.new_groups), file=out)
    if plan.groups_not_followed:
        print(f"Ghi chú: {_n(plan.groups_not_followed)} người có tổ công đoàn trong tệp khác với danh sách; tổ được "
              "giữ nguyên theo --keep-groups", file=out)
    if plan.positions_not_followed:
        print(f"Ghi chú: {_n(plan.positions_not_followed)} người có chức vụ công đoàn trong tệp khác với danh sách; "
              "chức vụ được giữ nguyên theo --keep-positions", file=out)


def run_update(args: argparse.Namespace, prefetch: _Prefetch) -> int:
    from kh06_desktop.cli import keep_until_exit
    from kh06_desktop.exchange.member_sheet import SheetError
    from kh06_desktop.services.members.member_update import commit_update, prepare_update

    as_of = _as_of(args.as_of)
    db = open_db(args, create=False, before_migrating=prefetch.verdict)
    try:
        unit = require_local_unit(db)
        try:
            plan = prepare_update(db, unit.id, Path(args.file), follow_groups=not args.keep_groups,
                                  follow_positions=not args.keep_positions, missing=args.missing,
                                  workbook=prefetch.result())
        except SheetError as exc:
            fail(f"Không dùng được tệp: {exc}", EXIT_UNUSABLE)
        prefetch.verdict()  # read and checked; from here on the command speaks and writes
        print_update(plan, args.missing)
        warn_other_union(plan.sheet.other_union, unit.name)
        if not plan.ok:
            fail(f"Tệp có {_n(len(plan.error_rows))} dòng lỗi: chưa cập nhật gì.", EXIT_REJECTED)
        if args.dry_run:
            print("Chạy thử: chưa ghi gì vào dữ liệu.")
            return EXIT_OK
        if not plan.new and not plan.changed and not (plan.absent and args.missing == "left"):
            print("Danh sách đã khớp với tệp: không có gì cần cập nhật.")
            return EXIT_OK
        result = commit_update(db, unit.id, plan, missing=args.missing, as_of=as_of)
        keep_until_exit(prefetch, plan)  # the process ends without freeing them one by one
    finally:
        db.close()
    text = (f"Đã cập nhật danh sách «{unit.name}»: thêm {_n(result.added)} đoàn viên mới, sửa {_n(result.changed)} "
            f"người, ghi {_n(result.marked_left)} người đã thôi")
    if result.groups_created:
        text += f"; tạo {len(result.groups_created)} tổ công đoàn mới"
    print(text + ".")
    return EXIT_OK


def warn_other_union(line: str | None, unit_name: str) -> None:
    """The sheet's title names another union: a warning on stderr (the window asks instead)."""
    if line:
        print(f"Cảnh báo: tiêu đề của tệp ghi «{line}», có vẻ là danh sách của công đoàn khác, không phải "
              f"«{unit_name}». Hãy kiểm tra lại tệp (có thể hoàn tác bằng «kh06 undo-import»).", file=sys.stderr)


def run_undo(args: argparse.Namespace) -> int:
    from kh06_desktop.services.protect.import_undo import undo_last_import, undo_state

    db = open_db(args, create=False)
    try:
        require_local_unit(db)
        state = undo_state(db)
        if not state.possible:
            fail(state.reason, EXIT_UNUSABLE)
        result = undo_last_import(db)
    finally:
        db.close()
    print(f"Đã hoàn tác lần nhập gần nhất ({result.summary}): dữ liệu trở lại như trước khi nhập "
          f"(trạng thái vừa rồi được lưu ở {result.safety_copy.name}).")
    return EXIT_OK
