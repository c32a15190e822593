"""The database layer the console's store and the sync server share (Qt-free).

Two databases, one way of opening them: the console's SQLite incident file
(``store/``) and the sync server's PostgreSQL or SQLite database
(``server/``) get their engine, per-engine settings, constraint names, UTC
column type and Alembic support from here, so a durability setting or a
naming rule cannot drift between them. Their schemas and migration
histories stay separate: they are different databases.

- ``engine``: engines with the pragmas of each engine (SQLite: WAL,
  ``synchronous=FULL``, foreign keys, busy timeout, ``BEGIN IMMEDIATE``
  for writes).
- ``naming``: the constraint naming convention of both schemas.
- ``types``: the one UTC datetime column type, and the wire form of a time.
- ``migrations``: Alembic configured in code, the ``env.py`` body, and
  where a database's schema stands.
"""
