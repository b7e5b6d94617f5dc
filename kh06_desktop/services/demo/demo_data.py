"""Vocabulary of the demo unit: Vietnamese names with their real frequency, units, groups and the
texts of trainings, study sessions, hardship cases and activities.

Family-name shares follow the usual published estimates (Nguyễn ~38 %, Trần ~11 %, Lê ~9.5 %,
Phạm ~7 %, Hoàng/Huỳnh ~5 %, Phan ~4.5 %, Vũ/Võ ~3.9 %, Đặng ~2.1 %, Bùi ~2 %, Đỗ ~1.4 %,
Hồ ~1.3 %, Ngô ~1.3 %, Dương ~1 %, Lý ~0.5 %); the rest share what is left.
"""

from __future__ import annotations

import random
from itertools import accumulate

FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 3.6), ("Huỳnh", 1.5),
    ("Phan", 4.5), ("Vũ", 2.9), ("Võ", 1.0), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.7), ("Trịnh", 0.6), ("Đào", 0.5), ("Đoàn", 0.5),
    ("Lương", 0.4), ("Mai", 0.4), ("Trương", 0.4), ("Lưu", 0.3), ("Cao", 0.3), ("Lâm", 0.3), ("Hà", 0.3),
    ("Tạ", 0.2), ("Tô", 0.2), ("Chu", 0.2), ("Thái", 0.2), ("Kiều", 0.1), ("Quách", 0.1), ("Khúc", 0.05),
)
MALE_MIDDLE: tuple[tuple[str, float], ...] = (
    ("Văn", 35), ("Đức", 8), ("Minh", 8), ("Hữu", 6), ("Quốc", 5), ("Thanh", 5), ("Công", 5), ("Đình", 5),
    ("Xuân", 4), ("Quang", 4), ("Ngọc", 3), ("Tiến", 3), ("Trung", 3), ("Duy", 3), ("Thế", 3), ("Mạnh", 2),
    ("Hoàng", 2), ("Anh", 2), ("Trọng", 2), ("Bá", 1),
)
FEMALE_MIDDLE: tuple[tuple[str, float], ...] = (
    ("Thị", 55), ("Ngọc", 6), ("Thu", 6), ("Thanh", 5), ("Hồng", 4), ("Minh", 3), ("Phương", 3), ("Thùy", 3),
    ("Kim", 3), ("Bích", 2), ("Mai", 2), ("Hải", 2), ("Quỳnh", 2), ("Khánh", 2), ("Diệu", 1), ("Lan", 1),
)
SECOND_MIDDLE_FEMALE = ("Thu", "Ngọc", "Thanh", "Hồng", "Kim", "Bích", "Minh", "Phương", "Hải")
MALE_GIVEN = (
    "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Long", "Hải", "Sơn", "Thắng", "Trung", "Hiếu", "Phong", "Quân",
    "Cường", "Đức", "Thành", "Hưng", "Tùng", "Khánh", "Kiên", "Việt", "Bình", "Toàn", "Huy", "Hoàng", "Tài",
    "Phúc", "Lâm", "Đạt", "Vinh", "Tâm", "Hòa", "Quang", "Thịnh", "Lộc", "Tiến", "Trọng", "Khoa", "Thái",
    "An", "Bảo", "Đông", "Giang", "Hậu", "Nghĩa", "Thuận", "Chiến", "Công", "Định", "Ước",
)
FEMALE_GIVEN = (
    "Hương", "Lan", "Hoa", "Linh", "Trang", "Hà", "Thủy", "Hằng", "Nga", "Mai", "Phương", "Ngọc", "Anh",
    "Thảo", "Hạnh", "Huyền", "Yến", "Dung", "Loan", "Nhung", "Tuyết", "Vân", "Liên", "Oanh", "Thúy", "Hiền",
    "Giang", "Quyên", "Nhàn", "My", "Vy", "Ly", "Chi", "Hồng", "Duyên", "Thu", "Uyên", "Xuân", "Diệp", "Ánh",
    "Nguyệt", "Trinh", "Đào", "Tươi",
)
# Given names of two syllables (kept whole as the given name, so the list sorts them right).
MALE_GIVEN_TWO = ("Quốc Bảo", "Minh Khôi", "Gia Huy", "Anh Tuấn", "Đức Anh", "Minh Đức")
FEMALE_GIVEN_TWO = ("Bảo Ngọc", "Khánh Linh", "Minh Anh", "Thanh Tâm", "Phương Anh", "Ngọc Ánh")

PROVINCE_CODES = ("001", "001", "001", "079", "079", "031", "036", "034", "038", "040", "042", "022", "024",
                  "027", "030", "033", "035", "037", "044", "048", "052", "056", "075", "092")

STATE_UNITS = (
    ("Công ty TNHH MTV Cơ khí Hà Nội", "Hà Nội"),
    ("Công ty Cổ phần Thiết bị Điện Đông Anh", "Hà Nội"),
    ("Tổng công ty Máy động lực và Máy nông nghiệp Việt Nam – Chi nhánh Cơ khí Thái Nguyên", "Thái Nguyên"),
    ("Công ty TNHH MTV Điện lực Hải Phòng – Xí nghiệp Cơ điện", "Hải Phòng"),
    ("Công ty Cổ phần Gang thép Thái Nguyên", "Thái Nguyên"),
)
NON_STATE_UNITS = (
    ("Công ty TNHH May mặc Hưng Phát", "Bắc Giang"),
    ("Công ty TNHH Điện tử Thăng Long", "Bắc Ninh"),
    ("Công ty Cổ phần Giày da Phú Lâm", "Thành phố Hồ Chí Minh"),
    ("Công ty TNHH Linh kiện Ô tô Tân Việt", "Hải Dương"),
    ("Công ty TNHH Nhựa và Bao bì Đồng Nai", "Đồng Nai"),
)
STATE_GROUPS = (
    "Phòng Tổ chức – Hành chính", "Phòng Tài chính – Kế toán", "Phòng Kế hoạch – Vật tư",
    "Phòng Kỹ thuật – Công nghệ", "Phòng Kinh doanh", "Phòng Quản lý chất lượng", "Phân xưởng Cơ khí",
    "Phân xưởng Lắp ráp", "Phân xưởng Đúc", "Phân xưởng Sơn tĩnh điện", "Phân xưởng Dây quấn",
    "Phân xưởng Cơ điện", "Xưởng Sửa chữa", "Kho vận", "Đội Xe", "Tổ Bảo vệ", "Ban An toàn – Môi trường",
    "Phân xưởng Nhiệt luyện", "Phân xưởng Gia công áp lực", "Trung tâm Thí nghiệm",
)
NON_STATE_GROUPS = (
    "Phòng Nhân sự", "Phòng Kế toán", "Phòng Xuất nhập khẩu", "Xưởng Cắt", "Xưởng Là – Đóng gói",
    "Bộ phận Kiểm hàng", "Kho nguyên phụ liệu", "Bộ phận Bảo trì", "Bếp ăn tập thể", "Xưởng Lắp ráp linh kiện",
    "Xưởng Ép nhựa", "Xưởng In", "Bộ phận Kỹ thuật may", "Đội Bảo vệ",
)
EXTRA_GROUP_STATE = "Phân xưởng sản xuất số {n}"
EXTRA_GROUP_NON_STATE = "Chuyền may số {n}"

TRAININGS = (
    ("Tập huấn nghiệp vụ công tác công đoàn cho cán bộ công đoàn cơ sở", "Công đoàn cấp trên trực tiếp"),
    ("Bồi dưỡng kỹ năng đối thoại, thương lượng tập thể", "Công đoàn Công Thương Việt Nam"),
    ("Tập huấn công tác tài chính công đoàn", "Công đoàn cấp trên trực tiếp"),
    ("Tập huấn kỹ năng hoạt động cho tổ trưởng, tổ phó công đoàn", "Công đoàn cơ sở"),
    ("Tập huấn nghiệp vụ công tác kiểm tra công đoàn", "Công đoàn cấp trên trực tiếp"),
    ("Tập huấn công tác nữ công và bình đẳng giới", "Công đoàn Công Thương Việt Nam"),
    ("Bồi dưỡng kiến thức Luật Công đoàn (sửa đổi) cho cán bộ công đoàn", "Tổng Liên đoàn Lao động Việt Nam"),
)
STUDY_TOPICS = (
    "Quán triệt Nghị quyết 02-NQ/TW về đổi mới tổ chức và hoạt động Công đoàn Việt Nam",
    "Phổ biến Luật Công đoàn năm 2024",
    "Phổ biến Bộ luật Lao động năm 2019 và các văn bản hướng dẫn",
    "Học tập nội quy lao động, an toàn, vệ sinh lao động",
    "Phổ biến Luật Bảo hiểm xã hội năm 2024",
    "Quán triệt Nghị quyết Đại hội XIII Công đoàn Việt Nam",
    "Phổ biến kiến thức phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
)
HARDSHIP_REASONS = ("Ốm đau dài ngày", "Tai nạn lao động", "Tai nạn giao thông", "Thiên tai, bão lũ",
                    "Gia đình có người thân mất", "Hoàn cảnh gia đình khó khăn", "Bệnh hiểm nghèo")
FUND_SOURCES = ("Quỹ xã hội công đoàn", "Kinh phí công đoàn cơ sở", "Quỹ Mái ấm công đoàn",
                "Công đoàn cấp trên hỗ trợ", "Doanh nghiệp hỗ trợ")
ACTIVITIES: dict[int, tuple[str, ...]] = {
    1: ("Tổ chức hội nghị quán triệt Nghị quyết 02-NQ/TW gắn với Chỉ thị 05-CT/TW cho {n} đoàn viên, người lao động",
        "Lồng ghép tuyên truyền Nghị quyết 02-NQ/TW trong các buổi sinh hoạt tổ công đoàn"),
    2: ("Kết nạp {k} đoàn viên mới; vận động người lao động mới tuyển dụng gia nhập công đoàn",
        "Rà soát danh sách người lao động chưa là đoàn viên, giao chỉ tiêu phát triển đoàn viên cho các tổ"),
    3: ("Cử {k} cán bộ công đoàn tham gia lớp tập huấn nghiệp vụ do công đoàn cấp trên tổ chức",
        "Kiện toàn tổ trưởng, tổ phó công đoàn tại các tổ thiếu cán bộ"),
    4: ("Tổ chức Tháng Công nhân, Tháng hành động về an toàn, vệ sinh lao động",
        "Phối hợp tổ chức đối thoại định kỳ tại nơi làm việc với sự tham gia của {k} người lao động",
        "Tổ chức hội thao, văn nghệ chào mừng ngày thành lập Công đoàn Việt Nam 28/7"),
    5: ("Báo cáo cấp ủy kết quả hoạt động công đoàn; giới thiệu {k} đoàn viên ưu tú cho Đảng xem xét kết nạp",
        "Xây dựng chương trình hoạt động công đoàn theo nghị quyết của cấp ủy"),
    6: ("Thu kinh phí công đoàn, đoàn phí công đoàn đúng quy định; quyết toán tài chính công đoàn",
        "Vận động đoàn viên đóng góp Quỹ xã hội công đoàn, Quỹ Mái ấm công đoàn"),
    7: ("Phối hợp với người sử dụng lao động sửa đổi, bổ sung thỏa ước lao động tập thể",
        "Ký kết quy chế phối hợp hoạt động giữa Ban Chấp hành công đoàn và Ban Giám đốc"),
}


def cumulative(weights: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    return [name for name, _ in weights], list(accumulate(w for _, w in weights))


class NameMaker:
    """Vietnamese full names (and their given name) drawn with realistic frequencies."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.families, self.family_cum = cumulative(FAMILY_NAMES)
        self.male_middle, self.male_cum = cumulative(MALE_MIDDLE)
        self.female_middle, self.female_cum = cumulative(FEMALE_MIDDLE)

    def names(self, female: list[bool]) -> list[tuple[str, str]]:
        """(full name, given name) for each person; female[i] says which set of names to use."""
        rng, n = self.rng, len(female)
        families = rng.choices(self.families, cum_weights=self.family_cum, k=n)
        male_mid = rng.choices(self.male_middle, cum_weights=self.male_cum, k=n)
        female_mid = rng.choices(self.female_middle, cum_weights=self.female_cum, k=n)
        out: list[tuple[str, str]] = []
        # One (full name, given name) object per distinct name: names repeat a lot, and callers
        # deriving keys from a name then hash strings whose hash is already cached.
        made: dict[tuple[str, str, str], tuple[str, str]] = {}
        rand, choice = rng.random, rng.choice
        for i in range(n):
            roll = rand()
            family, middle = families[i], ""
            if female[i]:
                if roll < 0.03:
                    given = choice(FEMALE_GIVEN_TWO)
                else:
                    given = choice(FEMALE_GIVEN)
                    middle = female_mid[i]
                    if roll > 0.85 and middle == "Thị":
                        middle = f"Thị {choice(SECOND_MIDDLE_FEMALE)}"
            elif roll < 0.03:
                given = choice(MALE_GIVEN_TWO)
            else:
                given = choice(MALE_GIVEN)
                middle = male_mid[i]
            name = made.get((family, middle, given))
            if name is None:
                full = f"{family} {middle} {given}" if middle else f"{family} {given}"
                name = made[(family, middle, given)] = (full, given)
            out.append(name)
        return out
