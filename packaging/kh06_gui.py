"""Entry script of the frozen windowed app (KH06 / KH06.exe). freeze_support() comes before any
import of the app: a consolidation worker process starts as this program and must not load Qt."""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from kh06_desktop.ui.app import main

    raise SystemExit(main())
