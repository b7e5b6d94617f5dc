"""Screenshots of the dashboard with demo-like data: docs/screenshots/dashboard*.png.

Run: python tests/ui/dashboard_screens.py  (offscreen; not collected by pytest)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import insert  # noqa: E402

from kh06_desktop.domain.enums import Sector  # noqa: E402
from kh06_desktop.domain.periods import Period  # noqa: E402
from kh06_desktop.domain.vntext import fold, name_sort_key  # noqa: E402
from kh06_desktop.services.unit.units import UnitProfile, Workforce, set_workforce, setup_unit  # noqa: E402
from kh06_desktop.store.database import open_database  # noqa: E402
from kh06_desktop.store.models import (  # noqa: E402
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

D = dt.date
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Phương"]
GIVEN_M = ["Dũng", "Hùng", "Tuấn", "Bình", "Long", "Nam", "Sơn", "Quân", "Thắng", "Cường", "Đạt", "Khánh"]
GIVEN_F = ["Hoa", "Lan", "Hương", "Mai", "Trang", "Linh", "Hà", "Thảo", "Yến", "Ngân", "Huyền", "Oanh"]
GROUPS = ["Tổ Văn phòng", "Tổ Kỹ thuật", "Tổ Phân xưởng Cơ khí", "Tổ Phân xưởng Lắp ráp", "Tổ Kho vận",
          "Tổ Kinh doanh", "Tổ Tài chính – Kế toán", "Tổ Bảo vệ"]


def build(path: Path, seed: int = 2025) -> int:
    rng = random.Random(seed)
    db = open_database(path)
    unit = setup_unit(db, UnitProfile(code="CDCS-TBDDA", name="Công đoàn Công ty CP Thiết bị Điện Đông Anh",
                                      sector=Sector.STATE_ENTERPRISE, chair_name="Trần Văn Dũng"),
                      Workforce("2025", 468, 171, 452))
    for code, total, female, eligible in (("2024H1", 430, 160, 418), ("2024", 441, 163, 430),
                                          ("2025H1", 455, 168, 446)):
        set_workforce(db, unit.id, Workforce(code, total, female, eligible))
    members = []
    for i in range(440):
        female = rng.random() < 0.38
        name = " ".join((rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                         rng.choice(GIVEN_F if female else GIVEN_M)))
        joined = D(2008 + rng.randrange(17), 1 + rng.randrange(12), 1 + rng.randrange(28))
        left = i % 37 == 5
        members.append({"id": i + 1, "unit_id": unit.id, "full_name": name, "given_name": name.split()[-1],
                        "name_folded": fold(name), "sort_key": name_sort_key(name), "gender": "F" if female else "M",
                        "join_date": joined, "status": "left" if left else "active",
                        "status_date": D(2025, 3, 15) if left else None, "group_id": 1 + i % len(GROUPS)})
    with db.transaction() as session:
        session.execute(insert(UnionGroup), [{"id": g + 1, "unit_id": unit.id, "name": name, "name_folded": fold(name)}
                                             for g, name in enumerate(GROUPS)])
        session.execute(insert(Member), members)
        positions = [{"member_id": m, "role": role, "start_date": D(2023, 6, 1)}
                     for m, role in [(1, "chair"), (2, "vice_chair")] + [(m, "bch_member") for m in range(3, 10)]]
        positions += [{"member_id": 20 + g * 2 + k, "role": ("group_leader", "group_deputy")[k],
                       "start_date": D(2023, 6, 1), "group_id": g + 1} for g in range(len(GROUPS)) for k in (0, 1)]
        positions += [{"member_id": m, "role": r, "start_date": D(2024, 3, 1)}
                      for m, r in [(41, "women_head"), (42, "women_deputy"), (43, "women_member"), (44, "women_member")]
                      ]
        session.execute(insert(Position), positions)
        session.execute(insert(WomenCommittee), [{"unit_id": unit.id, "established": True,
                                                  "decision_number": "12/QĐ-CĐCS", "decision_date": D(2024, 3, 1)}])
        trainings = [(D(2023, 9, 12), [1, 2, 3, 4, 20, 21, 22]), (D(2024, 4, 20), [5, 6, 23, 24, 25, 26]),
                     (D(2024, 10, 8), [27, 28, 29]), (D(2025, 4, 16), [7, 8, 30, 31]), (D(2025, 9, 24), [32])]
        for t, (day, who) in enumerate(trainings, start=1):
            session.execute(insert(Training).values(id=t, unit_id=unit.id, title=f"Tập huấn nghiệp vụ công đoàn {t}",
                                                    start_date=day, level="Công đoàn Công Thương Việt Nam"))
            session.execute(insert(TrainingAttendee), [{"training_id": t, "member_id": m} for m in who])
        studies = [(D(2024, 2, 20), 0.55, 10), (D(2024, 8, 15), 0.62, 12), (D(2025, 3, 5), 0.71, 15),
                   (D(2025, 9, 10), 0.48, 9)]
        for s, (day, share, outsiders) in enumerate(studies, start=1):
            session.execute(insert(StudySession).values(id=s, unit_id=unit.id, topic="Quán triệt Nghị quyết 02-NQ/TW",
                                                        date=day, non_member_count=outsiders))
            who = rng.sample(range(1, 441), int(440 * share))
            session.execute(insert(StudyAttendee), [{"session_id": s, "member_id": m} for m in who])
        cases = [(D(2024, 1, 10), D(2024, 1, 15)), (D(2024, 5, 2), D(2024, 5, 4)), (D(2024, 9, 20), None),
                 (D(2025, 1, 8), D(2025, 1, 10)), (D(2025, 2, 14), D(2025, 2, 20)), (D(2025, 6, 3), D(2025, 6, 5)),
                 (D(2025, 8, 19), None), (D(2025, 10, 2), D(2025, 10, 6)), (D(2025, 11, 12), None)]
        for c, (opened, supported) in enumerate(cases, start=1):
            session.execute(insert(HardshipCase).values(id=c, unit_id=unit.id, member_id=100 + c * 7,
                                                        reason=rng.choice(["Ốm đau dài ngày", "Tai nạn giao thông",
                                                                           "Gia đình khó khăn", "Thiên tai, lũ lụt"]),
                                                        opened_on=opened))
            if supported:
                session.execute(insert(SupportVisit).values(case_id=c, date=supported, kind="gift",
                                                            value_vnd=1_000_000))
    db.close()
    return unit.id


def main() -> int:
    from kh06_desktop.ui.app import ensure_application
    from kh06_desktop.ui.context import AppContext
    from kh06_desktop.ui.dashboard.dashboard_page import DashboardPage

    app = ensure_application()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.db"
        build(path)
        db = open_database(path)
        context = AppContext(db)
        context.set_period(Period.parse("2025"))
        page = DashboardPage(context)
        page.resize(1180, 1010)
        page.show()
        app.processEvents()
        page.grab().save(str(OUT / "dashboard.png"))
        page.ui.chart_indicator_combo.setCurrentIndex(5)  # 4b with its 75 % target line
        for _ in range(3):  # let the chart drop the old axes' items before the grab
            app.processEvents()
        page.ui.chart_host.grab().save(str(OUT / "dashboard_chart_4b.png"))
        page._open_page = lambda key: None  # type: ignore[method-assign]
        dialog = page.open_gap_list("4a")
        app.processEvents()
        dialog.grab().save(str(OUT / "dashboard_gap_list.png"))
        dialog.close()
        dialog = page.open_gap_list("3")
        app.processEvents()
        dialog.grab().save(str(OUT / "dashboard_gap_hardship.png"))
        dialog.close()
        db.close()
    print(f"saved screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
