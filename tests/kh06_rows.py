"""Column values for member and group rows that test builders insert with Core: the derived name
columns (folded, sort key, given name) computed as the member and group services compute them."""

from __future__ import annotations

from kh06_desktop.domain.vntext import fold, name_sort_key, split_name


def member_names(full_name: str, given_name: str | None = None) -> dict[str, str]:
    """full_name, given_name (default: the last word), name_folded and sort_key of a member row."""
    given = given_name or split_name(full_name)[2]
    return {"full_name": full_name, "given_name": given, "name_folded": fold(full_name),
            "sort_key": name_sort_key(full_name, given)}


def group_row(unit_id: int, name: str) -> dict[str, object]:
    """unit_id, name and name_folded of a union group row."""
    return {"unit_id": unit_id, "name": name, "name_folded": fold(name)}
