"""Worker process of services/consolidation_read.py: reads chunks of data file paths (pickled
lists) from stdin and writes, for each chunk, the pickled list of `read_one` results to stdout,
until stdin closes. Run as `python -m kh06_desktop.services.exchange.consolidation_worker`."""

from __future__ import annotations

import pickle
import sys

from kh06_desktop.services.exchange.consolidation_read import read_one


def main() -> None:
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            chunk = pickle.load(source)
        except EOFError:
            return
        pickle.dump([read_one(path) for path in chunk], sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


if __name__ == "__main__":
    main()
