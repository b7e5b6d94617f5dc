"""Closed vocabularies stored as short English codes, shown with Vietnamese labels."""

from __future__ import annotations

from enum import StrEnum


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"

    @property
    def label(self) -> str:
        return {"M": "Nam", "F": "Nữ"}[self.value]


class MemberStatus(StrEnum):
    ACTIVE = "active"
    TRANSFERRED = "transferred"
    LEFT = "left"

    @property
    def label(self) -> str:
        return {"active": "Đang sinh hoạt", "transferred": "Đã chuyển sinh hoạt", "left": "Đã thôi"}[self.value]


class Sector(StrEnum):
    PUBLIC_SERVICE = "public_service"
    STATE_ENTERPRISE = "state_enterprise"
    NON_STATE = "non_state"

    @property
    def label(self) -> str:
        return {
            "public_service": "Hành chính sự nghiệp",
            "state_enterprise": "Doanh nghiệp nhà nước",
            "non_state": "Ngoài khu vực nhà nước",
        }[self.value]


class Role(StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    BCH_MEMBER = "bch_member"
    INSPECTION = "inspection"
    GROUP_LEADER = "group_leader"
    GROUP_DEPUTY = "group_deputy"
    WOMEN_HEAD = "women_head"
    WOMEN_DEPUTY = "women_deputy"
    WOMEN_MEMBER = "women_member"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def is_bch(self) -> bool:
        """Chair and vice chair sit on the executive committee too."""
        return self in (Role.CHAIR, Role.VICE_CHAIR, Role.BCH_MEMBER)

    @property
    def is_group_lead(self) -> bool:
        return self in (Role.GROUP_LEADER, Role.GROUP_DEPUTY)

    @property
    def is_women_committee(self) -> bool:
        return self in (Role.WOMEN_HEAD, Role.WOMEN_DEPUTY, Role.WOMEN_MEMBER)


ROLE_LABELS: dict[Role, str] = {
    Role.CHAIR: "Chủ tịch",
    Role.VICE_CHAIR: "Phó Chủ tịch",
    Role.BCH_MEMBER: "Ủy viên BCH",
    Role.INSPECTION: "Ủy viên UBKT",
    Role.GROUP_LEADER: "Tổ trưởng",
    Role.GROUP_DEPUTY: "Tổ phó",
    Role.WOMEN_HEAD: "Trưởng ban nữ công",
    Role.WOMEN_DEPUTY: "Phó ban nữ công",
    Role.WOMEN_MEMBER: "Ủy viên ban nữ công",
}


class SupportKind(StrEnum):
    VISIT = "visit"
    GIFT = "gift"
    ALLOWANCE = "allowance"

    @property
    def label(self) -> str:
        return {"visit": "Thăm hỏi", "gift": "Tặng quà", "allowance": "Trợ cấp"}[self.value]
