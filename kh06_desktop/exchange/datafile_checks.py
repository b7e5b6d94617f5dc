"""What a JSON Schema cannot say about a data file: that it names the same unit, period and
revision as its manifest, that every reference (`member_ref`, `group_ref`, attendees) points
at a row of the file, that refs are unique, and that every date exists. Dates are turned into
`datetime.date` in place while checking, so the importer does not parse them twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kh06_desktop.domain.periods import Period, PeriodError
from kh06_desktop.exchange.hygiene import HygieneError, clean_strings, clean_text, normalise_unit_code, printable

PERSONAL_FIELDS = ("birth_date", "citizen_id", "phone", "note")
FIRST_YEAR = 1900  # no date of a union's records is older; none is later than next year


class FileRefused(Exception):
    """The file is not accepted; `reason` says why, in Vietnamese, for the officer."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code  # short English tag for tests and logs: not_zip, unsafe_path, digest, …


def _date(text: str | None, where: str) -> dt.date | None:
    if text is None:
        return None
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise FileRefused(f"data.json có ngày không tồn tại tại {where}: «{printable(text, 20)}»", "schema") from None
    if not FIRST_YEAR <= value.year <= dt.date.today().year + 1:
        raise FileRefused(f"data.json có ngày không hợp lý tại {where}: «{text}» (năm phải từ {FIRST_YEAR} đến "
                          "năm sau)", "schema")
    return value


def _dates(row: dict[str, Any], fields: tuple[str, ...], where: str) -> None:
    for field in fields:
        value = row.get(field)
        if value is not None:
            row[field] = _date(value, f"{where}.{field}")


def _refs(rows: list[dict[str, Any]], section: str) -> set[int]:
    seen: set[int] = set()
    for index, row in enumerate(rows):
        ref = row["ref"]
        if ref in seen:
            raise FileRefused(f"data.json có số tham chiếu trùng tại $.{section}[{index}].ref: {ref}", "schema")
        seen.add(ref)
    return seen


def _points(ref: int | None, known: set[int], where: str, what: str) -> None:
    if ref is not None and ref not in known:
        raise FileRefused(f"data.json tham chiếu tới {what} không có trong tệp tại {where}: {ref}", "schema")


def _attendees(rows: list[dict[str, Any]], section: str, members: set[int]) -> None:
    for index, row in enumerate(rows):
        attendees = row["attendees"]
        if len(set(attendees)) != len(attendees):
            raise FileRefused(f"data.json có người dự trùng lặp tại $.{section}[{index}].attendees", "schema")
        for position, ref in enumerate(attendees):
            _points(ref, members, f"$.{section}[{index}].attendees[{position}]", "đoàn viên")


def check_coherence(manifest: dict[str, Any], data: dict[str, Any]) -> None:
    unit, period = data["unit"], data["period"]
    if unit["code"] != manifest["unit_code"] or unit["name"] != manifest["unit_name"]:
        raise FileRefused("Mã hoặc tên đơn vị trong data.json khác với manifest.json: tệp đã bị sửa", "schema")
    if period["code"] != manifest["period"] or period["revision"] != manifest["revision"]:
        raise FileRefused("Kỳ báo cáo hoặc lần sửa đổi trong data.json khác với manifest.json: tệp đã bị sửa", "schema")
    if data["indicators"]["period"] != period["code"]:
        raise FileRefused("Các chỉ tiêu trong data.json tính cho kỳ khác với kỳ của tệp", "schema")

    _dates(unit, ("founding_date",), "$.unit")
    _dates(period, ("start_date", "end_date", "report_date"), "$.period")
    if period["start_date"] > period["end_date"]:
        raise FileRefused("data.json có ngày bắt đầu kỳ sau ngày kết thúc kỳ tại $.period", "schema")

    groups = _refs(data["groups"], "groups")
    members = _refs(data["members"], "members")
    personal = manifest["personal_data"]
    for index, row in enumerate(data["members"]):
        where = f"$.members[{index}]"
        _points(row.get("group_ref"), groups, f"{where}.group_ref", "tổ công đoàn")
        _dates(row, ("birth_date", "join_date", "status_date", "consent_date"), where)
        if not personal and any(row.get(field) is not None for field in PERSONAL_FIELDS):
            raise FileRefused(f"Tệp ghi là không kèm dữ liệu cá nhân nhưng có dữ liệu cá nhân tại {where}", "schema")
    for index, row in enumerate(data["positions"]):
        where = f"$.positions[{index}]"
        _points(row["member_ref"], members, f"{where}.member_ref", "đoàn viên")
        _points(row.get("group_ref"), groups, f"{where}.group_ref", "tổ công đoàn")
        _dates(row, ("start_date", "end_date"), where)
    _refs(data["trainings"], "trainings")
    _attendees(data["trainings"], "trainings", members)
    for index, row in enumerate(data["trainings"]):
        _dates(row, ("start_date", "end_date"), f"$.trainings[{index}]")
    _refs(data["study_sessions"], "study_sessions")
    _attendees(data["study_sessions"], "study_sessions", members)
    for index, row in enumerate(data["study_sessions"]):
        _dates(row, ("date",), f"$.study_sessions[{index}]")
    _refs(data["hardship_cases"], "hardship_cases")
    for index, row in enumerate(data["hardship_cases"]):
        where = f"$.hardship_cases[{index}]"
        _points(row.get("member_ref"), members, f"{where}.member_ref", "đoàn viên")
        _dates(row, ("opened_on", "closed_on"), where)
        for position, support in enumerate(row["support"]):
            _dates(support, ("date",), f"{where}.support[{position}]")
    if data["women_committee"] is not None:
        _dates(data["women_committee"], ("decision_date",), "$.women_committee")
    for index, row in enumerate(data["activities"]):
        _dates(row, ("date",), f"$.activities[{index}]")
    seen_ids = [item["id"] for item in data["indicators"]["indicators"]]
    if sorted(seen_ids) != sorted(["1", "2", "3", "4a", "4b", "5"]):
        raise FileRefused("data.json phải có đủ sáu chỉ tiêu 1, 2, 3, 4a, 4b, 5 (mỗi chỉ tiêu một lần)", "schema")


def check_hygiene(manifest: dict[str, Any], data: dict[str, Any]) -> None:
    """DESIGN 6.3 "Hygiene", on a file that passed its schema: codes normalised (or refused), text
    without control characters, a real period, a real generation time, personal fields empty
    without personal data, counts that agree. Normalises the file in place."""
    try:
        manifest["unit_code"] = normalise_unit_code(manifest["unit_code"])
        data["unit"]["code"] = normalise_unit_code(data["unit"]["code"])
        if data["indicators"]["unit_code"]:
            data["indicators"]["unit_code"] = normalise_unit_code(data["indicators"]["unit_code"])
    except HygieneError as exc:
        raise FileRefused(str(exc), "unit_code") from None
    manifest["unit_name"] = " ".join(clean_text(manifest["unit_name"]).split())
    clean_strings(data)
    data["unit"]["name"] = " ".join(data["unit"]["name"].split())
    if not manifest["unit_name"] or not data["unit"]["name"]:
        raise FileRefused("Tên đơn vị trong tệp để trống (chỉ có ký tự điều khiển hoặc khoảng trắng)", "schema")
    for where, code in (("manifest.json", manifest["period"]), ("data.json $.period.code", data["period"]["code"])):
        try:
            Period.parse(code)
        except PeriodError as exc:
            raise FileRefused(f"{exc} ({where})", "period") from None
    try:
        generated = dt.datetime.fromisoformat(manifest["generated_at"].replace("Z", "+00:00"))
    except ValueError:
        raise FileRefused(f"manifest.json có thời điểm tạo tệp không hợp lệ: "
                          f"«{printable(manifest['generated_at'], 40)}»", "schema") from None
    if not FIRST_YEAR <= generated.year <= dt.date.today().year + 1:
        raise FileRefused(f"manifest.json có thời điểm tạo tệp không hợp lý: «{manifest['generated_at']}»", "schema")
    if not manifest["personal_data"]:
        for index, row in enumerate(data["hardship_cases"]):
            if row.get("reason") is not None:
                raise FileRefused("Tệp ghi là không kèm dữ liệu cá nhân nhưng có dữ liệu cá nhân (lý do khó khăn) "
                                  f"tại $.hardship_cases[{index}].reason", "personal")
    for index, row in enumerate(data["workforce"]):
        if row["female_workers"] > row["total_workers"]:
            raise FileRefused(f"data.json có số lao động nữ lớn hơn tổng số lao động tại $.workforce[{index}]",
                              "counts")


def check_agreement(data: dict[str, Any]) -> None:
    """After check_coherence parsed the dates: the period's dates fit its code, nothing ends
    before it starts, and one chair at the period's end."""
    period = data["period"]
    code = Period.parse(period["code"])
    start, end = period["start_date"], period["end_date"]
    # A unit may move its end dates (settings), but not by months: within two of the usual ones.
    slack = dt.timedelta(days=62)
    if abs(end - code.end_date()) > slack or abs(start - code.start_date()) > slack:
        raise FileRefused(f"Ngày của kỳ báo cáo ({start:%d/%m/%Y}–{end:%d/%m/%Y}) không khớp với kỳ {code.code}",
                          "period")
    for section, first, last in (("trainings", "start_date", "end_date"), ("positions", "start_date", "end_date"),
                                 ("hardship_cases", "opened_on", "closed_on")):
        for index, row in enumerate(data[section]):
            if row.get(first) is not None and row.get(last) is not None and row[last] < row[first]:
                raise FileRefused(f"data.json có ngày kết thúc trước ngày bắt đầu tại $.{section}[{index}]", "dates")
    chairs = [row for row in data["positions"] if row["role"] == "chair"
              and (row.get("start_date") is None or row["start_date"] <= end)
              and (row.get("end_date") is None or row["end_date"] >= end)]
    if len(chairs) > 1:
        raise FileRefused(f"data.json có {len(chairs)} Chủ tịch công đoàn cùng lúc vào ngày {end:%d/%m/%Y} "
                          "(chỉ được một)", "counts")
