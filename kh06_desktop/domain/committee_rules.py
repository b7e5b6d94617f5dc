"""The Charter's rules on the women's committee and the executive committee (BCH) size.

Kept in one place, with their sources, so that a change in the guidance is one edit here.

Women's committee (ban nữ công quần chúng) — Hướng dẫn 03/HD-TLĐ năm 2020 của Đoàn Chủ
tịch Tổng Liên đoàn Lao động Việt Nam thi hành Điều lệ Công đoàn Việt Nam khóa XII, mục 18.2:
- a grassroots union with 10 or more female members may establish a women's committee for the
  term of its BCH;
- 18.2.a: the committee has 3 members or more and at most two thirds of the number of BCH
  members (except when the BCH itself has three members);
- with fewer than 10 female members no committee is set up: the BCH assigns one person to
  women's affairs instead.
Checked with the search tool (text of 18.2 as published on thuvienphapluat.vn, "Ban nữ công
công đoàn có nhiệm vụ gì? Công đoàn có bao nhiêu nữ đoàn viên thì được thành lập ban nữ
công?"). The 2024 guidance (Hướng dẫn 38/HD-TLĐ, thi hành Điều lệ khóa XIII) could not be found
in the sources available to us, so whether it changed these numbers is NOT verified: the rule
stays as in HD 03/2020 and the help text says so. An officer whose upper union applies a
different rule records a manual override with its reason.

Executive committee size — Điều lệ Công đoàn Việt Nam and its guidance (HD 03/HD-TLĐ 2020, on
the number of BCH members of a grassroots union), as summarised in the design brief and in
public explanations of the Charter (e.g. "Ban chấp hành công đoàn cơ sở bao nhiêu người",
thanglon39.com): 3 to 15 members; up to 19 for a union of 3,000 members or more; a union of
fewer than 10 members elects only a chair (no BCH). Pilot schemes allowing larger BCHs at very
large enterprises exist; they are approved case by case, so the checks here are warnings only.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE_WOMEN = "Hướng dẫn 03/HD-TLĐ năm 2020 của Tổng Liên đoàn Lao động Việt Nam, mục 18.2"
SOURCE_BCH = "Điều lệ Công đoàn Việt Nam và Hướng dẫn 03/HD-TLĐ năm 2020 (số lượng ủy viên ban chấp hành)"

WOMEN_COMMITTEE_MIN_FEMALE = 10  # female members needed to establish a committee
WOMEN_COMMITTEE_MIN_SIZE = 3
WOMEN_COMMITTEE_MAX_NUM, WOMEN_COMMITTEE_MAX_DEN = 2, 3  # at most 2/3 of the BCH
WOMEN_COMMITTEE_SMALL_BCH = 3  # with a BCH of three, the 2/3 ceiling does not apply

BCH_MIN = 3
BCH_MAX = 15
BCH_MAX_LARGE = 19
BCH_LARGE_FROM_MEMBERS = 3000
CHAIR_ONLY_BELOW_MEMBERS = 10

WOMEN_COMMITTEE_HELP = (
    "Điều kiện thành lập Ban nữ công quần chúng (theo " + SOURCE_WOMEN + "):\n"
    "• Công đoàn cơ sở có từ 10 nữ đoàn viên trở lên được thành lập Ban nữ công quần chúng, "
    "hoạt động theo nhiệm kỳ của Ban Chấp hành.\n"
    "• Số thành viên do Ban Chấp hành quyết định: từ 3 người trở lên và không quá hai phần ba số ủy viên "
    "Ban Chấp hành (trừ trường hợp Ban Chấp hành có 3 người).\n"
    "• Công đoàn cơ sở có dưới 10 nữ đoàn viên thì không thành lập Ban nữ công mà phân công một người "
    "phụ trách công tác nữ công.\n"
    "Phần mềm tính điều kiện theo số nữ đoàn viên đang sinh hoạt tại ngày chốt số liệu của kỳ. "
    "Chưa đối chiếu được Hướng dẫn 38/HD-TLĐ năm 2024: nếu công đoàn cấp trên hướng dẫn khác, hãy chọn "
    "«Xác định thủ công» và ghi rõ lý do (ví dụ số, ngày văn bản hướng dẫn)."
)

BCH_HELP = (
    "Số lượng ủy viên Ban Chấp hành công đoàn cơ sở (theo " + SOURCE_BCH + "): từ 3 đến 15 người; "
    "công đoàn cơ sở có từ 3.000 đoàn viên trở lên không quá 19 người; công đoàn cơ sở có dưới 10 đoàn viên "
    "chỉ bầu chủ tịch công đoàn, không bầu Ban Chấp hành."
)


@dataclass(frozen=True, slots=True)
class WomenCommitteeEligibility:
    eligible: bool
    computed: bool  # what the Charter's condition gives
    overridden: bool  # the officer decided otherwise, with a reason
    female_members: int
    explanation: str  # Vietnamese, one sentence


class OverrideError(ValueError):
    """A manual override without its reason; the message is Vietnamese."""


def check_override(override: bool | None, reason: str | None) -> None:
    """An override of the computed eligibility must say why (it is shown on the report)."""
    if override is not None and not (reason or "").strip():
        raise OverrideError("Khi xác định thủ công điều kiện thành lập Ban nữ công, hãy ghi rõ lý do")


def women_committee_eligibility(female_members: int, override: bool | None = None,
                                override_reason: str | None = None) -> WomenCommitteeEligibility:
    computed = female_members >= WOMEN_COMMITTEE_MIN_FEMALE
    if computed:
        text = f"Có {female_members} nữ đoàn viên (từ 10 trở lên): đủ điều kiện thành lập Ban nữ công quần chúng"
    else:
        text = (f"Có {female_members} nữ đoàn viên (dưới 10): không thành lập Ban nữ công, "
                "phân công một người phụ trách công tác nữ công")
    if override is None or override == computed:
        return WomenCommitteeEligibility(computed, computed, False, female_members, text)
    decided = "đủ điều kiện" if override else "không thuộc diện"
    reason = (override_reason or "").strip() or "chưa ghi lý do"
    return WomenCommitteeEligibility(
        override, computed, True, female_members,
        f"Xác định thủ công: {decided} thành lập Ban nữ công (lý do: {reason}); "
        f"theo quy định: {text[0].lower()}{text[1:]}")


def women_committee_max_size(bch_size: int) -> int | None:
    """Largest committee the rule allows for a BCH of `bch_size`; None when there is no ceiling."""
    if bch_size <= WOMEN_COMMITTEE_SMALL_BCH:
        return None
    return bch_size * WOMEN_COMMITTEE_MAX_NUM // WOMEN_COMMITTEE_MAX_DEN


def women_committee_warnings(eligibility: WomenCommitteeEligibility, established: bool, committee_size: int,
                             bch_size: int) -> list[str]:
    """What an officer should fix about the women's committee (Vietnamese, one line each)."""
    warnings: list[str] = []
    if eligibility.eligible and not established:
        warnings.append(f"Công đoàn có {eligibility.female_members} nữ đoàn viên, đủ điều kiện nhưng chưa thành lập "
                        "Ban nữ công quần chúng")
    if not established:
        return warnings
    if not eligibility.eligible:
        warnings.append(f"Công đoàn chỉ có {eligibility.female_members} nữ đoàn viên (dưới 10): theo quy định không "
                        "thành lập Ban nữ công mà phân công một người phụ trách công tác nữ công")
    if committee_size < WOMEN_COMMITTEE_MIN_SIZE:
        warnings.append(f"Ban nữ công hiện có {committee_size} thành viên; quy định tối thiểu 3 người")
    ceiling = women_committee_max_size(bch_size)
    if ceiling is not None and committee_size > ceiling:
        warnings.append(f"Ban nữ công có {committee_size} thành viên, vượt quá hai phần ba số ủy viên Ban Chấp hành "
                        f"({bch_size} người, tối đa {ceiling} thành viên)")
    return warnings


def bch_size_limits(member_count: int) -> tuple[int, int]:
    """(smallest, largest) BCH the rule allows for a union of `member_count` members."""
    if member_count < CHAIR_ONLY_BELOW_MEMBERS:
        return (1, 1)  # a chair only
    if member_count >= BCH_LARGE_FROM_MEMBERS:
        return (BCH_MIN, BCH_MAX_LARGE)
    return (BCH_MIN, BCH_MAX)


def bch_size_warnings(member_count: int, bch_size: int) -> list[str]:
    """Warnings about the number of BCH members (chair and vice chairs included)."""
    if member_count == 0:
        return []  # members not entered yet: nothing to compare with
    if member_count < CHAIR_ONLY_BELOW_MEMBERS:
        if bch_size > 1:
            return [f"Công đoàn có {member_count} đoàn viên (dưới 10): chỉ bầu chủ tịch công đoàn, không bầu Ban "
                    f"Chấp hành (hiện ghi nhận {bch_size} ủy viên)"]
        if bch_size == 0:
            return ["Chưa ghi nhận chủ tịch công đoàn"]
        return []
    low, high = bch_size_limits(member_count)
    if bch_size == 0:
        return ["Chưa ghi nhận ủy viên Ban Chấp hành nào (hãy ghi chức vụ cho các ủy viên trong hồ sơ đoàn viên)"]
    if bch_size < low:
        return [f"Ban Chấp hành có {bch_size} ủy viên; quy định từ {low} đến {high} người"]
    if bch_size > high:
        scope = "từ 3.000 đoàn viên trở lên" if member_count >= BCH_LARGE_FROM_MEMBERS else "dưới 3.000 đoàn viên"
        return [f"Ban Chấp hành có {bch_size} ủy viên, vượt mức tối đa {high} người của công đoàn cơ sở {scope}"]
    return []
