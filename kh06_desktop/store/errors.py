"""The store's error for the user, apart from the database opener: the lock and the command
line's single-writer lock raise it without loading SQLAlchemy."""

from __future__ import annotations


class DatabaseError(Exception):
    """The database cannot be used; the message is Vietnamese, for the user."""
