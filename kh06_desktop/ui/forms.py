"""Loading Qt Designer forms from forms/*.ui, composed into a host widget (not inherited).

`ui = load_form("members/member_dialog.ui", self)` puts the form's root widget inside `self`
and returns a handle whose attributes are the form's children by object name
(`ui.full_name_edit`), the way `Ui_X().setupUi(self)` would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kh06_desktop.paths import forms_dir


class FormHandle:
    """Attribute access to a loaded form's named children."""

    def __init__(self, root: QWidget) -> None:
        self._root = root
        self._cache: dict[str, QObject] = {}

    @property
    def root(self) -> QWidget:
        return self._root

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._cache:
            child = self._root.findChild(QObject, name)
            if child is None:
                raise AttributeError(f"form {self._root.objectName()!r} has no child {name!r}")
            self._cache[name] = child
        return self._cache[name]


def form_path(relative: str) -> Path:
    return forms_dir() / relative


def load_form(relative: str, host: QWidget) -> FormHandle:
    """Load forms/<relative> into `host` (margins zero) and return a handle on its children."""
    path = form_path(relative)
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"form not found: {path}")
    try:
        root = QUiLoader().load(file, host)
    finally:
        file.close()
    if root is None:
        raise RuntimeError(f"form could not be loaded: {path}")
    layout = host.layout() or QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(root)
    if root.windowTitle() and not host.windowTitle():
        host.setWindowTitle(root.windowTitle())
    return FormHandle(root)


def set_host_margins(host: QWidget, left: int, top: int, right: int, bottom: int) -> None:
    """Margins around a form loaded by `load_form`, which leaves the host flush."""
    layout = host.layout()
    if layout is None:
        raise RuntimeError(f"{host.objectName() or type(host).__name__} has no form loaded")
    layout.setContentsMargins(left, top, right, bottom)
