"""Settings stored in the database, with their defaults in one place."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kh06_desktop.store.database import Database
from kh06_desktop.store.models import Setting

MODE_UNIT = "unit"
MODE_UPPER = "upper"


@dataclass(frozen=True, slots=True)
class SettingSpec:
    key: str
    default: str
    description: str


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("mode", MODE_UNIT, "Chế độ: công đoàn cơ sở (unit) hoặc cấp trên (upper)"),
        SettingSpec("half_year_end", "31/05", "Ngày chốt số liệu 6 tháng (dd/mm)"),
        SettingSpec("year_end", "30/11", "Ngày chốt số liệu năm (dd/mm)"),
        SettingSpec("backup_dir", "", "Thư mục sao lưu (trống: mặc định)"),
        SettingSpec("password_hash", "", "Mật khẩu mở phần mềm (băm Argon2id)"),
        SettingSpec("upper_name", "", "Tên công đoàn cấp trên (chế độ cấp trên)"),
        SettingSpec("upper_code", "", "Mã công đoàn cấp trên (chế độ cấp trên)"),
        SettingSpec("upper_parent", "", "Cơ quan công đoàn cấp trên trực tiếp của công đoàn cấp trên"),
        SettingSpec("upper_chair_name", "", "Họ tên người ký báo cáo tổng hợp"),
        SettingSpec("upper_chair_title", "Chủ tịch", "Chức vụ người ký báo cáo tổng hợp"),
        SettingSpec("upper_place", "", "Địa danh ghi trên báo cáo tổng hợp"),
        SettingSpec("upper_recipients", "", "Nơi nhận báo cáo tổng hợp, mỗi dòng một nơi (trống: mặc định)"),
    )
}


def get_setting(db: Database, key: str) -> str:
    spec = SPECS[key]
    with db.reading() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == key))
    return spec.default if value is None else value


def set_setting(db: Database, key: str, value: str) -> None:
    SPECS[key]  # unknown keys are a programming error
    with db.transaction() as session:
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value))
        else:
            row.value = value


def day_month(text: str) -> tuple[int, int]:
    """'31/05' → (5, 31), the (month, day) pair Period.end_date takes."""
    day, month = (int(part) for part in text.split("/"))
    return month, day
