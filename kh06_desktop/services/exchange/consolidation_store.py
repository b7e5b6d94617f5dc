"""Storing accepted data files at the upper level: a unit's rows replaced with Core bulk inserts.

Ids are allocated here (max(id) + n) instead of by the database, so that the rows of every file
in a batch go in with one executemany per table: member refs in a file map to new member ids
without a round trip per row. On PostgreSQL the id sequences are moved past the new ids at the
end (`sync_sequences`), so later ordinary inserts keep working.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, delete, func, insert, select, text, tuple_, update
from sqlalchemy.orm import Session

from kh06_desktop.domain.vntext import default_given_name, fold, name_sort_key
from kh06_desktop.exchange.datafile_reader import DataFile
from kh06_desktop.store.models import (
    Activity,
    Base,
    HardshipCase,
    Member,
    Position,
    ReportingPeriod,
    StudyAttendee,
    StudySession,
    Submission,
    SupportVisit,
    Training,
    TrainingAttendee,
    UnionGroup,
    Unit,
    WomenCommittee,
    WorkforceSnapshot,
)

ID_TABLES = (Unit, UnionGroup, Member, Training, StudySession, HardshipCase)
UNIT_FIELDS = ("name", "sector", "employer", "upper_union", "address", "founding_date", "chair_name", "chair_title")

WITHHELD_REASON = "(không gửi kèm lý do)"  # the unit sent no personal data


class IdAllocator:
    """Next free ids per table, read once per batch."""

    def __init__(self, session: Session) -> None:
        self._next: dict[type[Base], int] = {
            model: (session.scalar(select(func.max(model.id))) or 0) + 1 for model in ID_TABLES}

    def take(self, model: type[Base], count: int = 1) -> int:
        first = self._next[model]
        self._next[model] = first + count
        return first


@dataclass
class Rows:
    """Insert parameters gathered for a batch, one list per table."""

    units: list[dict[str, Any]] = field(default_factory=list)
    tables: dict[type, list[dict[str, Any]]] = field(default_factory=dict)
    # Attendance, the bulk of a batch: (training or session id, its member ids) per event.
    attendance: dict[type, list[tuple[int, list[int]]]] = field(default_factory=dict)

    def add(self, model: type, rows: Iterable[dict[str, Any]]) -> None:
        self.tables.setdefault(model, []).extend(rows)

    def attend(self, model: type, event_id: int, member_ids: list[int]) -> None:
        self.attendance.setdefault(model, []).append((event_id, member_ids))


_NAME_KEYS: dict[tuple[str, str | None], tuple[str, str, str]] = {}


def name_columns(full_name: str, given_name: str | None) -> tuple[str, str, str]:
    """(given name, folded name, sort key); memoised because names repeat a great deal across
    units and the sort key is the costliest part of storing a member."""
    key = (full_name, given_name)
    found = _NAME_KEYS.get(key)
    if found is None:
        given = given_name or default_given_name(full_name)
        found = (given, fold(full_name), name_sort_key(full_name, given))
        if len(_NAME_KEYS) < 500_000:
            _NAME_KEYS[key] = found
    return found


def unit_values(file: DataFile) -> dict[str, Any]:
    unit = file.data["unit"]
    return {name: unit.get(name) for name in UNIT_FIELDS}


def delete_unit_rows(session: Session, unit_ids: list[int]) -> None:
    """Remove everything a unit's previous file brought (not its submissions nor its periods)."""
    if not unit_ids:
        return
    members = select(Member.id).where(Member.unit_id.in_(unit_ids))
    cases = select(HardshipCase.id).where(HardshipCase.unit_id.in_(unit_ids))
    session.execute(delete(TrainingAttendee).where(TrainingAttendee.member_id.in_(members)))
    session.execute(delete(StudyAttendee).where(StudyAttendee.member_id.in_(members)))
    session.execute(delete(SupportVisit).where(SupportVisit.case_id.in_(cases)))
    session.execute(delete(Position).where(Position.member_id.in_(members)))
    for model in (HardshipCase, Training, StudySession, Activity, WomenCommittee, WorkforceSnapshot, Member,
                  UnionGroup):
        session.execute(delete(model).where(model.unit_id.in_(unit_ids)))


def unit_rows(rows: Rows, ids: IdAllocator, unit_id: int, data: dict[str, Any], now: dt.datetime) -> None:
    """Add the insert parameters of one file's data (dates already parsed by the reader)."""
    groups = {g["ref"]: ids.take(UnionGroup) for g in data["groups"]}
    rows.add(UnionGroup, ({"id": groups[g["ref"]], "unit_id": unit_id, "name": g["name"],
                           "name_folded": fold(g["name"])[:120]} for g in data["groups"]))
    first = ids.take(Member, len(data["members"]))
    members = {m["ref"]: first + i for i, m in enumerate(data["members"])}
    member_rows = []
    for m in data["members"]:
        given, folded, key = name_columns(m["full_name"], m.get("given_name"))
        group = m.get("group_ref")
        member_rows.append({
            "id": members[m["ref"]], "unit_id": unit_id, "full_name": m["full_name"], "given_name": given[:80],
            "name_folded": folded[:120], "sort_key": key[:400], "gender": m.get("gender"),
            "birth_date": m.get("birth_date"), "citizen_id": m.get("citizen_id"),
            "card_number": m.get("card_number"), "group_id": groups[group] if group else None,
            "department": m.get("department"), "join_date": m.get("join_date"), "status": m["status"],
            "status_date": m.get("status_date"), "phone": m.get("phone"), "note": m.get("note"),
            "consent_date": m.get("consent_date"), "created_at": now, "updated_at": now})
    rows.add(Member, member_rows)
    rows.add(Position, ({"member_id": members[p["member_ref"]], "role": p["role"], "start_date": p.get("start_date"),
                         "end_date": p.get("end_date"),
                         "group_id": groups[p["group_ref"]] if p.get("group_ref") else None}
                        for p in data["positions"]))
    for t in data["trainings"]:
        tid = ids.take(Training)
        rows.add(Training, [{"id": tid, "unit_id": unit_id, "title": t["title"], "level": t.get("level"),
                             "start_date": t["start_date"], "end_date": t.get("end_date"), "place": t.get("place")}])
        rows.attend(TrainingAttendee, tid, [members[r] for r in t["attendees"]])
    for s in data["study_sessions"]:
        sid = ids.take(StudySession)
        rows.add(StudySession, [{"id": sid, "unit_id": unit_id, "topic": s["topic"], "date": s["date"],
                                 "place": s.get("place"), "non_member_count": s["non_member_count"]}])
        rows.attend(StudyAttendee, sid, [members[r] for r in s["attendees"]])
    for c in data["hardship_cases"]:
        cid = ids.take(HardshipCase)
        member = c.get("member_ref")
        rows.add(HardshipCase, [{"id": cid, "unit_id": unit_id, "member_id": members[member] if member else None,
                                 "reason": c["reason"] or WITHHELD_REASON, "details": None,
                                 "opened_on": c["opened_on"],
                                 "closed_on": c.get("closed_on")}])
        rows.add(SupportVisit, ({"case_id": cid, "date": v["date"], "kind": v["kind"], "value_vnd": v["value_vnd"],
                                 "fund_source": v.get("fund_source")} for v in c["support"]))
    committee = data["women_committee"]
    if committee is not None:
        rows.add(WomenCommittee, [{"unit_id": unit_id, "established": committee["established"],
                                   "decision_number": committee.get("decision_number"),
                                   "decision_date": committee.get("decision_date"),
                                   "eligible_override": committee.get("eligible_override"),
                                   "override_reason": committee.get("override_reason")}])
    # explicit keys: the file's own key order must not reach the positional insert
    rows.add(WorkforceSnapshot, ({"unit_id": unit_id, "period": w["period"], "total_workers": w["total_workers"],
                                  "female_workers": w["female_workers"], "eligible_workers": w["eligible_workers"]}
                                 for w in data["workforce"]))
    rows.add(Activity, ({"unit_id": unit_id, "date": a["date"], "solution_group": a["solution_group"],
                         "text": a["text"]} for a in data["activities"]))


INSERT_ORDER = (UnionGroup, Member, Position, Training, TrainingAttendee, StudySession, StudyAttendee, HardshipCase,
                SupportVisit, WomenCommittee, WorkforceSnapshot, Activity)


ATTENDANCE_COLUMNS = {TrainingAttendee: ("training_id", "member_id"), StudyAttendee: ("session_id", "member_id")}
_LOAD_MIN_ROWS = 10_000  # smaller loads keep their indexes
_BULK_CACHE_KIB = 131072  # SQLite page cache while storing a batch: 128 MiB at most, allocated as used


def insert_rows(session: Session, rows: Rows) -> None:
    """Insert the batch, table by table, inside the session's transaction. SQLAlchemy Core costs
    ~10 µs a row in parameter processing; a batch of 1,000 units has ~900,000 rows (members and
    attendance), so the driver is used directly: sqlite3's executemany with tuples (attendance:
    one statement per event reading its member ids from a JSON array, 3× faster), PostgreSQL's
    COPY. Same connection, same transaction; values are converted the way SQLAlchemy stores them.
    On SQLite the page cache is raised meanwhile: index pages of 200,000 random name keys spill
    out of the default 2 MB and make every insert several times slower."""
    connection = session.connection()
    if rows.units:
        connection.execute(insert(Unit), rows.units)
    dialect = connection.dialect.name
    previous = None
    if dialect == "sqlite":
        previous = int(connection.exec_driver_sql("PRAGMA cache_size").scalar() or 0)
        connection.exec_driver_sql(f"PRAGMA cache_size=-{_BULK_CACHE_KIB}")
    rebuild: list[str] = []
    try:
        if dialect == "sqlite":
            rebuild = _drop_indexes_for_load(connection, rows)
        for model in INSERT_ORDER:
            batch = rows.tables.get(model)
            if model in ATTENDANCE_COLUMNS:
                _insert_attendance(connection, model, rows.attendance.get(model, []))
            elif not batch:
                continue
            elif dialect == "sqlite":
                _sqlite_insert(connection, model, batch)
            elif dialect == "postgresql":
                _copy_insert(connection, model, batch)
            else:
                connection.execute(insert(model), batch)
        for sql in rebuild:
            connection.exec_driver_sql(sql)
    finally:
        if previous is not None:
            connection.exec_driver_sql(f"PRAGMA cache_size={previous}")


def _drop_indexes_for_load(connection: Any, rows: Rows) -> list[str]:
    """SQLite: for each big table that this batch at least doubles (the first consolidation
    into an empty database, typically), drop its non-unique indexes and return their definitions
    to create again after the load: building an index from the finished table costs a fraction
    of keeping it up to date row by row, and the rebuild is bounded by twice the batch. Unique
    indexes stay, so every constraint is still checked on insert. Inside the transaction (and
    its savepoint): a rollback brings the indexes back with everything else."""
    if not connection.connection.driver_connection.in_transaction:
        return []  # sqlite3 would run the DDL outside a transaction, committed on its own
    sizes = {Member: len(rows.tables.get(Member, ())), Position: len(rows.tables.get(Position, ()))}
    for model in ATTENDANCE_COLUMNS:
        sizes[model] = sum(len(members) for _, members in rows.attendance.get(model, ()))
    rebuild: list[str] = []
    for model, size in sizes.items():
        table = model.__tablename__
        if size < _LOAD_MIN_ROWS or connection.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar() > size:
            continue
        for name, sql in connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
                "ORDER BY name", (table,)).all():
            if sql.lstrip().upper().startswith("CREATE UNIQUE"):
                continue
            connection.exec_driver_sql(f'DROP INDEX "{name}"')
            rebuild.append(sql)
    return rebuild


def _insert_attendance(connection: Any, model: Any, events: list[tuple[int, list[int]]]) -> None:
    event_column, member_column = ATTENDANCE_COLUMNS[model]
    if connection.dialect.name != "sqlite":
        batch = [{event_column: event, member_column: member} for event, members in events for member in members]
        if not batch:
            return
        if connection.dialect.name == "postgresql":
            _copy_insert(connection, model, batch)
        else:
            connection.execute(insert(model), batch)
        return
    sql = (f"INSERT INTO {model.__tablename__} ({event_column}, {member_column}) "
           "SELECT ?, value FROM json_each(?)")
    cursor = connection.connection.driver_connection.cursor()
    try:
        for event, members in events:
            if members:
                cursor.execute(sql, (event, json.dumps(members)))
    finally:
        cursor.close()


def _columns(batch: list[dict[str, Any]]) -> list[str]:
    """Column names of a batch; every row dict of a table is built with the same keys in the
    same order (consolidation_store builds them all), so values can be taken positionally."""
    return list(batch[0])


def _sqlite_insert(connection: Any, model: Any, batch: list[dict[str, Any]]) -> None:
    columns = _columns(batch)
    kinds = {c.name: type(c.type) for c in model.__table__.columns}
    dates = [i for i, name in enumerate(columns) if issubclass(kinds[name], Date)]
    stamps = [i for i, name in enumerate(columns) if issubclass(kinds[name], DateTime)]
    flags = [i for i, name in enumerate(columns) if issubclass(kinds[name], Boolean)]
    if not (dates or stamps or flags):
        values: list[Any] = [tuple(row.values()) for row in batch]  # keys in `columns` order
    else:
        text: dict[Any, str] = {}  # the same few dates recur on thousands of rows
        values = []
        for row in batch:
            item = list(row.values())
            for i in dates:
                day = item[i]
                if day is not None:
                    item[i] = text.get(day) or text.setdefault(day, day.isoformat())
            for i in stamps:  # SQLAlchemy's SQLite DATETIME text form
                stamp = item[i]
                if stamp is not None:
                    item[i] = text.get(stamp) or text.setdefault(stamp, stamp.isoformat(" ", "microseconds"))
            for i in flags:
                if item[i] is not None:
                    item[i] = int(item[i])
            values.append(item)
    sql = (f"INSERT INTO {model.__tablename__} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.executemany(sql, values)
    finally:
        cursor.close()


def _copy_insert(connection: Any, model: Any, batch: list[dict[str, Any]]) -> None:
    columns = _columns(batch)
    cursor = connection.connection.driver_connection.cursor()
    try:
        with cursor.copy(f"COPY {model.__tablename__} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row([row[name] for name in columns])
    finally:
        cursor.close()


def put_periods(session: Session, items: list[tuple[int, DataFile]]) -> None:
    """Each unit's reporting period as submitted: closed (its figures are the signed ones), with
    the unit's own end date, so indicators recomputed here use the same day. One delete per
    chunk of units and one executemany for the batch (not two statements a file)."""
    if not items:
        return
    closed_at = dt.datetime.now().replace(microsecond=0)
    pairs = sorted({(unit_id, file.data["period"]["code"]) for unit_id, file in items})
    for start in range(0, len(pairs), 400):
        session.execute(delete(ReportingPeriod).where(
            tuple_(ReportingPeriod.unit_id, ReportingPeriod.code).in_(pairs[start:start + 400])))
    rows = []
    for unit_id, file in items:
        period = file.data["period"]
        rows.append({"unit_id": unit_id, "code": period["code"], "end_date": period["end_date"],
                     "revision": period["revision"], "closed": True, "closed_at": closed_at,
                     "proposals": period.get("proposals"), "report_number": period.get("report_number"),
                     "report_date": period.get("report_date"), "signer_name": period.get("signer_name"),
                     "signer_title": period.get("signer_title")})
    session.execute(insert(ReportingPeriod), rows)


def submission_row(unit_id: int, file: DataFile, now: dt.datetime) -> dict[str, Any]:
    return {"unit_id": unit_id, "period": file.period, "revision": file.revision, "file_name": file.name[:255],
            "sha256": file.sha256, "generated_at": file.generated_at[:40], "received_at": now, "current": True,
            "indicators_json": json.dumps(file.data["indicators"], ensure_ascii=False),
            "signing_key": file.signing_key}


def retire_submissions(session: Session, pairs: list[tuple[int, str]]) -> None:
    """Older submissions of the same unit and period stay as history, no longer current."""
    for unit_id, period in pairs:
        session.execute(update(Submission).where(Submission.unit_id == unit_id, Submission.period == period,
                                                 Submission.current.is_(True)).values(current=False))


def sync_sequences(session: Session) -> None:
    """PostgreSQL: move each serial sequence past the ids allocated here."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in ID_TABLES:
        table = model.__tablename__
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"))
