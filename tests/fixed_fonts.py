"""A fontconfig that sees only the fonts bundled with the app, so UI tests measure the same everywhere.

Imported by tests/conftest.py before Qt starts (fontconfig reads FONTCONFIG_FILE once, when Qt's font
database is first used). Setting KH06_TEST_SYSTEM_FONTS=1 keeps the machine's fontconfig instead: that is
how the suite is checked against a machine's own fonts.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

FONTS_DIR = Path(__file__).resolve().parents[1] / "kh06_desktop" / "resources" / "fonts"


def fonts_conf(fonts_dir: Path, cache_dir: Path) -> str:
    return (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <dir>{escape(str(fonts_dir))}</dir>\n"
        f"  <cachedir>{escape(str(cache_dir))}</cachedir>\n"
        "</fontconfig>\n"
    )


def use_bundled_fonts_only(folder: Path | None = None) -> Path | None:
    """Write a fonts.conf listing only the bundled fonts folder and point FONTCONFIG_FILE at it."""
    if os.environ.get("KH06_TEST_SYSTEM_FONTS") == "1":
        return None
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="kh06-fontconfig-"))
        atexit.register(shutil.rmtree, folder, True)
    conf = folder / "fonts.conf"
    conf.write_text(fonts_conf(FONTS_DIR, folder / "cache"), encoding="utf-8")
    os.environ["FONTCONFIG_FILE"] = str(conf)
    os.environ.pop("FONTCONFIG_PATH", None)
    return conf
