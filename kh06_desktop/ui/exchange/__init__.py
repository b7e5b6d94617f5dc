"""Data exchange pages: the unit's export page and the upper level's consolidation page."""
