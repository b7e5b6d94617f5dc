"""Why pyproject pins PySide6 below 6.12: 6.12.0 loses a reference to None on every
QStandardItemModel.appendRow([...]) and the interpreter aborts after ~23,000 calls
(STACK-NOTES). This test passes on a good release, so the pin can be lifted with proof."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QStandardItem, QStandardItemModel


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_append_row_does_not_leak_references_to_none(qapp) -> None:  # type: ignore[no-untyped-def]
    model = QStandardItemModel()
    before = sys.getrefcount(None)
    for _ in range(200):
        model.appendRow([QStandardItem("a")])
    lost = before - sys.getrefcount(None)
    assert lost < 10, f"{lost} references to None lost in 200 appendRow calls"
