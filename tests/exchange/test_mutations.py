"""Property: a mutated archive is refused or accepted, never crashes the importer, and never
leaves partial data (the database holds exactly one more submission, or nothing new at all)."""

from __future__ import annotations

import json

import pytest
from builders import make_file, open_archive, repack
from helpers import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kh06_desktop.services.exchange.consolidation import REFUSED, consolidate_files
from kh06_desktop.store.database import open_database

BASE = make_file("U1", members=4)
MANIFEST, DATA = open_archive(BASE)

# A JSON value that may replace any field: wrong types, empty and huge strings, odd numbers.
ODD_VALUES = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**40, max_value=2**40),
                       st.floats(allow_nan=False), st.text(max_size=8), st.just("x" * 300),
                       st.just("2025-02-30"), st.just([]), st.just({}))


def _paths(value, prefix=()):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from _paths(item, (*prefix, index))


DATA_PATHS = list(_paths(DATA))
MANIFEST_PATHS = [p for p in _paths(MANIFEST) if p[0] != "files"]


def _set(document, path, value):  # type: ignore[no-untyped-def]
    copy = json.loads(json.dumps(document))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


mutation = st.one_of(
    # flip bytes anywhere in the archive
    st.tuples(st.just("bytes"), st.lists(st.tuples(st.integers(0, len(BASE) - 1), st.integers(1, 255)),
                                         min_size=1, max_size=4)),
    st.tuples(st.just("truncate"), st.integers(0, len(BASE) - 1)),
    # change one field of data.json (digests recomputed, or left stale)
    st.tuples(st.just("data"), st.sampled_from(DATA_PATHS), ODD_VALUES, st.booleans()),
    st.tuples(st.just("manifest"), st.sampled_from(MANIFEST_PATHS), ODD_VALUES, st.just(True)),
)


def _mutate(change) -> bytes:  # type: ignore[no-untyped-def]
    kind = change[0]
    if kind == "bytes":
        raw = bytearray(BASE)
        for at, flip in change[1]:
            raw[at] ^= flip
        return bytes(raw)
    if kind == "truncate":
        return BASE[: change[1]]
    if kind == "data":
        return repack(MANIFEST, _set(DATA, change[1], change[2]), fix_digest=change[3])
    return repack(_set(MANIFEST, change[1], change[2]), DATA)


@pytest.fixture(scope="module")
def upper(tmp_path_factory):
    database = open_database(tmp_path_factory.mktemp("prop") / "upper.db")
    consolidate_files(database, [("u0.kh06", make_file("U0"))])
    yield database
    database.close()


@settings(derandomize=True, max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(change=mutation)
def test_mutated_archives_are_refused_or_accepted_whole(upper, change):
    before = snapshot(upper)
    result = consolidate_files(upper, [("m.kh06", _mutate(change))])
    (outcome,) = result.outcomes
    after = snapshot(upper)
    if outcome.status == REFUSED:
        assert outcome.reason and after == before
    else:
        assert len(after["submissions"]) == len(before["submissions"]) + 1
        assert after["counts"]["member"] >= before["counts"]["member"]
        # undo, so that the next example starts from the same database
        from sqlalchemy import delete

        from kh06_desktop.store.models import Submission, Unit
        with upper.transaction() as session:
            session.execute(delete(Submission).where(Submission.file_name == "m.kh06"))
            session.execute(delete(Unit).where(Unit.code != "U0"))
        assert snapshot(upper)["counts"]["member"] == before["counts"]["member"]
