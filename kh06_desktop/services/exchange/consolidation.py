"""Upper level: importing a batch of unit data files (`kh06 consolidate`, the Consolidation page).

Each file ends as one of:
- accepted: a unit and period not received before;
- replaced: a newer revision of a unit and period already received; the older submission stays
  in the `submission` table as history (current = False);
- refused, with the reason: the reader's checks (zip, paths, sizes, digests, schema, version),
  then the checks that need the database or the batch:
  * unit registry rule: a unit code already known here (registered beforehand or received
    earlier) must come with the same unit name (compared ignoring case, marks and spacing);
    the code of this database's own unit is never accepted;
  * the same unit and period twice in one batch: every such file is refused (the officer
    picks the right one and imports it again);
  * an older or equal revision than the one already received: refused as superseded;
  * key pinning (trust on first use, DESIGN 6.3 "Authenticity"): the first file accepted from a
    unit code pins the public key that signed it; a later file signed by another key is refused,
    naming both fingerprints, unless the officer accepts the new key for that unit
    (`accept_new_keys`: the window's confirmation, `kh06 consolidate --accept-new-key CODE`),
    which replaces the pinned key and is audited.
The reader (exchange.datafile_reader) has already verified the signature and recomputed every
indicator from the file's rows, refusing a file whose claimed figures differ.

Every file is all or nothing; all accepted files are written in one transaction (cancelling
leaves the database as it was). The unit's rows (members, positions, trainings…) hold the data
of the latest period received from it, and are replaced with Core bulk inserts; the indicators
the unit computed are kept with each submission. The consolidated view and totals are in
services/consolidated_view.py (re-exported here).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from sqlalchemy import insert, select, tuple_, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kh06_desktop.domain.enums import Sector
from kh06_desktop.domain.periods import Period, PeriodError
from kh06_desktop.domain.vntext import fold, nfc
from kh06_desktop.exchange.datafile_reader import DataFile
from kh06_desktop.exchange.hygiene import HygieneError, normalise_unit_code, printable
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import Conflict, InvalidInput
from kh06_desktop.services.common.settings import MODE_UPPER, get_setting
from kh06_desktop.services.common.signing import ensure_key_in, fingerprint
from kh06_desktop.services.exchange.consolidated_view import (  # re-exported: see __all__
    ConsolidatedTotals,
    DuplicatePerson,
    SectorTotals,
    UnitIndicators,
    consolidated_indicators,
    consolidated_totals,
    consolidated_units,
    duplicate_people,
    filter_units,
)
from kh06_desktop.services.exchange.consolidation_read import Source, name_of, read_all
from kh06_desktop.services.exchange.consolidation_store import (
    IdAllocator,
    Rows,
    delete_unit_rows,
    insert_rows,
    put_periods,
    retire_submissions,
    submission_row,
    sync_sequences,
    unit_rows,
    unit_values,
)
from kh06_desktop.services.unit.units import unit_code_key
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Setting, Submission, Unit

__all__ = [
    "ACCEPTED", "REFUSED", "REPLACED", "STATUS_LABELS", "ConsolidationResult", "FileOutcome", "HistoryRow",
    "ProgressSink", "WithdrawResult", "consolidate_files", "is_upper_database", "prepare_upper_database",
    "register_unit", "submission_history", "unit_key_fingerprints", "withdraw_submission",
    # from consolidated_view, for the CLI and UI
    "ConsolidatedTotals", "DuplicatePerson", "SectorTotals", "UnitIndicators", "consolidated_indicators",
    "consolidated_totals", "consolidated_units", "duplicate_people", "filter_units",
]

ACCEPTED, REPLACED, REFUSED = "accepted", "replaced", "refused"
STATUS_LABELS = {ACCEPTED: "Đã nhận", REPLACED: "Đã nhận, thay bản cũ", REFUSED: "Từ chối"}


class ProgressSink(Protocol):
    def report(self, done: int, total: int, text: str = "") -> None: ...

    def check(self) -> None: ...


@dataclass(frozen=True, slots=True)
class FileOutcome:
    name: str
    status: str  # accepted / replaced / refused
    reason: str = ""  # why refused, or which revision it replaced
    unit_code: str | None = None
    unit_name: str | None = None
    period: str | None = None
    revision: int | None = None
    key_changed: bool = False  # refused only because another key signed it (the officer may accept it)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True, slots=True)
class ConsolidationResult:
    outcomes: tuple[FileOutcome, ...]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        """0 all accepted, 1 some refused, 2 none accepted (DESIGN 6.1)."""
        refused = self.count(REFUSED)
        if refused == 0 and self.outcomes:
            return 0
        return 2 if refused == len(self.outcomes) else 1


def _refused(file: DataFile | None, name: str, reason: str) -> FileOutcome:
    if file is None:
        return FileOutcome(name, REFUSED, reason)
    return FileOutcome(file.name, REFUSED, reason, file.unit_code, file.unit_name, file.period, file.revision)


def prepare_upper_database(db: Database) -> None:
    """Make `db` an upper-level database: refused for a unit's own database; a new or empty one
    is switched to upper mode."""
    with db.transaction() as session:
        local = session.scalars(select(Unit).where(Unit.is_local.is_(True))).first()
        if local is not None:
            raise Conflict(f"Cơ sở dữ liệu này là của công đoàn cơ sở {local.name}; hãy tổng hợp vào một cơ sở "
                           "dữ liệu cấp trên (tệp mới hoặc tệp đã dùng để tổng hợp)")
        ensure_key_in(session)
        mode = session.get(Setting, "mode")
        if mode is None:
            session.add(Setting(key="mode", value=MODE_UPPER))
        elif mode.value != MODE_UPPER:
            mode.value = MODE_UPPER


def register_unit(db: Database, code: str, name: str, sector: Sector) -> int:
    """Register a unit at the upper level before its first file arrives; its files must then
    carry the same name. Returns the unit id."""
    prepare_upper_database(db)
    code, name = nfc(code), nfc(name)
    if not code or not name:
        raise InvalidInput("Chưa nhập mã hoặc tên đơn vị")
    try:
        code = normalise_unit_code(code)  # as every file's code is (DESIGN 6.3)
    except HygieneError as exc:
        raise InvalidInput(str(exc)) from None
    with db.transaction() as session:
        if session.scalars(select(Unit).where(Unit.code == code)).first() is not None:
            raise Conflict(f"Mã đơn vị {code} đã có")
        unit = Unit(code=code, name=name, sector=Sector(sector).value, is_local=False)
        session.add(unit)
        session.flush()
        audit.record(session, "create", "unit", unit.id, unit_id=unit.id,
                     new={"code": code, "name": name, "sector": unit.sector}, summary="Đăng ký đơn vị cấp dưới")
        sync_sequences(session)
        return unit.id


def is_upper_database(db: Database) -> bool:
    return get_setting(db, "mode") == MODE_UPPER


def _batch_duplicates(files: list[DataFile]) -> dict[int, str]:
    """index → reason, for files that share a unit and period with another file of the batch."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, file in enumerate(files):
        groups[(file.unit_code, file.period)].append(index)
    reasons: dict[int, str] = {}
    for (code, period), indexes in groups.items():
        if len(indexes) > 1:
            names = ", ".join(f"«{files[i].name}»" for i in indexes)
            for i in indexes:
                reasons[i] = (f"Đơn vị {code} kỳ {period} có nhiều tệp trong cùng một lần nhập ({names}): hãy chỉ "
                              "chọn một tệp đúng rồi nhập lại")
    return reasons


def consolidate_files(db: Database, sources: Sequence[Source], progress: ProgressSink | None = None,
                      accept_new_keys: Iterable[str] = ()) -> ConsolidationResult:
    """Verify and import a batch of unit data files; one outcome per file, in the given order.
    `accept_new_keys`: unit codes whose files may come with a key other than the pinned one."""
    accepting = {unit_code_key(code) for code in accept_new_keys}  # typed codes compared normalised
    prepare_upper_database(db)
    total = len(sources)
    outcomes: list[FileOutcome | None] = [None] * total
    read: list[tuple[int, DataFile]] = []

    def between(done: int) -> None:
        if progress is not None:
            progress.check()
            if done % 20 == 0:
                progress.report(done, total * 2, f"Đang kiểm tra tệp {done + 1}/{total}…")

    between(0)
    for index, (file, reason) in enumerate(read_all(sources, between)):
        if file is None:
            outcomes[index] = _refused(None, name_of(sources[index]), reason)
        else:
            read.append((index, file))
    duplicates = _batch_duplicates([file for _, file in read])
    candidates = []
    for position, (index, file) in enumerate(read):
        if position in duplicates:
            outcomes[index] = _refused(file, file.name, duplicates[position])
        else:
            candidates.append((index, file))
    if progress is not None:
        progress.report(total, total * 2, "Đang ghi dữ liệu…")
    with db.transaction() as session:
        # A first write opens the transaction for real (sqlite3 begins only before a write), so
        # the savepoints below nest inside it instead of committing on release.
        session.execute(update(Setting).where(Setting.key == "mode").values(value=MODE_UPPER))
        decided = _decide(session, candidates, accepting)
        accepted = [(index, file, outcome) for index, file, outcome in decided if outcome.status != REFUSED]
        for index, _file, outcome in decided:
            outcomes[index] = outcome
        if progress is not None:
            progress.check()
        failed = _store(session, accepted)
        for index, reason in failed.items():
            file = next(f for i, f, _ in accepted if i == index)
            outcomes[index] = _refused(file, file.name, reason)
        if progress is not None:
            progress.check()  # a cancel here still rolls everything back
    if progress is not None:
        progress.report(total * 2, total * 2, "Xong")
    return ConsolidationResult(tuple(o for o in outcomes if o is not None))


def _decide(session: Session, candidates: list[tuple[int, DataFile]],
            accepting: set[str] | None = None) -> list[tuple[int, DataFile, FileOutcome]]:
    codes = sorted({file.unit_code for _, file in candidates})
    units: dict[str, Unit] = {}
    for chunk in _chunks(codes, 500):
        units.update({u.code: u for u in session.scalars(select(Unit).where(Unit.code.in_(chunk)))})
    current: dict[tuple[int, str], Submission] = {}
    pairs = sorted({(units[f.unit_code].id, f.period) for _, f in candidates if f.unit_code in units})
    for chunk in _chunks(pairs, 400):
        for sub in session.scalars(select(Submission).where(
                Submission.current.is_(True), tuple_(Submission.unit_id, Submission.period).in_(chunk))):
            current[(sub.unit_id, sub.period)] = sub
    out = []
    batch_keys: dict[str, str] = {}
    for index, file in candidates:
        unit = units.get(file.unit_code)
        if unit is not None and unit.is_local:
            out.append((index, file, _refused(file, file.name, f"Mã đơn vị {file.unit_code} là mã của chính cơ sở "
                                                                "dữ liệu này")))
            continue
        if unit is not None and fold(unit.name) != fold(file.unit_name):
            out.append((index, file, _refused(
                file, file.name, f"Mã đơn vị {file.unit_code} đã đăng ký cho «{unit.name}», khác tên trong tệp "
                                 f"«{file.unit_name}»: hãy kiểm tra lại mã đơn vị")))
            continue
        batch_key = batch_keys.setdefault(file.unit_code, file.signing_key)
        if batch_key != file.signing_key:
            out.append((index, file, _refused(
                file, file.name, f"Cùng một lần nhập có tệp của đơn vị {file.unit_code} ký bằng hai khóa khác nhau "
                                 f"({fingerprint(batch_key)} và {fingerprint(file.signing_key)}): không nhận tệp này")))
            continue
        if unit is not None and unit.signing_key and unit.signing_key != file.signing_key \
                and file.unit_code not in (accepting or set()):
            refusal = _refused(
                file, file.name, f"Tệp của đơn vị {file.unit_code} được ký bằng khóa khác (dấu vân tay "
                                 f"{fingerprint(file.signing_key)}) với khóa đã ghi nhận cho đơn vị "
                                 f"({fingerprint(unit.signing_key)}): không nhận. Nếu đơn vị đã đổi máy hoặc cài "
                                 f"lại phần mềm, hãy xác nhận với đơn vị rồi chấp nhận khóa mới "
                                 f"(kh06 consolidate --accept-new-key {file.unit_code})")
            out.append((index, file, replace(refusal, key_changed=True)))
            continue
        previous = current.get((unit.id, file.period)) if unit is not None else None
        if previous is not None and file.revision <= previous.revision:
            if previous.sha256 == file.sha256:
                reason = f"Tệp này đã được nhận trước đây (lần sửa đổi {previous.revision})"
            else:
                reason = (f"Đã có lần sửa đổi {previous.revision} của đơn vị {file.unit_code} kỳ {file.period}; "
                          f"tệp này là lần sửa đổi {file.revision}, cũ hơn hoặc trùng nên không nhận")
            out.append((index, file, _refused(file, file.name, reason)))
            continue
        status, note = ACCEPTED, ""
        if previous is not None:
            status, note = REPLACED, f"Thay lần sửa đổi {previous.revision} nhận ngày " \
                                     f"{previous.received_at:%d/%m/%Y}"
        out.append((index, file, FileOutcome(file.name, status, note, file.unit_code, file.unit_name, file.period,
                                             file.revision)))
    return out


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:  # type: ignore[type-arg]
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _store(session: Session, accepted: list[tuple[int, DataFile, FileOutcome]]) -> dict[int, str]:
    """Write all accepted files at once; if anything goes wrong (the database refuses something the
    checks missed, or a file's content breaks the writing), write them file by file, each in its own
    savepoint, and return index → reason for the files that failed: one bad file never takes the
    good ones of its batch down with it."""
    if not accepted:
        return {}
    try:
        with session.begin_nested():
            _write(session, accepted)
        return {}
    except Exception:  # noqa: BLE001 - whatever it was, the file-by-file pass below names the culprit
        pass
    failed: dict[int, str] = {}
    for item in accepted:
        try:
            with session.begin_nested():
                _write(session, [item])
        except SQLAlchemyError as exc:
            detail = str(getattr(exc, "orig", exc)).splitlines()[0][:160]
            failed[item[0]] = f"Không ghi được dữ liệu của tệp vào cơ sở dữ liệu: {printable(detail)}"
        except Exception as exc:  # noqa: BLE001 - a hostile file must not end the batch
            failed[item[0]] = f"Không ghi được dữ liệu của tệp ({type(exc).__name__}: {printable(str(exc))[:160]})"
    return failed


def _write(session: Session, accepted: list[tuple[int, DataFile, FileOutcome]]) -> None:
    now = dt.datetime.now().replace(microsecond=0)
    ids = IdAllocator(session)
    rows = Rows()
    codes = sorted({file.unit_code for _, file, _ in accepted})
    units: dict[str, Unit] = {}
    for chunk in _chunks(codes, 500):
        units.update({u.code: u for u in session.scalars(select(Unit).where(Unit.code.in_(chunk)))})
    unit_ids: dict[str, int] = {}
    pinned: list[tuple[int, DataFile, str | None]] = []
    for _, file, _ in accepted:
        if file.unit_code in unit_ids:
            continue
        known = units.get(file.unit_code)
        if known is None:
            unit_ids[file.unit_code] = ids.take(Unit)
            rows.units.append({"id": unit_ids[file.unit_code], "code": file.unit_code, "is_local": False,
                               "created_at": now, "signing_key": file.signing_key, "key_pinned_at": now,
                               **unit_values(file)})
            pinned.append((unit_ids[file.unit_code], file, None))
        else:
            unit_ids[file.unit_code] = known.id
            if known.signing_key != file.signing_key:  # first key of a registered unit, or an accepted new one
                pinned.append((known.id, file, known.signing_key))
                known.signing_key = file.signing_key
                known.key_pinned_at = now
    latest = _latest_periods(session, [uid for code, uid in unit_ids.items() if code in units])
    # The unit's rows hold its newest period: the newest file of the batch, unless a newer period
    # was received before.
    newest: dict[str, DataFile] = {}
    for _, file, _ in accepted:
        best = newest.get(file.unit_code)
        if best is None or Period.parse(best.period) < Period.parse(file.period):
            newest[file.unit_code] = file
    replacing = []
    for code, file in newest.items():
        uid = unit_ids[code]
        before = latest.get(uid)
        if before is None or before <= Period.parse(file.period):
            replacing.append((uid, file))
    existing = {u.id for u in units.values()}
    delete_unit_rows(session, [uid for uid, _ in replacing if uid in existing])
    for uid, file in replacing:
        unit_rows(rows, ids, uid, file.data, now)
        if file.unit_code in units:
            for name, value in unit_values(file).items():
                setattr(units[file.unit_code], name, value)
    session.flush()
    insert_rows(session, rows)
    retire_submissions(session, [(unit_ids[f.unit_code], f.period) for _, f, o in accepted if o.status == REPLACED])
    session.execute(insert(Submission), [submission_row(unit_ids[f.unit_code], f, now) for _, f, _ in accepted])
    put_periods(session, [(unit_ids[file.unit_code], file) for _, file, _ in accepted])
    for uid, file, old_key in pinned:
        what = "Ghi nhận khóa ký" if old_key is None else "Chấp nhận khóa ký mới"
        audit.record(session, "pin_key", "unit", uid, unit_id=uid,
                     old=None if old_key is None else {"signing_key": old_key, "fingerprint": fingerprint(old_key)},
                     new={"signing_key": file.signing_key, "fingerprint": fingerprint(file.signing_key)},
                     summary=f"{what} của đơn vị {file.unit_code}: {fingerprint(file.signing_key)}")
    for _, file, outcome in accepted:
        uid = unit_ids[file.unit_code]
        audit.record(session, "import", "submission", None, unit_id=uid,
                     new={"file_name": file.name, "period": file.period, "revision": file.revision,
                          "sha256": file.sha256},
                     summary=f"{outcome.label}: tệp dữ liệu {file.unit_code} kỳ {file.period} "
                             f"(lần sửa đổi {file.revision})")
    sync_sequences(session)


def _latest_periods(session: Session, unit_ids: list[int]) -> dict[int, Period]:
    latest: dict[int, Period] = {}
    for chunk in _chunks(unit_ids, 500):
        for uid, code in session.execute(select(Submission.unit_id, Submission.period).where(
                Submission.unit_id.in_(chunk), Submission.current.is_(True))):
            try:
                period = Period.parse(code)
            except PeriodError:  # a period stored by an older version without the date checks
                continue
            if uid not in latest or latest[uid] < period:
                latest[uid] = period
    return latest


HistoryRow = tuple[str, str, int, str, bool, dt.datetime]


def submission_history(db: Database, unit_code: str | None = None) -> list[HistoryRow]:
    """(unit code, period, revision, file name, current, received at), newest first (a withdrawn
    file is one that is not current and has `withdrawn_at`)."""
    with db.reading() as session:
        query = (select(Unit.code, Submission.period, Submission.revision, Submission.file_name, Submission.current,
                        Submission.received_at).join(Unit, Unit.id == Submission.unit_id)
                 .order_by(Submission.received_at.desc(), Submission.id.desc()))
        if unit_code:
            query = query.where(Unit.code == unit_code_key(unit_code))
        return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


@dataclass(frozen=True, slots=True)
class WithdrawResult:
    unit_code: str
    period: str
    withdrawn_revision: int
    current_revision: int | None  # the earlier revision that is current again, if any


def withdraw_submission(db: Database, unit_code: str, period: str, reason: str,
                        now: dt.datetime | None = None) -> WithdrawResult:
    """Upper level: withdraw a unit's current submission for a period (a file accepted by
    mistake, or one the unit asks to take back). The reason is kept and audited; the latest
    earlier revision not withdrawn becomes current again. The file's rows stay as history."""
    text = nfc(reason or "").strip()
    if not text:
        raise InvalidInput("Cần ghi lý do rút tệp", [("reason", "Chưa ghi lý do")])
    code = Period.parse(period).code
    when = (now or dt.datetime.now()).replace(microsecond=0)
    with db.transaction() as session:
        unit = session.scalars(select(Unit).where(Unit.code == unit_code_key(unit_code))).first()
        if unit is None:
            raise InvalidInput(f"Không có đơn vị mã «{unit_code}»", [("unit", "Không có đơn vị này")])
        current = session.scalars(select(Submission).where(
            Submission.unit_id == unit.id, Submission.period == code, Submission.current.is_(True))).first()
        if current is None:
            raise Conflict(f"Đơn vị {unit.code} không có tệp nào đang dùng cho kỳ {code} để rút")
        current.current = False
        current.withdrawn_at = when
        current.withdrawn_reason = text
        earlier = session.scalars(select(Submission).where(
            Submission.unit_id == unit.id, Submission.period == code, Submission.id != current.id,
            Submission.withdrawn_at.is_(None)).order_by(Submission.revision.desc(), Submission.id.desc())).first()
        if earlier is not None:
            earlier.current = True
        session.flush()
        audit.record(session, "withdraw", "submission", current.id, unit_id=unit.id,
                     old={"period": code, "revision": current.revision, "sha256": current.sha256, "current": True},
                     new={"reason": text, "current_revision": earlier.revision if earlier is not None else None},
                     summary=f"Rút tệp dữ liệu {unit.code} kỳ {code} (lần sửa đổi {current.revision}): {text}"
                             + (f"; lần sửa đổi {earlier.revision} được dùng lại" if earlier is not None else ""))
        return WithdrawResult(unit.code, code, current.revision, earlier.revision if earlier is not None else None)


def unit_key_fingerprints(db: Database) -> dict[str, str]:
    """Unit code → short fingerprint of the pinned key, for the consolidation page."""
    with db.reading() as session:
        return {code: fingerprint(key) for code, key in session.execute(
            select(Unit.code, Unit.signing_key).where(Unit.signing_key.is_not(None))) if key}
