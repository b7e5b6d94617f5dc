"""Persistence: SQLAlchemy 2.0 models, the database opener and Alembic migrations."""
