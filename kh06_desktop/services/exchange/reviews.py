"""Reviews (DESIGN 6.4): the upper level's answer to a unit's submission, and the unit taking it in.

Upper level: `save_review` records «Chấp nhận» or «Cần điều chỉnh» for the unit's current
submission of a period, with comments per indicator and per named record; `export_review` writes
it as a `.kh06r` file signed with the upper level's key; `review_states` gives each unit's state
for the consolidated table (not reviewed / accepted / to be corrected / corrected, the last when a
newer revision arrived after «Cần điều chỉnh»).

Unit: `import_review` takes a `.kh06r` in. It pins the upper level's key on the first review (trust
on first use, like the upper level pins a unit's key) and refuses, writing nothing, a review for
another unit, for a revision or file the unit never exported, or signed by another key.
`start_correction` opens the period for the next revision; `period_status` is `kh06 status`.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kh06_desktop.domain.formats import format_date, group_thousands
from kh06_desktop.domain.indicators import IDS
from kh06_desktop.domain.periods import Period, PeriodError
from kh06_desktop.domain.vntext import fold, nfc
from kh06_desktop.exchange.datafile_checks import FileRefused
from kh06_desktop.exchange.review_file import (
    ACCEPTED,
    NEEDS_CORRECTION,
    RECORD_KINDS,
    STATUS_LABELS,
    RecordComment,
    ReviewContent,
    ReviewFile,
    ReviewTarget,
    clean_text,
    read_review_file,
    write_review_file,
)
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.errors import Conflict, InvalidInput, NotFound, ServiceError
from kh06_desktop.services.common.settings import MODE_UPPER, get_setting
from kh06_desktop.services.common.signing import fingerprint, private_key
from kh06_desktop.services.periods.periods import bounds_in
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import (
    Activity,
    ExportRecord,
    HardshipCase,
    Member,
    ReportingPeriod,
    Review,
    Setting,
    StudySession,
    Submission,
    Training,
    Unit,
)

# The consolidated table's review states.
NOT_REVIEWED = "not_reviewed"
CORRECTED = "corrected"
STATE_LABELS = {NOT_REVIEWED: "Chưa xem xét", ACCEPTED: "Chấp nhận", NEEDS_CORRECTION: "Cần điều chỉnh",
                CORRECTED: "Đã điều chỉnh"}

# Unit side: the upper level whose key was pinned by the first review taken in.
PINNED_KEY = "review_upper_key"
PINNED_CODE = "review_upper_code"
PINNED_NAME = "review_upper_name"


class ReviewRefused(ServiceError):
    """A review file the unit does not take in; nothing was written."""


@dataclass(frozen=True, slots=True)
class ReviewDraft:
    status: str
    comment: str | None = None
    indicator_comments: Mapping[str, str] | None = None
    record_comments: Sequence[RecordComment] = ()
    reviewer_name: str | None = None
    reviewer_title: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewInfo:
    id: int
    unit_code: str
    unit_name: str
    period: str
    revision: int
    file_sha256: str
    content: ReviewContent
    received: bool
    upper_name: str | None
    upper_key_fingerprint: str | None
    created_at: dt.datetime

    @property
    def status(self) -> str:
        return self.content.status

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.content.status]

    def to_json_dict(self) -> dict[str, Any]:
        return {"status": self.status, "revision": self.revision, "file_sha256": self.file_sha256,
                "upper_name": self.upper_name, "upper_key_fingerprint": self.upper_key_fingerprint,
                **{k: v for k, v in self.content.to_json_dict().items() if k != "status"}}


@dataclass(frozen=True, slots=True)
class ReviewState:
    """A unit's review state in the upper level's consolidated table."""

    state: str
    review: ReviewInfo | None

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def _code_key(code: str) -> str:
    return unicodedata.normalize("NFKC", code).strip().upper()


def _period(code: str) -> Period:
    try:
        return Period.parse(code)
    except PeriodError as exc:
        raise InvalidInput(str(exc), [("period", str(exc))]) from None


def _info(review: Review, unit: Unit) -> ReviewInfo:
    indicator = json.loads(review.indicator_comments_json or "{}")
    records = tuple(RecordComment(c["kind"], c["name"], c["text"])
                    for c in json.loads(review.record_comments_json or "[]"))
    content = ReviewContent(review.status, review.comment, indicator, records, review.reviewer_name,
                            review.reviewer_title, review.review_date)
    return ReviewInfo(review.id, unit.code, unit.name, review.period, review.revision, review.file_sha256, content,
                      review.received, review.upper_name, fingerprint(review.upper_key) if review.upper_key else None,
                      review.created_at)


def _latest(session: Session, unit_id: int, period: str, received: bool) -> Review | None:
    return session.scalars(select(Review).where(Review.unit_id == unit_id, Review.period == period,
                                                Review.received.is_(received))
                           .order_by(Review.created_at.desc(), Review.id.desc())).first()


# --- upper level ------------------------------------------------------------------------------

def _require_upper(db: Database) -> None:
    if get_setting(db, "mode") != MODE_UPPER:
        raise Conflict("Chỉ công đoàn cấp trên mới xem xét và phản hồi tệp của đơn vị")


def _unit_by_code(session: Session, code: str) -> Unit:
    key = _code_key(code)
    for unit in session.scalars(select(Unit).where(Unit.is_local.is_(False))):
        if _code_key(unit.code) == key:
            return unit
    raise NotFound(f"Chưa nhận tệp nào của đơn vị «{clean_text(code) or code}»")


def _current_submission(session: Session, unit: Unit, period: str) -> Submission:
    submission = session.scalars(select(Submission).where(
        Submission.unit_id == unit.id, Submission.period == period, Submission.current.is_(True),
        Submission.withdrawn_at.is_(None))
                                 .order_by(Submission.revision.desc())).first()
    if submission is None:
        raise NotFound(f"Đơn vị {unit.code} chưa có tệp kỳ {Period.parse(period).label.lower()} để xem xét")
    return submission


def _known_names(session: Session, unit: Unit, kind: str) -> set[str]:
    if kind == "member":
        rows = session.scalars(select(Member.full_name).where(Member.unit_id == unit.id))
    elif kind == "training":
        rows = session.scalars(select(Training.title).where(Training.unit_id == unit.id))
    elif kind == "study_session":
        rows = session.scalars(select(StudySession.topic).where(StudySession.unit_id == unit.id))
    elif kind == "hardship_case":
        rows = session.scalars(select(Member.full_name).join(HardshipCase, HardshipCase.member_id == Member.id)
                               .where(HardshipCase.unit_id == unit.id))
    else:
        rows = session.scalars(select(Activity.text).where(Activity.unit_id == unit.id))
    return {fold(name) for name in rows if name}


def _checked_draft(session: Session, unit: Unit, draft: ReviewDraft) -> tuple[dict[str, str], list[RecordComment]]:
    issues: list[tuple[str, str]] = []
    if draft.status not in STATUS_LABELS:
        issues.append(("status", "Kết quả xem xét phải là «Chấp nhận» hoặc «Cần điều chỉnh»"))
    indicator: dict[str, str] = {}
    for key, value in (draft.indicator_comments or {}).items():
        text = clean_text(nfc(value))
        if key not in IDS:
            issues.append(("indicator_comments", f"Không có chỉ tiêu «{key}» (các chỉ tiêu: {', '.join(IDS)})"))
        elif text:
            indicator[key] = text[:2000]
    records: list[RecordComment] = []
    known: dict[str, set[str]] = {}
    for comment in draft.record_comments:
        name, text = clean_text(nfc(comment.name)), clean_text(nfc(comment.text))
        if comment.kind not in RECORD_KINDS:
            issues.append(("record_comments", f"Không có loại hồ sơ «{comment.kind}»"))
            continue
        if not name or not text:
            continue
        names = known.setdefault(comment.kind, _known_names(session, unit, comment.kind))
        if fold(name) not in names:
            issues.append(("record_comments", f"Tệp của đơn vị không có {RECORD_KINDS[comment.kind].lower()} «{name}»"))
            continue
        records.append(RecordComment(comment.kind, name[:255], text[:2000]))
    if len(records) > 500:
        issues.append(("record_comments", "Tối đa 500 ý kiến về hồ sơ trong một phiếu"))
    if draft.status == NEEDS_CORRECTION and not (clean_text(draft.comment) or indicator or records):
        issues.append(("comment", "«Cần điều chỉnh» cần ít nhất một ý kiến để đơn vị biết phải sửa gì"))
    if issues:
        raise InvalidInput(issues[0][1], issues)
    return indicator, records


def save_review(db: Database, unit_code: str, period: str, draft: ReviewDraft,
                today: dt.date | None = None) -> ReviewInfo:
    """Record the upper level's review of a unit's current submission for `period`."""
    _require_upper(db)
    code = _period(period).code
    with db.transaction() as session:
        unit = _unit_by_code(session, unit_code)
        submission = _current_submission(session, unit, code)
        indicator, records = _checked_draft(session, unit, draft)
        review = Review(unit_id=unit.id, period=code, revision=submission.revision, file_sha256=submission.sha256,
                        status=draft.status, comment=(clean_text(nfc(draft.comment)) or None),
                        indicator_comments_json=json.dumps(indicator, ensure_ascii=False),
                        record_comments_json=json.dumps([{"kind": r.kind, "name": r.name, "text": r.text}
                                                         for r in records], ensure_ascii=False),
                        reviewer_name=clean_text(nfc(draft.reviewer_name)),
                        reviewer_title=clean_text(nfc(draft.reviewer_title)),
                        review_date=today or dt.date.today(), received=False)
        session.add(review)
        session.flush()
        audit.record(session, "review", "review", review.id, unit_id=unit.id,
                     new={"period": code, "revision": submission.revision, "status": draft.status,
                          "comment": review.comment},
                     summary=f"Xem xét tệp của {unit.code} kỳ {code} (lần {submission.revision}): "
                             f"{STATUS_LABELS[draft.status]}")
        return _info(review, unit)


def latest_review(db: Database, unit_code: str, period: str) -> ReviewInfo | None:
    """The upper level's latest review of a unit for `period`, if any."""
    code = _period(period).code
    with db.reading() as session:
        unit = _unit_by_code(session, unit_code)
        review = _latest(session, unit.id, code, received=False)
        return _info(review, unit) if review else None


def review_states(db: Database, period: str) -> dict[str, ReviewState]:
    """Each unit's review state for `period`, by unit code."""
    code = _period(period).code
    states: dict[str, ReviewState] = {}
    with db.reading() as session:
        current = {s.unit_id: s.revision for s in session.scalars(
            select(Submission).where(Submission.period == code, Submission.current.is_(True)))}
        reviews = session.scalars(select(Review).where(Review.period == code, Review.received.is_(False))
                                  .order_by(Review.created_at, Review.id)).all()
        latest: dict[int, Review] = {r.unit_id: r for r in reviews}
        units = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(set(current) | set(latest))))}
        for unit_id, unit in units.items():
            review = latest.get(unit_id)
            revision = current.get(unit_id)
            if review is None:
                state = NOT_REVIEWED
            elif revision is not None and revision > review.revision:
                state = CORRECTED if review.status == NEEDS_CORRECTION else NOT_REVIEWED
            else:
                state = review.status
            states[unit.code] = ReviewState(state, _info(review, unit) if review else None)
    return states


def export_review(db: Database, unit_code: str, period: str, out: str | Path) -> Path:
    """Write the latest review of a unit for `period` as a signed `.kh06r` file."""
    _require_upper(db)
    code = _period(period).code
    upper_code, upper_name = get_setting(db, "upper_code"), get_setting(db, "upper_name")
    if not upper_code or not upper_name:
        raise Conflict("Chưa có tên và mã của công đoàn cấp trên: hãy nhập ở trang «Đơn vị» trước khi gửi phản hồi")
    with db.reading() as session:
        unit = _unit_by_code(session, unit_code)
        review = _latest(session, unit.id, code, received=False)
        if review is None:
            raise NotFound(f"Chưa xem xét tệp của {unit.code} kỳ {Period.parse(code).label.lower()}")
        info = _info(review, unit)
    target = ReviewTarget(upper_code, upper_name, info.unit_code, code, info.revision, info.file_sha256)
    try:
        path, sha256 = write_review_file(out, target, info.content, private_key(db))
    except OSError as exc:
        raise ServiceError(f"Không ghi được phiếu phản hồi {Path(out).name}: {exc.strerror or exc}") from None
    with db.transaction() as session:
        audit.record(session, "export_review", "review", info.id, unit_id=None,
                     new={"unit_code": info.unit_code, "period": code, "revision": info.revision,
                          "file_name": path.name, "sha256": sha256},
                     summary=f"Xuất phiếu phản hồi cho {info.unit_code} kỳ {code} (lần {info.revision})")
    return path


# --- unit -------------------------------------------------------------------------------------

def _setting(session: Session, key: str) -> str | None:
    return session.scalar(select(Setting.value).where(Setting.key == key))


def _put_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def _local_unit(session: Session) -> Unit:
    unit = session.scalars(select(Unit).where(Unit.is_local.is_(True))).first()
    if unit is None:
        raise Conflict("Cơ sở dữ liệu chưa có đơn vị: hãy thiết lập đơn vị trước")
    return unit


def _check_review_for_us(session: Session, unit: Unit, review: ReviewFile) -> None:
    target = review.target
    if _code_key(target.unit_code) != _code_key(unit.code):
        raise ReviewRefused(f"Phiếu phản hồi này gửi cho đơn vị «{target.unit_code}», không phải «{unit.code}»: "
                            "không nhận")
    try:
        period = Period.parse(target.period)
    except PeriodError:
        raise ReviewRefused(f"Phiếu phản hồi ghi kỳ «{target.period}» không hợp lệ") from None
    sent = session.scalars(select(ExportRecord).where(
        ExportRecord.unit_id == unit.id, ExportRecord.period == period.code,
        ExportRecord.revision == target.revision, ExportRecord.sha256 == target.file_sha256)).first()
    if sent is None:
        raise ReviewRefused(f"Đơn vị chưa từng gửi tệp kỳ {period.label.lower()} lần {target.revision} mà phiếu "
                            "phản hồi này nói tới (mã kiểm tra không khớp với tệp nào đã xuất): không nhận")
    pinned = _setting(session, PINNED_KEY)
    if pinned and pinned != review.signing_key:
        name = _setting(session, PINNED_NAME) or "công đoàn cấp trên"
        raise ReviewRefused(f"Phiếu phản hồi được ký bằng khóa {fingerprint(review.signing_key)}, khác khóa của "
                            f"{name} đã ghi nhận ({fingerprint(pinned)}): không nhận. Nếu cấp trên đã đổi máy, "
                            "hãy liên hệ cấp trên để xác nhận")


def import_review(db: Database, path: str | Path | bytes, name: str | None = None) -> ReviewInfo:
    """Take in a `.kh06r` file; raise ReviewRefused (nothing written) when it is not for us."""
    try:
        review = read_review_file(path, name)
    except FileRefused as exc:
        raise ReviewRefused(str(exc)) from None
    target, content = review.target, review.content
    with db.transaction() as session:
        unit = _local_unit(session)
        _check_review_for_us(session, unit, review)
        existing = session.scalars(select(Review).where(Review.unit_id == unit.id, Review.received.is_(True),
                                                        Review.review_sha256 == review.sha256)).first()
        if existing is not None:  # the same file taken in twice: nothing new
            return _info(existing, unit)
        if not _setting(session, PINNED_KEY):
            _put_setting(session, PINNED_KEY, review.signing_key)
            _put_setting(session, PINNED_CODE, target.upper_code)
            _put_setting(session, PINNED_NAME, target.upper_name)
            audit.record(session, "pin_key", "setting", None, unit_id=unit.id,
                         new={"upper_code": target.upper_code, "upper_name": target.upper_name,
                              "fingerprint": fingerprint(review.signing_key)},
                         summary=f"Ghi nhận khóa của {target.upper_name} ({fingerprint(review.signing_key)})")
        row = Review(unit_id=unit.id, period=Period.parse(target.period).code, revision=target.revision,
                     file_sha256=target.file_sha256, status=content.status, comment=content.comment,
                     indicator_comments_json=json.dumps(content.indicator_comments, ensure_ascii=False),
                     record_comments_json=json.dumps([{"kind": r.kind, "name": r.name, "text": r.text}
                                                      for r in content.record_comments], ensure_ascii=False),
                     reviewer_name=content.reviewer_name, reviewer_title=content.reviewer_title,
                     review_date=content.date, received=True, upper_code=target.upper_code,
                     upper_name=target.upper_name, upper_key=review.signing_key, review_sha256=review.sha256)
        session.add(row)
        session.flush()
        audit.record(session, "import_review", "review", row.id, unit_id=unit.id,
                     new={"period": row.period, "revision": row.revision, "status": row.status,
                          "upper_name": target.upper_name, "file_name": review.name[:255]},
                     summary=f"Nhận phiếu phản hồi kỳ {row.period} (lần {row.revision}): {content.status_label}")
        return _info(row, unit)


def received_review(db: Database, unit_id: int, period: str) -> ReviewInfo | None:
    """The latest review taken in for `period` (unit side)."""
    code = _period(period).code
    with db.reading() as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị")
        review = _latest(session, unit_id, code, received=True)
        return _info(review, unit) if review else None


@dataclass(frozen=True, slots=True)
class ExportInfo:
    revision: int
    file_name: str
    sha256: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class PeriodStatus:
    """`kh06 status`: where a unit's period stands."""

    unit_code: str
    period: str
    label: str
    closed: bool
    revision: int
    last_export: ExportInfo | None
    review: ReviewInfo | None

    @property
    def review_is_current(self) -> bool:
        """The review answers the revision the unit has now (not one it has since corrected)."""
        return self.review is not None and self.review.revision == self.revision

    @property
    def correction_started(self) -> bool:
        review = self.review
        return review is not None and review.status == NEEDS_CORRECTION and self.revision > review.revision

    def lines(self) -> list[str]:
        """The status in Vietnamese, one line each (the CLI and the exchange page)."""
        state = "đã chốt số liệu" if self.closed else "đang mở"
        out = [f"Đơn vị {self.unit_code} — {self.label}: {state}, lần sửa đổi {self.revision}"]
        if self.last_export is None:
            out.append("Chưa xuất tệp dữ liệu kỳ này")
        else:
            e = self.last_export
            out.append(f"Đã xuất tệp lần {e.revision} lúc {e.at:%H:%M} ngày {format_date(e.at.date())} "
                       f"({e.file_name}, mã kiểm tra {e.sha256[:12]})")
        if self.review is None:
            out.append("Chưa nhận phiếu phản hồi của cấp trên")
            return out
        r = self.review
        by = f" của {r.upper_name}" if r.upper_name else ""
        out.append(f"Phản hồi{by} về lần {r.revision} ngày {format_date(r.content.date)}: {r.status_label}")
        if r.content.comment:
            out.append(f"Ý kiến chung: {r.content.comment}")
        for key in IDS:
            if key in r.content.indicator_comments:
                out.append(f"Chỉ tiêu {key}: {r.content.indicator_comments[key]}")
        for comment in r.content.record_comments:
            out.append(f"{comment.label}: {comment.text}")
        if r.content.reviewer_name:
            out.append(f"Người xem xét: {r.content.reviewer_name}"
                       + (f", {r.content.reviewer_title}" if r.content.reviewer_title else ""))
        if self.correction_started:
            out.append(f"Đang điều chỉnh: lần {self.revision} sẽ được gửi lại cho cấp trên")
        return out

    def to_json_dict(self) -> dict[str, Any]:
        export = None if self.last_export is None else {
            "revision": self.last_export.revision, "file_name": self.last_export.file_name,
            "sha256": self.last_export.sha256, "at": self.last_export.at.isoformat()}
        return {"unit_code": self.unit_code, "period": self.period, "state": "closed" if self.closed else "open",
                "revision": self.revision, "exported": export,
                "reviewed": None if self.review is None else self.review.to_json_dict()}


def period_status(db: Database, unit_id: int, period: str) -> PeriodStatus:
    from kh06_desktop.services.periods.period_close import get_period_state

    code = _period(period).code
    state = get_period_state(db, unit_id, code)
    with db.reading() as session:
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị")
        export = session.scalars(select(ExportRecord).where(ExportRecord.unit_id == unit_id,
                                                            ExportRecord.period == code)
                                 .order_by(ExportRecord.created_at.desc(), ExportRecord.id.desc())).first()
        review = _latest(session, unit_id, code, received=True)
        return PeriodStatus(unit.code, code, state.label, state.closed, state.revision,
                            None if export is None else ExportInfo(export.revision, export.file_name, export.sha256,
                                                                   export.created_at),
                            _info(review, unit) if review else None)


def start_correction(db: Database, unit_id: int, period: str) -> int:
    """After «Cần điều chỉnh»: open the period for its next revision and return that revision.

    A closed period is reopened (a new revision, as `reopen_period`); an open one whose revision
    was the one reviewed moves to the next revision, so the corrected file supersedes it."""
    from kh06_desktop.services.periods.period_close import reopen_period

    code = _period(period).code
    with db.reading() as session:
        review = _latest(session, unit_id, code, received=True)
        row = session.scalars(select(ReportingPeriod).where(ReportingPeriod.unit_id == unit_id,
                                                            ReportingPeriod.code == code)).first()
        closed, revision = (row.closed, row.revision) if row else (False, 1)
    if review is None or review.status != NEEDS_CORRECTION:
        raise Conflict("Cấp trên chưa yêu cầu điều chỉnh số liệu kỳ này")
    if revision > review.revision:
        return revision  # already correcting
    if closed:
        return reopen_period(db, unit_id, code, confirmed=True).revision
    with db.transaction() as session:
        row = session.scalars(select(ReportingPeriod).where(ReportingPeriod.unit_id == unit_id,
                                                            ReportingPeriod.code == code)).first()
        if row is None:  # a period exported without ever being closed or described
            row = ReportingPeriod(unit_id=unit_id, code=code, end_date=bounds_in(session, code, unit_id)[1],
                                  revision=1, closed=False)
            session.add(row)
            session.flush()
        row.revision += 1
        audit.record(session, "reopen", "reporting_period", row.id, unit_id=unit_id,
                     old={"revision": row.revision - 1}, new={"revision": row.revision},
                     summary=f"Điều chỉnh kỳ {row.code} theo phản hồi của cấp trên: lần {row.revision}")
        return row.revision


@dataclass(frozen=True, slots=True)
class UnitReviewRow:
    """One unit in the upper level's `kh06 status`: its current submission and review state."""

    unit_code: str
    unit_name: str
    revision: int | None  # None: its submission was withdrawn
    file_sha256: str | None
    received_at: dt.datetime | None
    state: ReviewState

    def to_json_dict(self) -> dict[str, Any]:
        return {"unit_code": self.unit_code, "unit_name": self.unit_name, "revision": self.revision,
                "file_sha256": self.file_sha256,
                "received_at": None if self.received_at is None else self.received_at.isoformat(),
                "review_state": self.state.state,
                "reviewed": None if self.state.review is None else self.state.review.to_json_dict()}


@dataclass(frozen=True, slots=True)
class UpperPeriodStatus:
    """`kh06 status` at the upper level: each unit's submission and review state for a period."""

    upper_code: str
    period: str
    label: str
    units: tuple[UnitReviewRow, ...]

    def lines(self) -> list[str]:
        in_use = sum(1 for row in self.units if row.revision is not None)
        out = [f"Cấp trên {self.upper_code} — {self.label}: {group_thousands(in_use)} đơn vị có tệp đang dùng"]
        for row in self.units:
            sent = (f"lần {row.revision}, nhận lúc {row.received_at:%H:%M} ngày {format_date(row.received_at.date())}"
                    if row.revision is not None and row.received_at is not None else "tệp đã rút")
            out.append(f"{row.unit_code} ({row.unit_name}): {sent} — {row.state.label}")
            review = row.state.review
            if review is not None and review.content.comment:
                out.append(f"  Ý kiến chung: {review.content.comment}")
        return out

    def to_json_dict(self) -> dict[str, Any]:
        return {"upper_code": self.upper_code, "period": self.period,
                "units": [row.to_json_dict() for row in self.units]}


def upper_period_status(db: Database, period: str) -> UpperPeriodStatus:
    """The upper level's view of a period: each unit that sent a file, its current revision and review state."""
    _require_upper(db)
    parsed = _period(period)
    states = review_states(db, parsed.code)
    with db.reading() as session:
        current = {s.unit_id: s for s in session.scalars(
            select(Submission).where(Submission.period == parsed.code, Submission.current.is_(True)))}
        codes = set(states)
        units = session.scalars(select(Unit).where(or_(Unit.id.in_(set(current)), Unit.code.in_(codes)))
                                .order_by(Unit.code)).all()
        rows = []
        for unit in units:
            sub = current.get(unit.id)
            rows.append(UnitReviewRow(unit.code, unit.name, sub.revision if sub else None,
                                      sub.sha256 if sub else None, sub.received_at if sub else None,
                                      states.get(unit.code, ReviewState(NOT_REVIEWED, None))))
    return UpperPeriodStatus(get_setting(db, "upper_code") or "", parsed.code, parsed.label, tuple(rows))
