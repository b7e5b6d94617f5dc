"""Screenshots of the activity pages with realistic Vietnamese data (not a test; run it):

    QT_QPA_PLATFORM=offscreen python tests/ui/shots_activities.py

writes docs/screenshots/trainings*.png, studies*.png, hardship*.png, women*.png, activities*.png.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kh06_desktop.domain.enums import Role, Sector  # noqa: E402
from kh06_desktop.domain.periods import Period  # noqa: E402
from kh06_desktop.domain.validation import validate_member  # noqa: E402
from kh06_desktop.services.activities import activities, hardship, studies, trainings  # noqa: E402
from kh06_desktop.services.activities import women_committee as women  # noqa: E402
from kh06_desktop.services.members.members import create_member  # noqa: E402
from kh06_desktop.services.unit.units import UnitProfile, Workforce, setup_unit  # noqa: E402
from kh06_desktop.store.database import open_database  # noqa: E402

OUT = ROOT / "docs" / "screenshots"

PEOPLE = [  # name, gender, birth, group, roles
    ("Trần Văn Dũng", "Nam", "03/09/1975", "Tổ Văn phòng", "Chủ tịch"),
    ("Nguyễn Thị Hoa", "Nữ", "12/04/1982", "Tổ Văn phòng", "Phó Chủ tịch"),
    ("Lê Văn Minh", "Nam", "21/11/1980", "Tổ Cơ khí", "Ủy viên BCH"),
    ("Phạm Thị Thu", "Nữ", "15/06/1988", "Tổ Kế toán", "Ủy viên BCH"),
    ("Đỗ Văn Hùng", "Nam", "01/01/1979", "Tổ Lắp ráp", "Ủy viên BCH"),
    ("Vũ Thị Lan", "Nữ", "09/09/1990", "Tổ Cơ khí", "Tổ trưởng"),
    ("Hoàng Văn Nam", "Nam", "02/02/1985", "Tổ Lắp ráp", "Tổ trưởng"),
    ("Bùi Thị Mai", "Nữ", "17/07/1991", "Tổ Kế toán", "Tổ trưởng"),
    ("Đặng Thị Hương", "Nữ", "05/05/1993", "Tổ Lắp ráp", "Tổ phó"),
    ("Ngô Văn Quang", "Nam", "11/03/1987", "Tổ Cơ khí", None),
    ("Trịnh Thị Yến", "Nữ", "23/10/1994", "Tổ Cơ khí", None),
    ("Lý Thị Ngọc", "Nữ", "30/01/1996", "Tổ Lắp ráp", None),
    ("Phan Văn Tài", "Nam", "14/02/1989", "Tổ Lắp ráp", None),
    ("Hồ Thị Nga", "Nữ", "08/08/1984", "Tổ Kho vận", None),
    ("Dương Văn Long", "Nam", "19/12/1983", "Tổ Kho vận", None),
    ("Mai Thị Thảo", "Nữ", "27/04/1997", "Tổ Kho vận", None),
    ("Cao Thị Huệ", "Nữ", "03/03/1992", "Tổ Văn phòng", None),
    ("Tạ Thị Vân", "Nữ", "16/06/1990", "Tổ Kế toán", None),
    ("Đinh Thị Cúc", "Nữ", "12/12/1986", "Tổ Lắp ráp", None),
    ("Lương Thị Xuân", "Nữ", "01/05/1995", "Tổ Cơ khí", None),
    ("Kiều Thị Đào", "Nữ", "25/09/1989", "Tổ Kho vận", None),
    ("Châu Văn Phúc", "Nam", "07/07/1992", "Tổ Cơ khí", None),
]


def build(db_path: Path):  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    unit = setup_unit(db, UnitProfile(
        code="CDCS-TBD", name="Công đoàn Công ty Cổ phần Thiết bị Điện Đông Anh", sector=Sector.STATE_ENTERPRISE,
        employer="Công ty Cổ phần Thiết bị Điện Đông Anh", upper_union="Công đoàn Công Thương Việt Nam",
        chair_name="Trần Văn Dũng"), Workforce("2025", 30, 16, 28))
    ids = {}
    for name, gender, birth, group, roles in PEOPLE:
        result = validate_member({"full_name": name, "gender": gender, "birth_date": birth, "group_name": group,
                                  "roles": roles, "join_date": "01/03/2015"})
        ids[name] = create_member(db, unit.id, result.draft)
    t1 = trainings.create_training(db, unit.id, title="Tập huấn nghiệp vụ công tác công đoàn năm 2025",
                                   level="Công đoàn Công Thương Việt Nam", start_date="12/03/2025",
                                   end_date="13/03/2025", place="Hội trường tầng 3, trụ sở công ty")
    trainings.add_attendees(db, t1, [ids[n] for n in ("Trần Văn Dũng", "Nguyễn Thị Hoa", "Lê Văn Minh",
                                                       "Phạm Thị Thu", "Vũ Thị Lan", "Bùi Thị Mai")])
    t2 = trainings.create_training(db, unit.id, title="Kỹ năng thương lượng, ký kết thỏa ước lao động tập thể",
                                   level="Công đoàn cấp trên trực tiếp", start_date="18/06/2025",
                                   place="Nhà văn hóa công nhân Đông Anh")
    trainings.add_attendees(db, t2, [ids["Trần Văn Dũng"], ids["Hoàng Văn Nam"]])
    trainings.create_training(db, unit.id, title="Tập huấn công tác nữ công và bình đẳng giới",
                              level="Công đoàn cơ sở", start_date="20/10/2025", place="Phòng họp số 2")
    s1 = studies.create_study(db, unit.id, topic="Quán triệt Nghị quyết 02-NQ/TW", date="15/04/2025",
                              place="Hội trường công ty", non_member_count=5)
    studies.add_attendees(db, s1, list(ids.values())[:18])
    s2 = studies.create_study(db, unit.id, topic="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
                              "(Chỉ thị 05-CT/TW)", date="19/05/2025", place="Hội trường công ty", non_member_count=2)
    studies.add_attendees(db, s2, list(ids.values())[4:16])
    studies.create_study(db, unit.id, topic="Phổ biến Bộ luật Lao động", date="22/08/2025",
                         place="Nhà ăn ca, phân xưởng Lắp ráp", non_member_count=8)
    c1 = hardship.create_case(db, unit.id, member_id=ids["Hồ Thị Nga"], reason="Ốm đau dài ngày",
                              details="Điều trị tại Bệnh viện K", opened_on="03/03/2025")
    hardship.add_support(db, c1, date="05/03/2025", kind="visit", value_vnd=500_000,
                         fund_source="Quỹ xã hội công đoàn")
    hardship.add_support(db, c1, date="20/04/2025", kind="allowance", value_vnd=2_000_000,
                         fund_source="Công đoàn cấp trên hỗ trợ")
    c2 = hardship.create_case(db, unit.id, member_id=ids["Phan Văn Tài"], reason="Tai nạn lao động",
                              opened_on="10/07/2025", closed_on="30/09/2025")
    hardship.add_support(db, c2, date="11/07/2025", kind="gift", value_vnd=1_000_000,
                         fund_source="Kinh phí công đoàn cơ sở")
    hardship.create_case(db, unit.id, member_id=ids["Kiều Thị Đào"], reason="Thiên tai, bão lũ",
                         opened_on="15/09/2025")
    women.save_women_committee(db, unit.id, established=True, decision_number="12/QĐ-CĐCS",
                               decision_date="15/03/2025")
    women.add_committee_member(db, unit.id, ids["Nguyễn Thị Hoa"], Role.WOMEN_HEAD, dt.date(2025, 3, 15))
    women.add_committee_member(db, unit.id, ids["Bùi Thị Mai"], Role.WOMEN_DEPUTY, dt.date(2025, 3, 15))
    for plan in [
        ("20/03/2025", 1, "Tổ chức hội nghị quán triệt Nghị quyết 02-NQ/TW cho 85 đoàn viên và người lao động"),
        ("19/05/2025", 1, "Phát động học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh nhân dịp "
                          "kỷ niệm ngày sinh của Bác"),
        ("10/04/2025", 2, "Kết nạp 12 đoàn viên mới là công nhân hợp đồng tại phân xưởng Lắp ráp"),
        ("13/03/2025", 3, "Cử 6 cán bộ công đoàn dự lớp tập huấn nghiệp vụ do Công đoàn Công Thương Việt Nam "
                          "tổ chức"),
        ("25/06/2025", 4, "Phối hợp với Giám đốc tổ chức hội nghị đối thoại định kỳ tại nơi làm việc"),
        ("10/07/2025", 6, "Thu kinh phí công đoàn và đoàn phí đầy đủ, đúng hạn 6 tháng đầu năm"),
    ]:
        activities.create_activity(db, unit.id, date=plan[0], solution_group=plan[1], text=plan[2])
    return db, ids


def main() -> None:
    from kh06_desktop.ui.app import ensure_application
    from kh06_desktop.ui.context import AppContext

    app = ensure_application()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db, ids = build(Path(tmp) / "kh06.db")
        context = AppContext(db)
        context.set_period(Period.parse("2025"))
        shots = []

        def shoot(widget, name, size=(1280, 760)):  # type: ignore[no-untyped-def]
            widget.resize(*size)
            widget.show()
            app.processEvents()
            path = OUT / f"{name}.png"
            widget.grab().save(str(path))
            shots.append(path)

        from kh06_desktop.ui.activities.activities_page import ActivitiesPage, ActivityDialog
        from kh06_desktop.ui.activities.attendee_picker import AttendeePicker
        from kh06_desktop.ui.activities.hardship_dialogs import SupportDialog
        from kh06_desktop.ui.activities.hardship_page import HardshipPage
        from kh06_desktop.ui.activities.studies_page import StudiesPage
        from kh06_desktop.ui.activities.trainings_page import TrainingDialog, TrainingsPage
        from kh06_desktop.ui.activities.women_page import WomenCommitteePage

        page = TrainingsPage(context)
        page.ui.event_table.selectRow(page.model.rowCount() - 1)
        shoot(page, "trainings")
        picker = AttendeePicker(context, page, title="Thêm người dự",
                                existing_ids=[r.member_id for r in page.attendees.rows])
        picker.ui.search_edit.setText("thi")
        shoot(picker, "trainings_picker", (820, 560))
        picker.ui.search_edit.clear()
        picker.ui.group_combo.setCurrentIndex(picker.ui.group_combo.findText("Tổ Cơ khí (6)"))
        shoot(picker, "trainings_picker_group", (820, 560))
        dialog = TrainingDialog(context, None, page)
        dialog.ui.title_edit.setText("Tập huấn kỹ năng thương lượng tập thể")
        dialog.ui.start_date_edit.setText("14/03/2025")
        dialog.ui.end_date_edit.setText("13/03/2025")
        dialog.try_save()
        shoot(dialog, "trainings_dialog_error", (760, 330))

        page = StudiesPage(context)
        page.ui.event_table.selectRow(page.model.rowCount() - 1)
        shoot(page, "studies")

        page = HardshipPage(context)
        page.ui.case_table.selectRow(page.model.rowCount() - 1 if hasattr(page, "model") else 2)
        shoot(page, "hardship")
        support = SupportDialog(context, page.cases.row_at(0).id, None, page)
        support.ui.kind_combo.setCurrentIndex(1)
        support.ui.value_vnd_edit.setText("1.000.000")
        support.ui.fund_source_combo.setCurrentText("Quỹ xã hội công đoàn")
        shoot(support, "hardship_support_dialog", (640, 260))

        page = WomenCommitteePage(context)
        shoot(page, "women", (1280, 800))

        page = ActivitiesPage(context)
        shoot(page, "activities")
        dialog = ActivityDialog(context, page.model.row_at(0), page)
        shoot(dialog, "activities_dialog", (760, 300))
        db.close()
    for path in shots:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
