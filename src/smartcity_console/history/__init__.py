"""The historian: every reading the feeds carry, kept in the sync server's database.

- :mod:`.partitions`: PostgreSQL's day partitions and the retention that drops them;
- :mod:`.writer`: batches of readings in, idempotent on (series, time), rollups kept;
- :mod:`.recorder`: the MQTT side (persistent session, the console's mappings);
- :mod:`.query`: a window of series at screen resolution, from the right table;
- :mod:`.client`: what a console calls to fetch windows from the history API.

docs/history.md says how it is sized and run. Qt-free, like the server.
"""
