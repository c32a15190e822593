"""Alembic migrations of the sync server's database (applied by ``open_server_database``)."""
