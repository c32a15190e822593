"""The console's MQTT client: Qt-free, on a thread or in a process of its own.

One concern a module, top to bottom:

- :mod:`.thread`: :class:`~.thread.MqttThread`, sessions, failover, reconnects
  and the rule that the socket is never left unread;
- :mod:`.process` and :mod:`.child`: the same thread in a child process, so
  the protocol work never takes the GIL from drawing (the default);
- :mod:`.client`: the aiomqtt client as the config asks for it, and the
  workarounds for what aiomqtt 2.x does not expose;
- :mod:`.transport`: the selector loop, the coalescing selector and the
  buffered socket that keep the MQTT thread from fighting the GUI for the GIL;
- :mod:`.status`: the connection snapshot the GUI and the alarm rules read;
- :mod:`.sink`: what the client hands messages to (the decoder in
  ``ingest/``, or the child's forwarder);
- :mod:`.broker_url` and :mod:`.broker_settings`: broker URLs for the
  publishers (simulator, the server's poke), and what a production Mosquitto
  must be told.

Decoding is not here: ``ingest/`` turns messages into readings whatever
carried them, and the child process never decodes.
"""
