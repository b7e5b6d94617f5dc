"""Errors a service raises for the user: the message is Vietnamese and says what and where."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the service refuses; `str(error)` is the message to show."""


class NotFound(ServiceError):
    pass


class Conflict(ServiceError):
    """The change would break a rule (a duplicate, a closed period, …)."""


class InvalidInput(ServiceError):
    """Input that failed validation; `issues` lists (field, message) pairs."""

    def __init__(self, message: str, issues: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.issues = issues or []
