"""The README's two commands are the ones CI runs, and it tells a new user what they need first."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ci_runs_the_readme_test_command_and_the_readme_says_how_to_start() -> None:
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    ci = ROOT.joinpath(".ci", "run").read_text(encoding="utf-8").strip().splitlines()
    test_command = ci[-1]
    assert test_command == 'python3 -m pip install -q -e ".[test]" && python3 -m pytest -q'
    blocks = [line.strip() for line in readme.splitlines() if line.startswith("    ")]
    assert blocks.count(test_command) == 2  # Vietnamese and English sections
    assert blocks.count("python3 -m pip install -e . && kh06") == 2
    for needed in ("python3 -m venv .venv", "py -3 -m venv .venv", ".venv\\Scripts\\activate", "kh06 doctor",
                   "Trợ giúp → Thông", "(packaging/windows/README.md)", "## English"):
        assert needed in readme, needed
    assert readme.index("python3 -m venv .venv") < readme.index("python3 -m pip install -e . && kh06")
