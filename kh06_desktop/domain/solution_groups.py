"""The seven groups of measures (nhóm giải pháp) of Kế hoạch 06-KH/BCSĐ (05/4/2022).

Activities are tagged with one of them so the period report can tell, group by group, what the
unit did. Short labels fit a table column or a combo box; the full text is the plan's wording.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SolutionGroup:
    number: int
    short: str  # a few words for tables and menus
    text: str  # the plan's wording, for the report and tooltips

    @property
    def label(self) -> str:
        """'1. Quán triệt NQ 02, gắn với Chỉ thị 05'"""
        return f"{self.number}. {self.short}"


SOLUTION_GROUPS: tuple[SolutionGroup, ...] = (
    SolutionGroup(1, "Quán triệt Nghị quyết 02-NQ/TW",
                  "Tổ chức nghiên cứu, phổ biến, quán triệt Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị "
                  "gắn với thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị"),
    SolutionGroup(2, "Tập hợp, phát triển đoàn viên",
                  "Đổi mới và nâng cao hiệu quả công tác tập hợp, vận động đoàn viên, người lao động; tập trung "
                  "phát triển đoàn viên, thành lập công đoàn cơ sở"),
    SolutionGroup(3, "Xây dựng đội ngũ cán bộ công đoàn",
                  "Tiếp tục xây dựng đội ngũ cán bộ công đoàn chuyên nghiệp, đủ phẩm chất và năng lực đáp ứng "
                  "yêu cầu nhiệm vụ trong tình hình mới"),
    SolutionGroup(4, "Đổi mới nội dung, phương thức hoạt động",
                  "Đổi mới nội dung, phương thức hoạt động công đoàn đáp ứng yêu cầu trong tình hình mới"),
    SolutionGroup(5, "Tăng cường sự lãnh đạo của Đảng",
                  "Tăng cường sự lãnh đạo của Đảng đối với tổ chức và hoạt động công đoàn"),
    SolutionGroup(6, "Xây dựng nguồn lực tài chính",
                  "Xây dựng nguồn lực tài chính đủ mạnh để thực hiện tốt chức năng, nhiệm vụ của tổ chức công đoàn"),
    SolutionGroup(7, "Hoàn thiện cơ chế, tăng cường phối hợp",
                  "Hoàn thiện cơ chế chính sách, tăng cường nâng cao hiệu quả phối hợp giữa các cơ quan, các tổ "
                  "chức chính trị - xã hội, tổ chức kinh tế, tổ chức xã hội với công đoàn"),
)

_BY_NUMBER = {group.number: group for group in SOLUTION_GROUPS}


def solution_group(number: int) -> SolutionGroup:
    """The group with this number (1–7); ValueError with a Vietnamese message otherwise."""
    try:
        return _BY_NUMBER[int(number)]
    except (KeyError, TypeError, ValueError):
        raise ValueError(f"Nhóm giải pháp phải từ 1 đến 7 (nhận được: {number})") from None
