"""The ``smartcity-console`` subcommands that are not the console window: one module each.

``cli.py`` builds the command line from them (each has ``add_parser`` and
``run``) and gives every subcommand the common options (:mod:`.common`), so
``smartcity-console decode --config FILE`` works as well as
``smartcity-console --config FILE decode``. ``serve`` lives with the server
(``server/serve_cli.py``) and ``doctor`` with its checks (``doctor/runner.py``).
"""
