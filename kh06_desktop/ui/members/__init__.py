"""The members area: the member table, the add/edit dialog, status and positions, import/export."""
