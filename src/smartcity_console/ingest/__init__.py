"""From messages to readings: decode, count, batch into the series store, feed the alarm rules.

Transport-agnostic on purpose: :class:`~.feed_ingest.FeedIngest` takes a
topic, a payload and an arrival time, whatever carried them. The MQTT client
(``mqtt/``) hands it messages through the ``IngestSink`` face; the benchmarks
and tests feed it directly. It runs in the console's process only: the
ingest process (mqtt/child.py) forwards raw messages and never decodes.
``ingest/`` reads the MQTT link's status (``mqtt.status``) for the alarm
rules; ``mqtt/`` knows nothing of ``ingest/``.

- :mod:`.feed_ingest`: routing, decoding, batching, alarm events;
- :mod:`.stats`: the counters the diagnostics view shows;
- :mod:`.gaps`: counting readings that never arrived.
"""
