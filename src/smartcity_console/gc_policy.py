"""Python's cycle collector runs on the GUI thread only, by the console's own timer.

The collector runs in whichever thread allocates when its thresholds are
crossed: the incident list's reader, the map's, the MQTT ingest thread, the
sync's. A Qt object that Python owns and that sits in a reference cycle (a
closed dialog whose lambda names it, a window torn down with its console) is
then destroyed on that thread; Qt forbids it ("QObject::~QObject: Timers
cannot be stopped from another thread") and the process may crash. Full test
runs segfaulted that way in the GUI thread's event loop, one run in several.

So the console turns automatic collection off and collects from a timer on
the GUI thread (gui/gui_thread_gc.py), with the same generation thresholds
Python would use; the tests do the same between tests (tests/conftest.py).
This is the pattern PyQt applications have used for years (calibre's
``GarbageCollector``); it is kept Qt-free here so the tests can use it
before any Qt is loaded.
"""

from __future__ import annotations

import gc

_THRESHOLDS = gc.get_threshold()  # Python's own, taken before anything changes them


def collect_if_due() -> int:
    """Collect the generations whose counts passed Python's thresholds; what was freed."""
    young, middle, old = gc.get_count()
    freed = 0
    if young > _THRESHOLDS[0]:
        freed += gc.collect(0)
        if middle > _THRESHOLDS[1]:
            freed += gc.collect(1)
            if old > _THRESHOLDS[2]:
                freed += gc.collect(2)
    return freed
