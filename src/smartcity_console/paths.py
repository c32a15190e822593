"""Where the console finds its bundled files and keeps the user's.

Bundled files (``resources/`` and ``ui/``) live at the top of the source tree,
inside the package as ``_data/`` in a wheel (hatch force-include) and in the
PyInstaller bundle (the spec copies them there). One lookup covers all three,
so nothing else in the code needs to know how the console was installed.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "smartcity-console"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_root() -> Path:
    installed = _PACKAGE_DIR / "_data"
    if installed.is_dir():
        return installed
    # Source checkout (editable install): src/smartcity_console -> repository root.
    return _PACKAGE_DIR.parent.parent


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``, wherever the console was installed from."""
    return _data_root().joinpath("resources", *parts)


def ui_path(name: str) -> Path:
    """A Qt Designer file under ``ui/`` (kept for reference; forms are compiled)."""
    return _data_root().joinpath("ui", name)


def default_config_file() -> Path:
    """The config file used when ``--config`` is not given."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def bundled_config_file() -> Path:
    """The documented default config shipped in ``resources/`` (used by ``demo``)."""
    return resource_path("config", "default.toml")


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
