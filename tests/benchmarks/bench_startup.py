"""Time to the first shown window: the app on a 20,000-member database against a bare PySide6
QMainWindow (the floor on this machine), each started in a fresh Python process.

    python tests/benchmarks/bench_startup.py [--members 20000] [--repeat 7] [--platform offscreen]

The app is started the way `kh06` starts it (ui.app.run_gui: QApplication, fonts, the database,
the start-up guard with its lock, password check and daily backup, the main window with its first
page). A warm-up start makes the day's automatic backup first, as on any office PC after the
morning's first start. The runs of the two alternate, so a load change on a shared machine hits
both. Each time is measured by this process, from starting the child to reading the child's
"shown" line, written when the window has been shown and the event loop is idle (first paint
done). Target: app median ≤ 2 × bare median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# Both children report from a zero-interval timer: it runs once the event loop is idle, i.e. after
# the show and the first paint have been processed. They leave at once (os._exit) so that closing
# work (the closing backup) is not part of what is measured; the OS drops the lock.
# "first" is written when any window of the program is visible (the app's starting window), "shown"
# when the main window is.
_SHOWN = """
def _shown_probe(is_window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    seen = []
    def look():
        visible = [widget for widget in QApplication.topLevelWidgets() if widget.isVisible()]
        if visible and not seen:
            seen.append(True); sys.stdout.write("first\\n"); sys.stdout.flush()
        if any(is_window(widget) for widget in visible):
            sys.stdout.write("shown\\n"); sys.stdout.flush(); os._exit(0)
    timer = QTimer(); timer.setInterval(0); timer.timeout.connect(look); timer.start()
    return timer
"""

BARE = "import os, sys\n" + _SHOWN + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.setWindowTitle("bare")
window.show()
probe = _shown_probe(lambda widget: widget is window)
app.exec()
"""

APP = "import os, sys\n" + _SHOWN + """
from kh06_desktop.ui.app import ensure_application, run_gui
ensure_application()
probe = _shown_probe(lambda widget: type(widget).__name__ == "MainWindow")
run_gui(sys.argv[1])
sys.stderr.write("the main window never showed\\n"); sys.exit(3)
"""


def start_time(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds to the first visible window, seconds to the main window shown and painted)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    first_line = child.stdout.readline()
    first = time.perf_counter() - started
    line = child.stdout.readline()
    elapsed = time.perf_counter() - started
    _out, err = child.communicate(timeout=60)
    if first_line.strip() != "first" or line.strip() != "shown" or child.returncode != 0:
        raise SystemExit(f"child failed (exit {child.returncode}): {first_line}{line}{err}")
    return first, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    options = parser.parse_args()

    from kh06_desktop.services.demo.demo import create_demo
    from kh06_desktop.store.database import open_database

    with tempfile.TemporaryDirectory(prefix="kh06-startup-") as folder:
        work = Path(folder)
        database = work / "kh06.db"
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        env.update(QT_QPA_PLATFORM=options.platform, KH06_DATA_DIR=str(work / "data"),
                   XDG_CONFIG_HOME=str(work / "config"), PYTHONPATH=str(ROOT))
        os.environ.update(KH06_DATA_DIR=env["KH06_DATA_DIR"])
        made = time.perf_counter()
        db = open_database(database)
        create_demo(db, members=options.members, seed=1)
        db.close()
        print(f"Database: {options.members:,} members made with the demo service in "
              f"{time.perf_counter() - made:.1f} s ({database.stat().st_size / 1e6:.1f} MB); "
              f"platform {options.platform}; Python {sys.version.split()[0]}")

        start_time(APP, [str(database)], env)  # warm-up: the day's automatic backup, OS file cache
        start_time(BARE, [], env)
        app_runs, bare_runs = [], []
        for _ in range(options.repeat):
            app_runs.append(start_time(APP, [str(database)], env))
            bare_runs.append(start_time(BARE, [], env))
        first = statistics.median(t[0] for t in app_runs)
        app = statistics.median(t[1] for t in app_runs)
        bare = statistics.median(t[1] for t in bare_runs)
        print("app first window: " + " ".join(f"{t[0]:.3f}" for t in app_runs))
        print("app main window:  " + " ".join(f"{t[1]:.3f}" for t in app_runs))
        print("bare QMainWindow: " + " ".join(f"{t[1]:.3f}" for t in bare_runs))
        print(f"First shown window, median of {options.repeat}: app {first:.3f} s (its starting window), bare "
              f"QMainWindow {bare:.3f} s, ratio {first / bare:.2f}× (target ≤ 2×: "
              f"{'met' if first <= 2 * bare else 'NOT met'})")
        print(f"Main window with the first page painted: app {app:.3f} s, ratio {app / bare:.2f}× the bare window")


if __name__ == "__main__":
    main()
