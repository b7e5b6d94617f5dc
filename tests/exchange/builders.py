"""Test data for exchange tests: a unit with every kind of row, written with Core inserts, and
helpers to craft (and tamper with) .kh06 archives."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import random
import zipfile
from typing import Any

from kh06_rows import group_row, member_names
from sqlalchemy import insert

from kh06_desktop.domain.recompute import recompute
from kh06_desktop.domain.signing import new_private_key, public_key_of
from kh06_desktop.exchange.datafile import archive_bytes, build_archive, encode_json
from kh06_desktop.exchange.datafile_checks import check_coherence
from kh06_desktop.store.database import Database
from kh06_desktop.store.models import (
    Activity,
    HardshipCase,
    Member,
    Position,
    StudyAttendee,
    StudySession,
    SupportVisit,
    Training,
    TrainingAttendee,
    UnionGroup,
    WomenCommittee,
)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Vũ", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Đức"]
GIVEN = ["An", "Bình", "Dũng", "Hà", "Hương", "Lan", "Nam", "Phúc", "Quân", "Tâm", "Yến", "Đạt"]


def populate(db: Database, unit_id: int, members: int = 30, seed: int = 1, cid_base: int = 1000) -> None:
    """Groups, members (with citizen ids), BCH and group leads, a training, a study session,
    a hardship case with support, the women's committee and activities."""
    rnd = random.Random(seed)
    with db.transaction() as s:
        gids = []
        for name in ("Tổ Cơ khí", "Tổ Văn phòng"):
            gids.append(s.execute(insert(UnionGroup).values(**group_row(unit_id, name))
                                  .returning(UnionGroup.id)).scalar_one())
        mids = []
        for i in range(members):
            name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
            mids.append(s.execute(insert(Member).values(
                unit_id=unit_id, **member_names(name), gender=rnd.choice("MF"),
                birth_date=dt.date(1980 + i % 20, 1, 15),
                citizen_id=f"{cid_base + i:012d}", card_number=f"T{i:05d}", group_id=gids[i % 2],
                department="Phân xưởng", join_date=dt.date(2015, 3, 1),
                status="active" if i % 10 else "left", status_date=None if i % 10 else dt.date(2024, 1, 1),
                phone="0912345678", note="ghi chú riêng").returning(Member.id)).scalar_one())
        s.execute(insert(Position), [
            {"member_id": mids[0], "role": "chair", "start_date": dt.date(2020, 1, 1), "group_id": None},
            {"member_id": mids[1], "role": "bch_member", "start_date": dt.date(2020, 1, 1), "group_id": None},
            {"member_id": mids[2], "role": "group_leader", "start_date": dt.date(2020, 1, 1), "group_id": gids[0]},
            {"member_id": mids[3], "role": "women_head", "start_date": dt.date(2021, 1, 1), "group_id": None},
        ])
        tid = s.execute(insert(Training).values(unit_id=unit_id, title="Tập huấn nghiệp vụ", level="Cấp trên",
                                                start_date=dt.date(2025, 3, 10), place="Hà Nội")
                        .returning(Training.id)).scalar_one()
        s.execute(insert(TrainingAttendee), [{"training_id": tid, "member_id": m} for m in mids[:2]])
        sid = s.execute(insert(StudySession).values(unit_id=unit_id, topic="Quán triệt Nghị quyết 02",
                                                    date=dt.date(2025, 4, 2), non_member_count=5)
                        .returning(StudySession.id)).scalar_one()
        s.execute(insert(StudyAttendee), [{"session_id": sid, "member_id": m} for m in mids[: members // 2]])
        cid = s.execute(insert(HardshipCase).values(unit_id=unit_id, member_id=mids[4], reason="Ốm đau",
                                                    details="bệnh án - nhạy cảm", opened_on=dt.date(2025, 2, 1))
                        .returning(HardshipCase.id)).scalar_one()
        s.execute(insert(SupportVisit).values(case_id=cid, date=dt.date(2025, 2, 5), kind="gift",
                                              value_vnd=500000, fund_source="Quỹ công đoàn"))
        s.execute(insert(WomenCommittee).values(unit_id=unit_id, established=True, decision_number="12/QĐ-CĐ",
                                                decision_date=dt.date(2021, 1, 1)))
        s.execute(insert(Activity).values(unit_id=unit_id, date=dt.date(2025, 3, 1), solution_group=2,
                                          text="Tuyên truyền pháp luật lao động"))


def stub_indicators(code: str = "CDCS-TEST", period: str = "2025", established: bool = True) -> dict[str, Any]:
    def item(id_: str, n: int, d: int, target: float) -> dict[str, Any]:
        percent = round(100 * n / d, 1) if d else None
        return {"id": id_, "numerator": n, "denominator": d, "percent": percent, "target": target,
                "met": percent is not None and percent >= target, "missing": max(d - n, 0)}

    return {"unit_code": code, "period": period, "as_of": f"{period[:4]}-11-30" if len(period) == 4
            else f"{period[:4]}-05-31",
            "indicators": [item("1", 27, 110, 100), item("2", 20, 120, 100), item("3", 1, 1, 100),
                           item("4a", 2, 2, 100), item("4b", 1, 1, 75), item("5", int(established), 1, 100)]}


def stub_source(db: Database, unit_id: int, period: str) -> dict[str, Any]:
    from kh06_desktop.services.unit.units import get_unit

    return stub_indicators(get_unit(db, unit_id).code, period)


_KEYS: dict[str, str] = {}


def unit_key(code: str) -> str:
    """A private key per unit code for the whole test session (a unit's database key)."""
    return _KEYS.setdefault(code, new_private_key())


def real_indicators(data: dict[str, Any]) -> dict[str, Any]:
    """The indicators the unit's app computes from these rows (as `kh06 indicators --json`)."""
    work = copy.deepcopy(data)
    work["indicators"] = stub_indicators(work["unit"]["code"], work["period"]["code"])
    manifest = {"unit_code": work["unit"]["code"], "unit_name": work["unit"]["name"],
                "period": work["period"]["code"], "revision": work["period"]["revision"], "personal_data": True}
    check_coherence(manifest, work)
    return recompute(work).to_json_dict()


def open_archive(raw: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return json.loads(z.read("manifest.json")), json.loads(z.read("data.json"))


def repack(manifest: dict[str, Any], data: dict[str, Any], *, fix_digest: bool = True,
           key: str | None = None) -> bytes:
    """An archive of the given (possibly altered) contents; digests recomputed unless told not to,
    signed with `key` (default: the unit's own test key, as a forger holding it would)."""
    body = encode_json(data)
    if fix_digest:
        manifest = {**manifest, "files": {"data.json": {"sha256": hashlib.sha256(body).hexdigest(),
                                                        "size": len(body)}}}
    if key is None:
        key = next((k for k in _KEYS.values() if public_key_of(k) == manifest.get("signing_key")), None)
    return build_archive(manifest, {"data.json": body}, key or unit_key(str(manifest.get("unit_code"))))


def minimal_data(code: str, period: str = "2025", revision: int = 1, name: str | None = None,
                 sector: str = "state_enterprise", members: int = 3, cid_base: int | None = None,
                 established: bool = True, eligible: bool = True, bch_trained: int = 2) -> dict[str, Any]:
    """A small valid data.json, built without a database."""
    name = name or f"Công đoàn {code}"
    year = int(period[:4])
    data = {
        "unit": {"code": code, "name": name, "sector": sector},
        "period": {"code": period, "start_date": f"{year - 1}-12-01", "end_date": f"{year}-11-30",
                   "revision": revision},
        "workforce": [{"period": period, "total_workers": 10, "female_workers": 4, "eligible_workers": 9}],
        "groups": [{"ref": 1, "name": "Tổ 1"}],
        "members": [{"ref": i + 1, "full_name": f"Nguyễn Văn {GIVEN[i % len(GIVEN)]}", "status": "active",
                     "gender": "M", "group_ref": 1,
                     **({"citizen_id": f"{cid_base + i:012d}"} if cid_base is not None else {})}
                    for i in range(members)],
        "positions": [{"member_ref": 1, "role": "chair"}, {"member_ref": 2, "role": "bch_member"}],
        "trainings": [{"ref": 1, "title": "Tập huấn", "start_date": f"{year}-03-01",
                       "attendees": [1, 2][:bch_trained]}],
        "study_sessions": [{"ref": 1, "topic": "Học tập", "date": f"{year}-04-01", "non_member_count": 2,
                            "attendees": [1, 2]}],
        "hardship_cases": [{"ref": 1, "member_ref": 2, "reason": "Ốm", "opened_on": f"{year}-02-01",
                            "support": [{"date": f"{year}-02-03", "kind": "visit", "value_vnd": 300000}]}],
        "women_committee": {"established": established, "eligible_override": eligible,
                            "override_reason": "Cấp trên xác định"},
        "activities": [{"date": f"{year}-03-01", "solution_group": 1, "text": "Tuyên truyền"}],
    }
    data["indicators"] = real_indicators(data)
    return data


def make_file(code: str, period: str = "2025", revision: int = 1, **kwargs: Any) -> bytes:
    data = minimal_data(code, period, revision, **kwargs)
    personal = any("citizen_id" in m for m in data["members"])
    raw, _ = archive_bytes(data, unit_code=code, unit_name=data["unit"]["name"], period=period, revision=revision,
                           personal_data=personal, private_key=unit_key(code))
    return raw
