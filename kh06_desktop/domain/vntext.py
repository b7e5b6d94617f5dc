"""Vietnamese text: NFC normalisation, a diacritic-insensitive fold, and the name sort key.

Vietnamese dictionaries order letters as a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư
v x y, compare the letters of a whole word first and only then its tone marks, in the order
none, huyền, sắc, hỏi, ngã, nặng. Person names are sorted by given name, then middle names,
then family name (the convention of every Vietnamese roster).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Control characters (C0/C1 except tab/newline handled as spaces) never belong in a name.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\ufeff]")

_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}  # huyền sắc hỏi ngã nặng

_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
# Letter ranks start above the separators used in keys (space and the part separator).
_RANK = {letter: chr(0x30 + i) for i, letter in enumerate(_ALPHABET)}
_WORD_SEP = "\x20"
_PART_SEP = "\x01"
_TONE_SEP = "\x02"


# Names, groups, genders and dates repeat a lot in a roster: imports of 100,000 rows call these
# functions several times per row, so the results of recent inputs are kept.
_CACHE = 1 << 16


def nfc(text: str | None) -> str:
    """NFC-normalise, drop control characters and collapse runs of white space."""
    if text is None:
        return ""
    return _nfc(text if type(text) is str else str(text))


def _nfc(text: str) -> str:
    # Text without control characters, odd spaces or extra spaces that is already NFC (most names,
    # phones, card numbers) is clean as it is: the same object comes back.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " " and (
            text.isascii() or unicodedata.is_normalized("NFC", text)):
        return text
    return _nfc_cached(text)


@lru_cache(maxsize=_CACHE)
def _nfc_cached(text: str) -> str:
    clean = unicodedata.normalize("NFC", text)
    clean = _CONTROL.sub("", clean)
    clean = _SPACES.sub(" ", clean).strip()
    return text if clean == text else clean  # the same object when nothing changed: callers can tell


def fold(text: str | None) -> str:
    """Lower case without tone or vowel marks, đ→d: the form search compares."""
    if not text:
        return ""
    return _fold(text if type(text) is str else str(text))


def fold_all(texts: Iterable[str]) -> dict[str, str]:
    """`fold` of each text, by text. Texts that fold to plain ASCII (every name of a Vietnamese list)
    are folded together, one lower() and one translate() over them joined; any other set text by text."""
    items = list(texts)
    joined = "\n".join(items)
    if joined.count("\n") == len(items) - 1:  # no text holds a line break of its own
        quick = joined.lower().translate(_FOLD_TABLE)
        # What `_fold` returns as it is, for every text at once: ASCII, printable, single spaces inside.
        if quick.isascii() and quick.replace("\n", "").isprintable() and "  " not in quick \
                and " \n" not in quick and "\n " not in quick and quick[:1] != " " and quick[-1:] != " ":
            return dict(zip(items, quick.split("\n"), strict=True))
    return {text: fold(text) for text in items}


def _strip_marks(ch: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).replace(
        "đ", "d").replace("ð", "d")


# Precomposed Latin letters (Vietnamese among them) → their base letters: folding NFC text is then
# one str.translate; anything else (decomposed input, other scripts) takes the exact slow path.
_FOLD_TABLE = {cp: _strip_marks(chr(cp)) for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
               if _strip_marks(chr(cp)) != chr(cp)}


@lru_cache(maxsize=_CACHE)
def _fold(text: str) -> str:
    quick = text.lower().translate(_FOLD_TABLE)
    if quick.isascii():
        return _SPACES.sub(" ", quick).strip() if "  " in quick or quick[:1].isspace() or quick[-1:].isspace() \
            or not quick.isprintable() else quick
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("ð", "d")
    return _SPACES.sub(" ", stripped).strip()


@lru_cache(maxsize=_CACHE)
def _word_key(word: str) -> tuple[str, str]:
    """(letters, tones) of one word: letters carry ă/â/ê/ô/ơ/ư/đ as letters of their own."""
    letters: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            tones.append(chr(0x30 + _TONES[ch]))
            continue
        if ch in (_BREVE, _CIRCUMFLEX, _HORN) and letters:
            base = _UNRANK.get(letters[-1], "")
            composed = unicodedata.normalize("NFC", base + ch)
            if composed in _RANK:
                letters[-1] = _RANK[composed]
            continue
        if unicodedata.combining(ch):
            continue
        letters.append(_RANK.get(ch, ch))
    return "".join(letters), "".join(tones) or "0"


_UNRANK = {rank: letter for letter, rank in _RANK.items()}


def text_sort_key(text: str | None) -> str:
    """A string whose plain code-point order is Vietnamese dictionary order."""
    return _words_key(nfc(text).split(" ") if text else [])


def _words_key(words: list[str]) -> str:
    return _words_key_of(tuple(words))


@lru_cache(maxsize=_CACHE)
def _words_key_of(words: tuple[str, ...]) -> str:
    # Given names, middle names and family names each repeat a lot across a roster.
    keys = [_word_key(w) for w in words if w]
    return _WORD_SEP.join(k[0] for k in keys) + _TONE_SEP + _WORD_SEP.join(k[1] for k in keys)


def split_name(full_name: str, given_name: str | None = None) -> tuple[str, str, str]:
    """(family, middle, given) of a full name. The given name defaults to the last syllable."""
    family, middle, given = _split_words(full_name, given_name)
    return " ".join(family), " ".join(middle), " ".join(given)


def _split_words(full_name: str, given_name: str | None) -> tuple[list[str], list[str], list[str]]:
    words = nfc(full_name).split(" ") if full_name else []
    given_words = nfc(given_name).split(" ") if given_name else words[-1:]
    n = len(given_words)
    if n and [w.lower() for w in words[-n:]] == [w.lower() for w in given_words] and len(words) > n:
        rest = words[:-n]
    elif len(words) > 1:
        given_words, rest = words[-1:], words[:-1]
    else:
        return [], [], [w for w in words if w]
    return rest[:1], rest[1:], given_words


def default_given_name(full_name: str) -> str:
    return split_name(full_name)[2]


def name_sort_key(full_name: str, given_name: str | None = None) -> str:
    """Sort key of a person: given name, then middle names, then family name."""
    if full_name and _nfc(full_name) is full_name and (given_name is None or " " not in given_name):
        # The usual case, without splitting again: a clean name whose given name is its last word.
        words = full_name.split(" ")
        if len(words) > 1 and (given_name is None or given_name.lower() == words[-1].lower()):
            return _PART_SEP.join((_words_key_of(tuple(words[-1:])), _words_key_of(tuple(words[1:-1])),
                                   _words_key_of(tuple(words[:1]))))
    family, middle, given = _split_words(full_name, given_name)
    return _PART_SEP.join((_words_key(given), _words_key(middle), _words_key(family)))


def matches(folded_haystack: str, query: str) -> bool:
    """True when every word of the query (folded) occurs in the folded text."""
    return all(part in folded_haystack for part in fold(query).split(" ") if part)
