"""Data safety in the window: audit trail page, backup/restore/password menu, start-up guard."""
