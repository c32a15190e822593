"""The producer side: what stands in for the city in a demo, a load test or an alarm test.

- :mod:`.simulator`: steps the catalogue through time (:class:`~.simulator.Simulator`);
- :mod:`.catalogue`, :mod:`.series`, :mod:`.models`: every simulated series,
  what is normal for it and the model behind it;
- :mod:`.noise`, :mod:`.daytime`: deterministic noise and the WIB day the
  models draw with;
- :mod:`.anomalies`, :mod:`.schedule`: the four planted anomalies and when
  they happen;
- :mod:`.publish`, :mod:`.compressed_day`: publishing to a real broker, paced by
  simulated time and stamped with the wall clock;
- :mod:`.embedded_broker`: the broker a demo runs in its own process;
- :mod:`.demo_accounts`: the demo's sign-in accounts.

Nothing here imports the console's consumer side, the server or Qt; the demo
that puts it together with a sync server is ``demo/``.
"""
