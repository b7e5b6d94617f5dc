"""The six indicators recomputed from a data file's rows (DESIGN 6.3: "the upper level never
trusts the indicators a file claims").

`recompute(data)` applies the same rules as services/indicators (docs/indicators.md) to the rows
of `data.json` (dates already parsed into `datetime.date` by exchange.datafile_checks), as of the
file's `period.end_date`, over [`period.start_date`, `period.end_date`]. For a closed period the
unit exports the rows of its closing snapshot, so this recomputes the frozen figures.
`check_claimed_figures(data)` raises ValueError naming the indicator and both values when what
the file claims differs from the recomputation (numerator, denominator, percent, target, met,
missing, as-of day or the workforce period used).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kh06_desktop.domain.committee_rules import women_committee_eligibility
from kh06_desktop.domain.enums import Gender, MemberStatus, Role
from kh06_desktop.domain.indicators import IDS, TARGETS, IndicatorReport, make_indicator, women_committee_fraction
from kh06_desktop.domain.periods import Period, choose_workforce_period

BCH = {role.value for role in Role if role.is_bch}
LEADS = {role.value for role in Role if role.is_group_lead}


def _active_on(member: dict[str, Any], day: dt.date) -> bool:
    joined = member.get("join_date")
    if joined is not None and joined > day:
        return False
    if member.get("status") == MemberStatus.ACTIVE.value:
        return True
    gone = member.get("status_date")
    return gone is not None and gone > day


def _held_on(position: dict[str, Any], day: dt.date) -> bool:
    start, end = position.get("start_date"), position.get("end_date")
    return (start is None or start <= day) and (end is None or end >= day)


def recompute(data: dict[str, Any]) -> IndicatorReport:
    period = Period.parse(data["period"]["code"])
    start: dt.date = data["period"]["start_date"]
    end: dt.date = data["period"]["end_date"]
    active = {m["ref"]: m for m in data["members"] if _active_on(m, end)}
    female = sum(1 for m in active.values() if m.get("gender") == Gender.FEMALE.value)

    workforce_rows = {w["period"]: w for w in data["workforce"]}
    chosen = choose_workforce_period(workforce_rows, period)
    workforce = workforce_rows.get(chosen) if chosen is not None else None
    total = int(workforce["total_workers"]) if workforce else 0
    eligible = int(workforce["eligible_workers"]) if workforce else 0

    in_window = [s for s in data["study_sessions"] if start <= s["date"] <= end]
    studied = len({ref for s in in_window for ref in s["attendees"]})
    non_members = sum(int(s.get("non_member_count") or 0) for s in in_window)

    open_cases = [c for c in data["hardship_cases"]
                  if c["opened_on"] <= end and (c.get("closed_on") is None or c["closed_on"] >= start)]
    supported = sum(1 for c in open_cases if any(v["date"] <= end for v in c["support"]))

    trained = {ref for t in data["trainings"] if t["start_date"] <= end for ref in t["attendees"]}

    def counts(roles: set[str]) -> tuple[int, int]:
        holders = {p["member_ref"] for p in data["positions"]
                   if p["role"] in roles and _held_on(p, end) and p["member_ref"] in active}
        return len(holders & trained), len(holders)

    bch_done, bch = counts(BCH)
    lead_done, leads = counts(LEADS)

    committee = data.get("women_committee")
    if committee is None:
        eligible_5, established = women_committee_eligibility(female).eligible, False
    else:
        eligible_5 = women_committee_eligibility(female, committee.get("eligible_override"),
                                                 committee.get("override_reason")).eligible
        decided = committee.get("decision_date")
        established = bool(committee.get("established")) and (decided is None or decided <= end)
    women_n, women_d = women_committee_fraction(eligible_5, established)

    return IndicatorReport(data["unit"]["code"], period.code, end, (
        make_indicator("1", len(active), eligible),
        make_indicator("2", studied + non_members, total),
        make_indicator("3", supported, len(open_cases)),
        make_indicator("4a", bch_done, bch),
        make_indicator("4b", lead_done, leads),
        make_indicator("5", women_n, women_d),
    ), chosen)


def _shown(item: dict[str, Any]) -> str:
    return f"{item.get('numerator')}/{item.get('denominator')}"


def check_claimed_figures(data: dict[str, Any]) -> IndicatorReport:
    """The recomputed report, or ValueError (Vietnamese, one line) at the first difference."""
    report = recompute(data)
    claimed = data["indicators"]
    as_of = claimed.get("as_of")
    if str(as_of) != report.as_of.isoformat():
        raise ValueError(f"Các chỉ tiêu trong tệp tính đến ngày {as_of}, khác ngày kết thúc kỳ "
                         f"{report.as_of.isoformat()} của tệp: không nhận")
    if "workforce_period" in claimed and claimed["workforce_period"] != report.workforce_period:
        raise ValueError(f"Tệp ghi số liệu lao động lấy theo kỳ {claimed['workforce_period']}, tính lại từ tệp là "
                         f"kỳ {report.workforce_period}: không nhận")
    by_id = {item.get("id"): item for item in claimed["indicators"]}
    for indicator_id in IDS:
        mine = report.get(indicator_id)
        theirs = by_id.get(indicator_id, {})
        if (theirs.get("numerator"), theirs.get("denominator")) != (mine.numerator, mine.denominator):
            raise ValueError(f"Chỉ tiêu {indicator_id}: tệp ghi {_shown(theirs)} nhưng tính lại từ dữ liệu trong tệp "
                             f"được {mine.numerator}/{mine.denominator}: tệp không khớp, không nhận")
        target = theirs.get("target")
        if not isinstance(target, (int, float)) or isinstance(target, bool) or float(target) != TARGETS[indicator_id]:
            raise ValueError(f"Chỉ tiêu {indicator_id}: tệp ghi mục tiêu {target}, mục tiêu đúng là "
                             f"{TARGETS[indicator_id]:g} %: không nhận")
        if theirs.get("met") is not mine.met or theirs.get("missing") != mine.missing:
            raise ValueError(f"Chỉ tiêu {indicator_id}: tệp ghi đánh giá {theirs.get('met')}, còn thiếu "
                             f"{theirs.get('missing')}; tính lại được {mine.met}, còn thiếu {mine.missing}: không nhận")
        percent = theirs.get("percent")
        if (percent is None) != (mine.percent is None) or (
                percent is not None and mine.percent is not None and abs(float(percent) - mine.percent) > 0.005):
            raise ValueError(f"Chỉ tiêu {indicator_id}: tệp ghi tỷ lệ {percent}, tính lại được {mine.percent}: "
                             "không nhận")
    return report
