#!/usr/bin/env bash
# Builds the frozen one-folder app with PyInstaller: dist/KH06/ holding the windowed `KH06` and the
# console `kh06-cli` (KH06.exe and kh06-cli.exe on Windows). Needs the build extra:
#   python -m pip install -e ".[build]"
# Usage: scripts/build-bundle.sh [DIST_DIR [WORK_DIR]]   (defaults: dist, build/pyinstaller)
# On Windows run it from Git Bash, or run the PyInstaller line below from PowerShell.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST="${1:-dist}"
WORK="${2:-build/pyinstaller}"
PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$WORK" packaging/kh06.spec
echo "Bundle: $DIST/KH06"
