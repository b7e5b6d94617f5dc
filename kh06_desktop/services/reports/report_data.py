"""Data for the printed reports, gathered into frozen dataclasses, and the record of each print.

The reports (kh06_desktop.reports) never query: they turn one of these dataclasses into a PDF.

The digest that ties a paper to its data is defined canonically: the SHA-256 of the report's
figures dataclass serialised as JSON with sorted keys, no spaces, non-ASCII kept as UTF-8 and
dates as ISO strings (`canonical_digest`). The figures exclude what is typed for the paper only
(number, date, signer, proposals), so the same data state gives the same digest however often
it is printed, and a data file export can carry the same value by calling
`period_data_digest(db, unit_id, period)`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import distinct, func, insert, select
from sqlalchemy.orm import Session

from kh06_desktop.domain.enums import Gender
from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.domain.periods import Period, choose_workforce_period
from kh06_desktop.domain.solution_groups import SOLUTION_GROUPS
from kh06_desktop.services.common import audit
from kh06_desktop.services.common.asof import BCH_ROLES, GROUP_LEAD_ROLES, member_active_on, position_held_on
from kh06_desktop.services.common.errors import NotFound
from kh06_desktop.services.common.signing import database_public_key, fingerprint
from kh06_desktop.services.indicators.indicators import compute_indicators
from kh06_desktop.services.periods.period_close import PeriodState, period_state_in
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import (
    Activity,
    AuditEntry,
    ExportRecord,
    Member,
    Position,
    PrintedReport,
    StudyAttendee,
    StudySession,
    Training,
    TrainingAttendee,
    UnionGroup,
    Unit,
    WorkforceSnapshot,
)

BLANK_NUMBER = "\u00a0" * 8  # marks "no number": the PDF leaves a measured blank for the number written by hand
KINDS = ("period", "roster", "training", "study", "hardship")
KIND_LABELS = {
    "period": "Báo cáo kết quả thực hiện Kế hoạch 06",
    "roster": "Danh sách đoàn viên",
    "training": "Danh sách tham dự tập huấn",
    "study": "Danh sách tham dự học tập, quán triệt",
    "hardship": "Danh sách thăm hỏi, hỗ trợ",
}


# --- What every printed document carries --------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """The official parts of a document: issuing body, number, place and date, signer."""

    upper_union: str
    unit_name: str
    unit_code: str
    number: str  # "Số: 15/BC-CĐCS" without the "Số: " prefix
    place: str
    date: dt.date
    signer_name: str
    signer_title: str  # "Chủ tịch"
    signer_capacity: str = "TM. BAN CHẤP HÀNH"
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the QR code and the printed digest identify."""

    unit_code: str
    period: str
    revision: int
    digest: str  # full SHA-256 hex
    # The unit's signing key fingerprint and the SHA-256 of the data file exported for this
    # period and revision (the latest, when there is one), so the signed paper vouches for the
    # file: the upper level's consolidation page shows both for comparison (DESIGN 6.3).
    key_fingerprint: str = ""
    file_digest: str = ""

    @property
    def short(self) -> str:
        return self.digest[:12]

    @property
    def qr_payload(self) -> str:
        payload = f"KH06|{self.unit_code}|{self.period}|r{self.revision}|sha256:{self.digest}"
        if self.key_fingerprint:
            payload += f"|key:{self.key_fingerprint.replace(' ', '')}"
        if self.file_digest:
            payload += f"|file:{self.file_digest}"
        return payload


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def canonical_json(value: Any) -> bytes:
    return json.dumps(_jsonable(value), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def canonical_digest(value: Any) -> str:
    """SHA-256 (hex) of a dataclass (or plain data) serialised canonically."""
    return hashlib.sha256(canonical_json(value)).hexdigest()


# --- Shared look-ups ------------------------------------------------------------------------


def unit_row(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị")
    return unit


def default_place(address: str | None) -> str:
    """The place of the date line: the last part of the address ("…, Đông Anh, Hà Nội" → "Hà Nội")."""
    parts = [p.strip() for p in (address or "").split(",") if p.strip()]
    place = parts[-1] if parts else "Hà Nội"
    for prefix in ("Thành phố ", "TP. ", "TP ", "Tỉnh "):
        if place.startswith(prefix) and len(place) > len(prefix):
            place = place[len(prefix):]
    return place


@dataclass(frozen=True, slots=True)
class DocumentRequest:
    """Optional values the officer types; missing ones come from the period, then the unit."""

    number: str | None = None
    date: dt.date | None = None
    place: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    recipients: tuple[str, ...] | None = None


def format_number(raw: str | None, symbol: str) -> str | None:
    """The document number as NĐ 30 writes it: "5" → "05/BC-CĐCS", "15" → "15/BC-CĐCS",
    "5/BC-CĐCS" → "05/BC-CĐCS" (a leading zero below 10; the symbol added when missing).
    None or blank: None (the report leaves a blank for the number written by hand)."""
    text = (raw or "").strip()
    if not text:
        return None
    head, sep, tail = text.partition("/")
    head = head.strip()
    if head.isdigit():
        head = f"{int(head):02d}"
    if not sep:
        return f"{head}/{symbol}" if head.isdigit() and symbol else head
    return f"{head}/{tail.strip()}"


def document_info(session: Session, unit: Unit, state: PeriodState, request: DocumentRequest,
                  default_number: str, today: dt.date | None = None) -> DocumentInfo:
    upper = unit.upper_union or ""
    recipients = request.recipients if request.recipients is not None else (
        (f"{upper} (để báo cáo);" if upper else "Công đoàn cấp trên (để báo cáo);"),
        "Chuyên môn đồng cấp (để phối hợp);",
        "Lưu: VT, BCH.",
    )
    return DocumentInfo(
        upper_union=upper,
        unit_name=unit.name,
        unit_code=unit.code,
        number=format_number(request.number or state.report_number, default_number.split("/", 1)[-1])
        or default_number,
        place=request.place or default_place(unit.address),
        date=request.date or state.report_date or today or dt.date.today(),
        signer_name=request.signer_name or state.signer_name or unit.chair_name or "",
        signer_title=request.signer_title or state.signer_title or unit.chair_title or "Chủ tịch",
        recipients=tuple(recipients),
    )


# --- The period report ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Situation:
    """Part I: the unit at the period end."""

    total_workers: int | None
    female_workers: int | None
    eligible_workers: int | None
    workforce_period: str | None  # the period the HR figures were entered for
    members: int
    female_members: int
    admitted_in_period: int
    groups: int
    bch_members: int
    group_leads: int


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    id: str
    title: str
    numerator: int
    denominator: int
    percent: float | None
    target: float | None
    met: bool
    missing: int


@dataclass(frozen=True, slots=True)
class ActivityLine:
    date: dt.date | None
    text: str


@dataclass(frozen=True, slots=True)
class GroupResults:
    number: int
    title: str
    lines: tuple[ActivityLine, ...]


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """The data the period report is made from; its canonical digest is the report's digest."""

    unit_code: str
    period: str
    revision: int
    start_date: dt.date
    as_of: dt.date
    situation: Situation
    indicators: tuple[IndicatorLine, ...]
    results: tuple[GroupResults, ...]


@dataclass(frozen=True, slots=True)
class GapLine:
    name: str
    group: str
    detail: str


@dataclass(frozen=True, slots=True)
class GapSection:
    """The annex part of one indicator: who (or what) is still missing."""

    id: str
    title: str
    missing: int
    lines: tuple[GapLine, ...]


@dataclass(frozen=True, slots=True)
class PeriodReportData:
    doc: DocumentInfo
    period_label: str
    closed: bool
    figures: PeriodFigures
    proposals: str
    stamp: Stamp
    assessment: str = ""  # part IV: overall assessment and next period's direction
    gaps: tuple[GapSection, ...] = ()  # the annex, when asked for
    period_end: dt.date | None = None  # set when the period has not ended on the document's date


def _count(session: Session, query: Any) -> int:
    return int(session.scalar(query) or 0)


def situation(session: Session, unit_id: int, period: str, start: dt.date, as_of: dt.date) -> Situation:
    active = member_active_on(as_of)
    members = _count(session, select(func.count()).select_from(Member).where(Member.unit_id == unit_id, active))
    female = _count(session, select(func.count()).select_from(Member).where(
        Member.unit_id == unit_id, active, Member.gender == Gender.FEMALE.value))
    admitted = _count(session, select(func.count()).select_from(Member).where(
        Member.unit_id == unit_id, active, Member.join_date >= start, Member.join_date <= as_of))
    groups = _count(session, select(func.count()).select_from(UnionGroup).where(UnionGroup.unit_id == unit_id))

    def holders(roles: tuple[str, ...]) -> int:
        return _count(session, select(func.count(distinct(Position.member_id))).join(
            Member, Member.id == Position.member_id).where(
            Member.unit_id == unit_id, active, position_held_on(as_of), Position.role.in_(roles)))

    snapshots = session.execute(select(WorkforceSnapshot.period, WorkforceSnapshot.total_workers,
                                       WorkforceSnapshot.female_workers, WorkforceSnapshot.eligible_workers)
                                .where(WorkforceSnapshot.unit_id == unit_id)).all()
    code = choose_workforce_period([s[0] for s in snapshots], Period.parse(period))
    chosen = next((s for s in snapshots if s[0] == code), None)
    return Situation(
        total_workers=chosen[1] if chosen else None, female_workers=chosen[2] if chosen else None,
        eligible_workers=chosen[3] if chosen else None, workforce_period=chosen[0] if chosen else None,
        members=members, female_members=female, admitted_in_period=admitted, groups=groups,
        bch_members=holders(BCH_ROLES), group_leads=holders(GROUP_LEAD_ROLES))


def indicator_lines(db: Database, unit_id: int, period: str) -> tuple[dt.date | None, tuple[IndicatorLine, ...]]:
    """The six indicators exactly as `kh06 indicators` computes them."""
    report = compute_indicators(db, unit_id, period)
    lines = tuple(
        IndicatorLine(id=str(i.id), title=str(i.title), numerator=int(i.numerator), denominator=int(i.denominator),
                      percent=None if i.percent is None else float(i.percent),
                      target=None if i.target is None else float(i.target), met=bool(i.met),
                      missing=int(i.missing or 0))
        for i in report.indicators)
    as_of = report.as_of if isinstance(report.as_of, dt.date) else dt.date.fromisoformat(str(report.as_of))
    return as_of, lines


def _solution_groups() -> list[tuple[int, str]]:
    return [(g.number, g.text) for g in SOLUTION_GROUPS]


def results_by_group(session: Session, unit_id: int, start: dt.date, as_of: dt.date) -> tuple[GroupResults, ...]:
    """Part III: recorded activities of the window, plus what the records themselves show."""
    rows = session.execute(select(Activity.solution_group, Activity.date, Activity.text).where(
        Activity.unit_id == unit_id, Activity.date >= start, Activity.date <= as_of)
        .order_by(Activity.solution_group, Activity.date, Activity.id)).all()
    by_group: dict[int, list[ActivityLine]] = {}
    for number, day, text in rows:
        by_group.setdefault(int(number), []).append(ActivityLine(day, text))
    # Study sessions are group 1's core work, union-work trainings group 3's: say so from the records.
    studies = session.execute(select(func.count(distinct(StudySession.id)), func.count(StudyAttendee.member_id),
                                     ).select_from(StudySession).outerjoin(
        StudyAttendee, StudyAttendee.session_id == StudySession.id).where(
        StudySession.unit_id == unit_id, StudySession.date >= start, StudySession.date <= as_of)).one()
    non_members = _count(session, select(func.sum(StudySession.non_member_count)).where(
        StudySession.unit_id == unit_id, StudySession.date >= start, StudySession.date <= as_of))
    if studies[0]:
        by_group.setdefault(1, []).insert(0, ActivityLine(None, (
            f"Tổ chức {group_thousands(studies[0])} buổi học tập, quán triệt, tiếp nhận thông tin với "
            f"{group_thousands(studies[1] + non_members)} lượt người tham dự ({group_thousands(studies[1])} lượt "
            f"đoàn viên, {group_thousands(non_members)} lượt người lao động chưa là đoàn viên).")))
    trainings = session.execute(select(func.count(distinct(Training.id)), func.count(TrainingAttendee.member_id))
                                .select_from(Training).outerjoin(
        TrainingAttendee, TrainingAttendee.training_id == Training.id).where(
        Training.unit_id == unit_id, Training.start_date >= start, Training.start_date <= as_of)).one()
    if trainings[0]:
        by_group.setdefault(3, []).insert(0, ActivityLine(None, (
            f"Tổ chức, cử cán bộ tham dự {group_thousands(trainings[0])} lớp tập huấn nghiệp vụ công tác công "
            f"đoàn với {group_thousands(trainings[1])} lượt cán bộ công đoàn tham dự.")))
    return tuple(GroupResults(number, title, tuple(by_group.get(number, ()))) for number, title in _solution_groups())


def figures_in(session: Session, unit_id: int, period: str, start: dt.date, as_of: dt.date) -> dict[str, Any]:
    """Parts I and III of the report as JSON, for a closed period's snapshot."""
    return {"situation": dataclasses.asdict(situation(session, unit_id, period, start, as_of)),
            "results": [{"number": g.number, "title": g.title,
                         "lines": [[_iso(line.date), line.text] for line in g.lines]}
                        for g in results_by_group(session, unit_id, start, as_of)]}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _frozen_parts(stored: dict[str, Any]) -> tuple[Situation, tuple[GroupResults, ...]]:
    results = tuple(GroupResults(int(g["number"]), str(g["title"]), tuple(
        ActivityLine(dt.date.fromisoformat(day) if day else None, str(text)) for day, text in g["lines"]))
        for g in stored["results"])
    return Situation(**stored["situation"]), results


def period_figures(db: Database, unit_id: int, period: str) -> tuple[PeriodState, PeriodFigures]:
    """The report's figures; a closed period's come from its closing snapshot."""
    from kh06_desktop.services.periods.snapshots import snapshot_in

    as_of_ind, indicators = indicator_lines(db, unit_id, period)
    with db.reading() as session:
        unit = unit_row(session, unit_id)
        state = period_state_in(session, unit_id, period)
        as_of = as_of_ind or state.end_date
        frozen = snapshot_in(session, unit_id, state.code)
        if frozen is not None and "report_figures" in frozen:
            parts, results = _frozen_parts(frozen["report_figures"])
        else:
            parts = situation(session, unit_id, state.code, state.start_date, as_of)
            results = results_by_group(session, unit_id, state.start_date, as_of)
        figures = PeriodFigures(
            unit_code=unit.code, period=state.code, revision=state.revision, start_date=state.start_date,
            as_of=as_of, situation=parts, indicators=indicators, results=results)
    return state, figures


# Audit actions that change no figure: written after an export, they leave its file current.
_NOT_DATA = ("export", "print", "import_review", "export_review", "review", "pin_key")


def exported_file_digest(db: Database, unit_id: int, period: str, revision: int, closed: bool = True) -> str:
    """SHA-256 of the latest data file exported for the period and revision ('' when none). For an
    open period, '' too when data was written after that export: the file no longer holds the figures
    the report prints, and the paper must not vouch for it."""
    with db.reading() as session:
        export = session.execute(select(ExportRecord.id, ExportRecord.sha256).where(
            ExportRecord.unit_id == unit_id, ExportRecord.period == period, ExportRecord.revision == revision)
            .order_by(ExportRecord.created_at.desc(), ExportRecord.id.desc()).limit(1)).first()
        if export is None:
            return ""
        if not closed:
            exported_at = session.scalar(select(func.max(AuditEntry.id)).where(
                AuditEntry.action == "export", AuditEntry.entity == "export_record",
                AuditEntry.entity_id == export.id))
            if exported_at is None or session.scalar(select(AuditEntry.id).where(
                    AuditEntry.id > exported_at, AuditEntry.action.not_in(_NOT_DATA)).limit(1)) is not None:
                return ""
        return str(export.sha256)


def period_data_digest(db: Database, unit_id: int, period: str) -> str:
    """The digest a period report of the current data prints (for a data file's manifest)."""
    return canonical_digest(period_figures(db, unit_id, period)[1])


# What the unit does next about an indicator it has not met (part IV of the period report).
_DIRECTIONS = {
    "1": "đẩy mạnh tuyên truyền, vận động, kết nạp người lao động đủ điều kiện vào Công đoàn",
    "2": "tổ chức thêm các buổi học tập, quán triệt để người lao động chưa tham gia được tham gia",
    "3": "thăm hỏi, hỗ trợ kịp thời các trường hợp đoàn viên có hoàn cảnh khó khăn chưa được hỗ trợ",
    "4a": "cử ủy viên Ban Chấp hành chưa được tập huấn tham dự lớp tập huấn nghiệp vụ công tác công đoàn",
    "4b": "tập huấn nghiệp vụ cho tổ trưởng, tổ phó công đoàn chưa được tập huấn",
    "5": "thành lập Ban nữ công quần chúng theo Điều lệ Công đoàn Việt Nam",
}


def default_assessment(figures: PeriodFigures) -> str:
    """Part IV written from the figures and the activities: which indicators are met, what is still
    needed (in the dashboard's words: "cần thêm N để đạt mục tiêu"), and the next period's direction.
    The officer edits it before printing; the edited text is kept with the period."""
    from kh06_desktop.domain.indicators import needed_for_target

    applicable = [i for i in figures.indicators if i.denominator]
    met = [i for i in applicable if i.met]
    unmet = [i for i in applicable if not i.met]
    parts = [f"Trong kỳ, đơn vị đạt {group_thousands(len(met))}/{group_thousands(len(applicable))} chỉ tiêu "
             "có số liệu của Kế hoạch 06."]
    if unmet:
        gaps = []
        for line in unmet:
            needed = needed_for_target(line.numerator, line.denominator, float(line.target or 100))
            title = line.title[:1].lower() + line.title[1:]
            gaps.append(f"chỉ tiêu {line.id} ({title}) cần thêm {group_thousands(needed)} để đạt mục tiêu")
        parts.append("Còn " + "; ".join(gaps) + ".")
    active = [g for g in figures.results if g.lines]
    idle = [str(g.number) for g in figures.results if not g.lines]
    activities = sum(len(g.lines) for g in figures.results)
    parts.append(f"Đã ghi nhận {group_thousands(activities)} hoạt động thuộc {group_thousands(len(active))}/"
                 f"{group_thousands(len(figures.results))} nhóm giải pháp"
                 + (f"; các nhóm giải pháp {', '.join(idle)} chưa có hoạt động." if idle else "."))
    first = " ".join(parts)
    if unmet:
        direction = ("Phương hướng kỳ tới: " + "; ".join(_DIRECTIONS[i.id] for i in unmet if i.id in _DIRECTIONS)
                     + "; tiếp tục duy trì các chỉ tiêu đã đạt.")
    else:
        direction = "Phương hướng kỳ tới: tiếp tục duy trì và nâng cao kết quả các chỉ tiêu đã đạt."
    if idle:
        direction = direction[:-1] + f"; triển khai hoạt động thuộc các nhóm giải pháp {', '.join(idle)}."
    return f"{first}\n{direction}"


def gap_sections(db: Database, unit_id: int, figures: PeriodFigures) -> tuple[GapSection, ...]:
    """The missing people (cases) of every indicator not fully reached, as gap lists."""
    from kh06_desktop.services.indicators.indicators import gap_list

    out = []
    for line in figures.indicators:
        if not line.denominator or not line.missing:
            continue
        items = gap_list(db, unit_id, figures.period, line.id)
        out.append(GapSection(line.id, line.title, line.missing,
                              tuple(GapLine(i.name, i.group_name, i.detail) for i in items)))
    return tuple(out)


def period_report_data(db: Database, unit_id: int, period: str, request: DocumentRequest | None = None,
                       proposals: str | None = None, today: dt.date | None = None, *,
                       assessment: str | None = None, with_gaps: bool = False) -> PeriodReportData:
    request = request or DocumentRequest()
    state, figures = period_figures(db, unit_id, period)
    with db.reading() as session:
        unit = unit_row(session, unit_id)
        doc = document_info(session, unit, state, request, f"{BLANK_NUMBER}/BC-CĐCS", today)
    stamp = Stamp(figures.unit_code, figures.period, figures.revision, canonical_digest(figures),
                  fingerprint(database_public_key(db)), exported_file_digest(db, unit_id, figures.period,
                                                                            figures.revision, state.closed))
    text = proposals if proposals is not None else (state.proposals or "")
    judged = assessment if assessment is not None and assessment.strip() else (
        state.assessment or default_assessment(figures))
    gaps = gap_sections(db, unit_id, figures) if with_gaps else ()
    not_ended = state.end_date if doc.date < state.end_date else None
    return PeriodReportData(doc, Period.parse(state.code).label, state.closed, figures, text.strip(), stamp,
                            judged.strip(), gaps, not_ended)


# --- The record of what was printed ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PrintedRecord:
    id: int
    period: str
    kind: str
    revision: int
    number: str | None
    digest: str
    created_at: dt.datetime


def record_printed(db: Database, unit_id: int, kind: str, stamp: Stamp, number: str | None) -> int:
    """Remember that a report was produced: which revision of the period and which data."""
    with db.transaction() as session:
        values = {"unit_id": unit_id, "period": stamp.period, "kind": kind, "revision": stamp.revision,
                  "number": number, "digest": stamp.digest,
                  "created_at": dt.datetime.now().replace(microsecond=0)}
        new_id = session.execute(insert(PrintedReport).values(**values).returning(PrintedReport.id)).scalar_one()
        audit.record(session, "print", "printed_report", new_id, unit_id=unit_id,
                     new={k: values[k] for k in ("period", "kind", "revision", "number", "digest")},
                     summary=f"In {KIND_LABELS.get(kind, kind).lower()} kỳ {stamp.period}, lần {stamp.revision}")
        return int(new_id)


def list_printed(db: Database, unit_id: int, period: str | None = None) -> list[PrintedRecord]:
    query = select(PrintedReport).where(PrintedReport.unit_id == unit_id)
    if period:
        query = query.where(PrintedReport.period == period)
    with db.reading() as session:
        rows = session.scalars(query.order_by(PrintedReport.id.desc())).all()
        return [PrintedRecord(r.id, r.period, r.kind, r.revision, r.number, r.digest, r.created_at) for r in rows]
