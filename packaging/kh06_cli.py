"""Entry script of the frozen console program (kh06-cli / kh06-cli.exe): the `kh06` command line."""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from kh06_desktop.cli import run

    run()
