"""Use cases: the only layer the UI and the CLI call. Each write is one transaction;
results are plain frozen dataclasses, never ORM objects."""
