"""Vietnamese text: NFC, the diacritic-insensitive fold, and the order of names on a roster."""

from __future__ import annotations

import random
import unicodedata

import pytest

from kh06_desktop.domain.vntext import (
    default_given_name,
    fold,
    fold_all,
    matches,
    name_sort_key,
    nfc,
    split_name,
    text_sort_key,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_nfc_composes_decomposed_text_and_cleans_spaces() -> None:
    typed = nfd("  Nguyễn \t Thị\u00a0Thu   Hương\u200b ")
    assert typed != "Nguyễn Thị Thu Hương"
    assert nfc(typed) == "Nguyễn Thị Thu Hương"
    assert unicodedata.is_normalized("NFC", nfc(typed))
    assert nfc(None) == ""
    assert nfc("Trần\x00 Văn\x07 Đức") == "Trần Văn Đức"


@pytest.mark.parametrize(("text", "folded"), [
    ("Nguyễn Thị Hương", "nguyen thi huong"),
    ("ĐẶNG ĐỨC THẮNG", "dang duc thang"),
    ("Đỗ Thị Ngọc Ánh", "do thi ngoc anh"),
    ("Phạm  Văn   Ước", "pham van uoc"),
    ("Tổ Phân xưởng Cơ khí", "to phan xuong co khi"),
    ("Huỳnh Thị Ơn", "huynh thi on"),
    ("", ""),
])
def test_fold_drops_tones_vowel_marks_and_d_stroke(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(nfd(text)) == folded  # decomposed input folds the same


def test_folding_many_texts_at_once_gives_what_fold_gives_each() -> None:
    """`fold_all` folds plain names together and anything else one by one: the same result."""
    plain = ["Nguyễn Thị Hương", "ĐẶNG ĐỨC THẮNG", "Huỳnh Thị Ơn", "", "Tổ 1"]
    odd = [" Lê Văn A", "Lê Văn A ", "Lê  Văn", "Lê\nVăn", "Lê\tVăn", nfd("Trần Văn Đức"), "Đức\u00a0Anh",
           "İlkay", "ΑΣ", "王芳"]
    rng = random.Random(3)
    for texts in [plain, *([*plain, one] for one in odd), rng.sample(plain + odd, 8)]:
        assert fold_all(texts) == {text: fold(text) for text in texts}, texts
    assert fold_all([]) == {}


def test_search_without_diacritics_finds_the_name() -> None:
    haystack = fold("Nguyễn Thị Hương")
    assert matches(haystack, "nguyen thi huong")
    assert matches(haystack, "huong nguyen")  # words in any order
    assert matches(haystack, "HƯƠNG")
    assert not matches(haystack, "hung")
    assert matches(fold("Đặng Văn Đức"), "dang duc")
    assert matches(fold("Đặng Văn Đức"), "đức")


def test_roster_sorts_by_given_then_middle_then_family_in_vietnamese_letter_order() -> None:
    expected = [
        "Nguyễn Văn An",
        "Trần Thị Anh",  # letters first: An < Anh
        "Lê Thị Ánh",  # then tones: Anh (no tone) < Ánh (sắc)
        "Nguyễn Thị Ánh",  # same given and middle: family name decides
        "Phạm Văn Ánh",  # same given: middle name decides (Thị < Văn)
        "Lê Văn Bảo",
        "Phạm Thị Bích",
        "Nguyễn Văn Cường",
        "Bùi Thị Dung",
        "Hoàng Văn Dũng",  # ngã after no tone
        "Đỗ Văn Đức",  # đ after d
        "Lê Thị Hà",
        "Vũ Thị Hải",
        "Trần Thị Hạnh",
        "Ngô Văn Huy",  # u before ư
        "Nguyễn Thị Hương",
        "Dương Thị Hường",  # huyền after no tone
        "Trịnh Thị Lan",  # a < ă < â
        "Mai Văn Lăng",
        "Lý Văn Lâm",
        "Đinh Thị Oanh",
        "Hồ Văn Ơn",
        "Phan Văn Ước",
        "Lê Thị Yến",
    ]
    shuffled = expected[:]
    random.Random(4).shuffle(shuffled)
    assert sorted(shuffled, key=name_sort_key) == expected
    assert sorted(map(nfd, shuffled), key=name_sort_key) == [nfd(n) for n in expected]


def test_two_syllable_given_name_sorts_under_its_first_syllable() -> None:
    people = [("Phạm Thị Bích", None), ("Đinh Bảo Ngọc", "Bảo Ngọc"), ("Lê Văn Bảo", None),
              ("Trần Thị Ngọc", None)]
    ordered = [name for name, given in sorted(people, key=lambda p: name_sort_key(*p))]
    assert ordered == ["Lê Văn Bảo", "Đinh Bảo Ngọc", "Phạm Thị Bích", "Trần Thị Ngọc"]
    # Without the given name the same person sorts under "Ngọc" (before Trần Thị Ngọc: Đinh < Trần).
    assert name_sort_key("Đinh Bảo Ngọc") < name_sort_key("Trần Thị Ngọc")
    assert name_sort_key("Đinh Bảo Ngọc") > name_sort_key("Phạm Thị Bích")


def test_split_name_and_default_given_name() -> None:
    assert split_name("Nguyễn Thị Thu Hương") == ("Nguyễn", "Thị Thu", "Hương")
    assert split_name("Nguyễn Thị Thu Hương", "Thu Hương") == ("Nguyễn", "Thị", "Thu Hương")
    assert split_name("Đinh Bảo Ngọc", "bảo ngọc") == ("Đinh", "", "bảo ngọc")
    assert split_name("Nguyễn Văn An", "Bình") == ("Nguyễn", "Văn", "An")  # not a suffix: last syllable
    assert split_name("An") == ("", "", "An")
    assert split_name("") == ("", "", "")
    assert default_given_name(nfd(" Lê  Văn   Tám ")) == "Tám"


def test_text_sort_key_orders_group_names() -> None:
    groups = ["Phòng Kỹ thuật", "Đội Xe", "Ban An toàn", "Phân xưởng Cơ khí", "Dịch vụ", "Phân xưởng Ắc quy"]
    assert sorted(groups, key=text_sort_key) == [
        "Ban An toàn", "Dịch vụ", "Đội Xe", "Phân xưởng Ắc quy", "Phân xưởng Cơ khí", "Phòng Kỹ thuật"]
    assert text_sort_key("") < text_sort_key("a")
