#!/usr/bin/env bash
# System packages KH06 Desktop needs on a bare Debian/Ubuntu machine: Qt's runtime libraries
# (offscreen and xcb), fonts, poppler (PDF checks in the tests) and PostgreSQL (the upper-level
# tests start a throwaway server on loopback) and NSIS (makensis compiles the Windows installer
# script in the packaging test) and binutils (PyInstaller needs objdump and objcopy for the frozen
# build the packaging test makes). Windows and most desktops already have these.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 \
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 \
  libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1 libglib2.0-0 libdbus-1-3 \
  fonts-liberation2 fonts-dejavu-core poppler-utils postgresql nsis binutils >/dev/null
