"""Alembic migrations of the local incident database (applied by ``open_database``)."""
