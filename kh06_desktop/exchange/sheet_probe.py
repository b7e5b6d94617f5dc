"""Child process of `sheet_guard`: opens an old-format workbook (.xls) with python-calamine under
a memory limit and says whether every sheet could be read.

A BIFF file cannot be measured without reading it, and python-calamine aborts the whole process
(a Rust abort, not an exception) when a sheet's grid does not fit in memory: one cell at IV65536
in a 7 KB file asks for more than 1 GB. So the first reading happens here, in a process that may
die: `OK` on stdout and exit 0 when it fits, `ERR` when python-calamine refuses the file (the
caller then reports it as no workbook), anything else (an abort, `MEM`) means too big.

Run as `python -m kh06_desktop.exchange.sheet_probe PATH LIMIT_BYTES`.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    path, limit = argv[0], int(argv[1])
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # Windows: no rlimit; an abort still only ends this child
        pass
    try:
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_path(path)
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except MemoryError:
        print("MEM", flush=True)
        return 3
    except Exception:  # noqa: BLE001 - not a workbook python-calamine can read: the caller says so
        print("ERR", flush=True)
        return 0
    print("OK", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
