"""A populated unit for the report tests, written with Core bulk inserts (10,000 members in ~1 s)."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from pathlib import Path

import pytest
from kh06_rows import group_row, member_names
from pypdf import PdfReader
from sqlalchemy import insert, select

from kh06_desktop.services.unit.units import UnitInfo
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
)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khánh", "Long", "Phúc", "Quân", "Sơn", "Thắng",
           "Tuấn", "Việt"]
GIVEN_F = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nga", "Oanh", "Thảo",
           "Trang", "Yến"]
GROUPS = ["Tổ Cơ khí chế tạo", "Tổ Điện - Tự động hóa", "Phòng Tài chính - Kế toán", "Đội Xe", "Tổ Lắp ráp",
          "Phòng Kỹ thuật công nghệ", "Tổ Bảo vệ", "Tổ Ăn uống", "Tổ Kho vận"]
PERIOD = "2025"  # 01/12/2024 – 30/11/2025; the fixture unit has workforce figures for 2025


def populate(db: Database, unit_id: int, members: int = 120, seed: int = 7) -> dict[str, int]:
    """Groups, members with positions, a training, a study session, hardship cases, activities."""
    rng = random.Random(seed)
    with db.transaction() as session:
        group_ids = []
        for name in GROUPS:
            gid = session.execute(insert(UnionGroup).values(**group_row(unit_id, name))
                                  .returning(UnionGroup.id)).scalar_one()
            group_ids.append(gid)
        rows = []
        for i in range(members):
            female = rng.random() < 0.45
            if i == 0:
                full, female = "Trần Văn Dũng", False
            else:
                full = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                                 rng.choice(GIVEN_F if female else GIVEN_M)])
            rows.append({
                "unit_id": unit_id, **member_names(full), "gender": "F" if female else "M",
                "birth_date": dt.date(1965 + rng.randrange(35), 1 + rng.randrange(12), 1 + rng.randrange(28)),
                "card_number": f"CT{100000 + i}", "group_id": group_ids[i % len(group_ids)],
                "department": f"Xưởng {1 + i % 5}", "join_date": dt.date(2010 + rng.randrange(14), 3, 1),
                "status": "active",
            })
        session.execute(insert(Member), rows)
        ids = list(session.scalars(select(Member.id).where(Member.unit_id == unit_id).order_by(Member.id)))
        positions = [{"member_id": ids[0], "role": "chair", "start_date": dt.date(2023, 1, 1)},
                     {"member_id": ids[1], "role": "vice_chair", "start_date": dt.date(2023, 1, 1)}]
        positions += [{"member_id": ids[k], "role": "bch_member", "start_date": dt.date(2023, 1, 1)}
                      for k in range(2, 7)]
        positions += [{"member_id": ids[10 + k], "role": "group_leader", "start_date": dt.date(2023, 1, 1),
                       "group_id": group_ids[k]} for k in range(len(group_ids))]
        session.execute(insert(Position), positions)
        training = session.execute(insert(Training).values(
            unit_id=unit_id, title="Tập huấn nghiệp vụ công tác công đoàn năm 2025", level="Công đoàn cấp trên",
            start_date=dt.date(2025, 4, 10), end_date=dt.date(2025, 4, 11), place="Hội trường tầng 3")
            .returning(Training.id)).scalar_one()
        session.execute(insert(TrainingAttendee), [{"training_id": training, "member_id": ids[k]}
                                                   for k in (0, 1, 2, 3, 10, 11, 12)])
        study = session.execute(insert(StudySession).values(
            unit_id=unit_id, topic="Quán triệt Nghị quyết 02-NQ/TW và Bộ luật Lao động", date=dt.date(2025, 3, 5),
            place="Nhà ăn ca", non_member_count=6).returning(StudySession.id)).scalar_one()
        session.execute(insert(StudyAttendee), [{"session_id": study, "member_id": m} for m in ids[: members // 2]])
        case1 = session.execute(insert(HardshipCase).values(
            unit_id=unit_id, member_id=ids[20], reason="Ốm đau dài ngày", details="bệnh án (nhạy cảm)",
            opened_on=dt.date(2025, 2, 1)).returning(HardshipCase.id)).scalar_one()
        session.execute(insert(HardshipCase).values(
            unit_id=unit_id, member_id=ids[21], reason="Gia đình gặp thiên tai", opened_on=dt.date(2025, 9, 15)))
        session.execute(insert(SupportVisit), [
            {"case_id": case1, "date": dt.date(2025, 2, 10), "kind": "visit", "value_vnd": 500000,
             "fund_source": "Kinh phí công đoàn cơ sở"},
            {"case_id": case1, "date": dt.date(2025, 3, 2), "kind": "allowance", "value_vnd": 2000000,
             "fund_source": "Quỹ xã hội công đoàn"}])
        session.execute(insert(Activity), [
            {"unit_id": unit_id, "date": dt.date(2025, 3, 5), "solution_group": 1,
             "text": "Hội nghị quán triệt Nghị quyết 02-NQ/TW cho toàn thể cán bộ công đoàn."},
            {"unit_id": unit_id, "date": dt.date(2025, 6, 20), "solution_group": 2,
             "text": "Kết nạp 12 đoàn viên mới tại Xưởng 3 và Đội Xe."},
            {"unit_id": unit_id, "date": dt.date(2025, 8, 2), "solution_group": 4,
             "text": "Đối thoại định kỳ với người sử dụng lao động về tiền lương, điều kiện làm việc."}])
    return {"training": training, "study": study, "members": members}


@pytest.fixture
def populated(db: Database, unit: UnitInfo) -> dict[str, int]:
    return populate(db, unit.id)


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each page, as pypdf extracts it."""
    import io

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_fonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
