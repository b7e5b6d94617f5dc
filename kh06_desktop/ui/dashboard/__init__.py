"""The dashboard: the six KH06 indicators, their gap lists and their history."""
