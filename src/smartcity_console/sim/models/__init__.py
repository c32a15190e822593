"""The value models: each series' normal behaviour, vectorised over timestamps.

One module per kind of thing measured: :mod:`.people` (queues, visitors,
crowds, reports), :mod:`.city` (prices, fish, traffic, street lights, water)
and :mod:`.environment` (air, weather, rivers, sea). A model is a frozen
dataclass with ``normal(ctx, t)`` (sim/series.py, ``Model``); anomalies are
applied on top by the simulator (sim/anomalies.py).
"""
