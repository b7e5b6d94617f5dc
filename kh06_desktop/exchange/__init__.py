"""Files in and out: the member spreadsheet, the .kh06 data file, upper-level consolidation."""
