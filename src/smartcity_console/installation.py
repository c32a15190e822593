"""This installation's MQTT client id: made at the first start, kept with the data.

Why an id of its own
    A persistent session is keyed by the client id: the broker keeps the
    console's subscriptions and queues what it misses while it is away, and
    hands it over when the same id connects again. So every console needs an
    id that survives restarts and that no other console uses (a broker
    disconnects the older of two connections with one id, and the two would
    take turns, each getting part of the readings). Nobody should have to
    invent one in the first-run dialog, so the console makes it:
    ``smartcity`` and 14 random hex digits, 23 characters, the longest id
    every MQTT 3.1.1 broker must accept [MQTT-3.1.3-5].

Where it is kept
    ``mqtt-client-id.json`` in the data folder, beside the incident database
    (the folder one console owns; gui/single_instance.py keeps a second
    console out of it). With the id the file records where it was made: this
    machine (its machine id, else its host name), the folder's path, and the
    folder's inode and device.

A copied data folder
    A copy (another workstation set up from a copy of this one's folder, or a
    second console on this machine started with a copied folder) would carry
    the same id. The id is kept only where it was made: on the same machine,
    in the same folder, which is either the same path or the same inode (a
    folder moved or renamed keeps its inode; a copy gets a new one). Anywhere
    else the console makes a fresh id, logs a warning naming both places, and
    shows a notice; the old file is kept beside as ``.copied`` for support.
    The fresh id starts a new session at the broker: what the broker queued
    for the original id stays the original's.

``doctor`` reads the file and never writes it (:func:`inspect_client_id`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smartcity_console.config import AppConfig

log = logging.getLogger(__name__)

ID_FILE = "mqtt-client-id.json"
_PREFIX = "smartcity"
# 9 + 14 = 23 characters of [0-9a-z]: accepted by every MQTT 3.1.1 broker.
_RANDOM_HEX = 14
_LINUX_MACHINE_ID = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))


def machine_id() -> str:
    """A stable name for this computer: the OS's machine id, else the host name.

    Linux: systemd's ``/etc/machine-id``; Windows: the ``MachineGuid`` that
    Windows setup writes. A cloned VM image shares its machine id; the folder
    check below still tells two folders apart.
    """
    if sys.platform == "win32":
        with contextlib.suppress(OSError):
            import winreg

            with winreg.OpenKey(
                winreg.HKEY_LOCAL_MACHINE,
                r"SOFTWARE\Microsoft\Cryptography",
                0,
                winreg.KEY_READ | winreg.KEY_WOW64_64KEY,
            ) as key:
                value, _ = winreg.QueryValueEx(key, "MachineGuid")
                return f"win:{value}"
    for path in _LINUX_MACHINE_ID:
        with contextlib.suppress(OSError):
            text = path.read_text(encoding="ascii").strip()
            if text:
                return f"machine-id:{text}"
    return f"host:{socket.gethostname()}"


@dataclass(frozen=True, slots=True)
class Place:
    """Where an id file belongs: the machine and the folder (path, inode, device)."""

    machine: str
    folder: str
    inode: int
    device: int

    @classmethod
    def of(cls, folder: Path) -> Place:
        resolved = folder.resolve()
        st = resolved.stat()
        return cls(machine_id(), str(resolved), st.st_ino, st.st_dev)

    def holds(self, other: Place) -> bool:
        """Whether an id made at ``other`` belongs here (same machine; same path, or moved)."""
        if self.machine != other.machine:
            return False
        if self.folder == other.folder:
            return True
        # A folder on a file system without inode numbers reports 0: the path decides.
        return bool(self.inode) and (self.inode, self.device) == (other.inode, other.device)


@dataclass(frozen=True, slots=True)
class ClientIdentity:
    """The id the console connects with, and how it came to be.

    ``made``: made at this start (first start, or after a copy); ``copied_from``:
    the place the folder was copied from, when that is why it was made.
    """

    client_id: str
    path: Path
    made_at: str
    made: bool = False
    copied_from: str | None = None


def new_client_id() -> str:
    return _PREFIX + secrets.token_hex(_RANDOM_HEX // 2 + 1)[:_RANDOM_HEX]


def _read(path: Path) -> tuple[str, str, Place] | None:
    """The id, when it was made and where, from the file; None when there is none or it is bad."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        place = data["place"]
        return (
            str(data["client_id"]),
            str(data["made_at"]),
            Place(
                str(place["machine"]),
                str(place["folder"]),
                int(place["inode"]),
                int(place["device"]),
            ),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("%s cannot be read (%s); a new MQTT client id replaces it", path, exc)
        return None


def _write(path: Path, client_id: str, made_at: str, place: Place) -> None:
    data = {
        "client_id": client_id,
        "made_at": made_at,
        "place": {
            "machine": place.machine,
            "folder": place.folder,
            "inode": place.inode,
            "device": place.device,
        },
        "about": "This console's MQTT client id (docs/configuration.md). Do not copy it to "
        "another workstation: a copy gets a new id at its next start.",
    }
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def installation_client_id(data_dir: Path) -> ClientIdentity:
    """This installation's id: the kept one, or a new one (first start, copied folder)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / ID_FILE
    here = Place.of(data_dir)
    kept = _read(path)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    if kept is not None:
        client_id, made_at, made_where = kept
        if here.holds(made_where):
            if made_where != here:  # moved or renamed: remember the new path
                _write(path, client_id, made_at, here)
            return ClientIdentity(client_id, path, made_at)
        fresh = new_client_id()
        where = f"{made_where.folder} on {made_where.machine}"
        log.warning(
            "the data folder %s was copied from %s: MQTT client id %s belongs there, so this "
            "console takes a new one, %s (a new session at the broker)",
            data_dir,
            where,
            client_id,
            fresh,
        )
        with contextlib.suppress(OSError):
            path.replace(path.with_name(path.name + ".copied"))
        _write(path, fresh, now, here)
        return ClientIdentity(fresh, path, now, made=True, copied_from=where)
    fresh = new_client_id()
    _write(path, fresh, now, here)
    log.info("MQTT client id %s made for this installation (%s)", fresh, path)
    return ClientIdentity(fresh, path, now, made=True)


@dataclass(frozen=True, slots=True)
class KeptId:
    """What doctor finds, without writing anything: the id, and whether it belongs here."""

    path: Path
    client_id: str | None  # None: no file yet (the console makes one at its first start)
    belongs_here: bool = True
    made_where: str | None = None


def inspect_client_id(data_dir: Path) -> KeptId:
    path = data_dir / ID_FILE
    kept = _read(path) if path.exists() else None
    if kept is None:
        return KeptId(path, None)
    client_id, _made_at, made_where = kept
    try:
        here = Place.of(data_dir)
    except OSError:
        return KeptId(path, client_id)
    return KeptId(
        path,
        client_id,
        here.holds(made_where),
        f"{made_where.folder} on {made_where.machine}",
    )


def data_dir_of(config: AppConfig) -> Path:
    """The console's data folder: where its incident database lives."""
    from smartcity_console.store.database import default_database_path

    return (config.incidents.database or default_database_path()).parent


def with_client_id(
    config: AppConfig, data_dir: Path | None = None
) -> tuple[AppConfig, ClientIdentity | None]:
    """The config the console connects with, and this installation's id when it is used.

    A ``client_id`` in the file wins (kept for installations that set one);
    ``session = "clean"`` needs none (a random id each time); otherwise this
    installation's own id, made or checked here.
    """
    broker = config.broker
    if broker.session == "clean" or broker.client_id is not None:
        return config, None
    identity = installation_client_id(data_dir or data_dir_of(config))
    updated = broker.model_copy(update={"client_id": identity.client_id})
    return config.model_copy(update={"broker": updated}), identity


def describe_client_id(config: AppConfig, identity: ClientIdentity | None) -> str:
    """One line for About and the log: the id, its session, and where it comes from."""
    broker = config.broker
    if broker.session == "clean":
        return "random id, clean session (nothing is kept while the console is away)"
    if identity is None:
        return f"{broker.client_id} (set in the config file), persistent session"
    if identity.copied_from is not None:
        return (
            f"{identity.client_id}, persistent session (new: this data folder is a copy of "
            f"{identity.copied_from})"
        )
    return f"{identity.client_id}, persistent session (kept in {identity.path})"
