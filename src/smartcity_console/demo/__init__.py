"""The demo: an embedded broker, the simulator and a sync server, run inside the console.

It composes the producer side (``sim/``) with the sync server (``server/``),
so it sits above both; neither imports it. ``smartcity-console demo`` and the
self-test start it (cli.py).
"""
