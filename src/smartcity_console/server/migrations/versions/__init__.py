"""Migration scripts, one per schema change, numbered s0001, s0002, ...

The ``s`` keeps these revisions apart from the console's local store
(0001, 0002, ...): a server pointed at a console's file says so instead of
mistaking its revision for one of its own.
"""
