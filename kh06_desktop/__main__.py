"""`python -m kh06_desktop`: the command line (no command opens the window)."""

import multiprocessing

from kh06_desktop.cli import run

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen build's worker process runs its work here and exits
    run()
