"""Allow ``python -m smartcity_console``."""

from smartcity_console.cli import main

raise SystemExit(main())
