"""Parts of the app found by module name: sidebar pages, menu extensions, command groups.

Each is part of every build. A part whose module does not import (a file left out of a frozen
bundle, a broken install, a missing dependency) is an error that names the part and its cause,
never a part quietly left out: a shorter sidebar or a missing command would look like a working
app that lost features.
"""

from __future__ import annotations

import importlib
import traceback
from types import ModuleType

# Modules that add subcommands to `kh06`, in the order they appear in --help (kh06_desktop.cli).
# Listed here, below every layer, so that the install check (kh06_desktop.diagnostics) can name
# them without importing the command line.
COMMAND_MODULES: tuple[str, ...] = (
    "kh06_desktop.cli.members_cmd",
    "kh06_desktop.cli.indicators_cmd",
    "kh06_desktop.cli.report_cmd",
    "kh06_desktop.cli.exchange_cmd",
    "kh06_desktop.cli.review_cmd",
)

REINSTALL = ("Bản cài đặt phần mềm bị thiếu hoặc hỏng: hãy cài đặt lại, hoặc gửi «Thông tin hỗ trợ» "
             "(Trợ giúp → Thông tin hỗ trợ, hoặc lệnh «kh06 doctor») cho người hỗ trợ kỹ thuật.")


class PartImportError(Exception):
    """A part of the app could not be loaded; the message is Vietnamese and names the cause."""

    def __init__(self, label: str, module: str, cause: BaseException) -> None:
        self.label = label
        self.module = module
        self.cause = cause
        super().__init__(f"Không tải được {label} ({module}): {cause_text(cause)}. {REINSTALL}")

    def traceback_text(self) -> str:
        return "".join(traceback.format_exception(self.cause))


def cause_text(cause: BaseException) -> str:
    detail = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {detail[0]}" if detail else type(cause).__name__


def import_part(module: str, label: str) -> ModuleType:
    """Import a part's module, or raise PartImportError with the cause chained."""
    try:
        return importlib.import_module(module)
    except Exception as exc:  # noqa: BLE001 - any failure to load the part is reported, with its cause
        raise PartImportError(label, module, exc) from exc
