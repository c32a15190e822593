"""A real PostgreSQL server on a free loopback port, owned by one test run.

PostgreSQL refuses to run as root, so when the tests run as root (CI here)
the cluster is created and started as the ``postgres`` system user that
Debian's package creates. The cluster lives in a temporary folder and is
stopped and deleted afterwards; the machine's own server is never touched.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.mosquitto import free_port, wait_for_port


def pg_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian keeps them out of PATH)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(user: str | None, argv: list[str]) -> list[str]:
    return ["runuser", "-u", user, "--", *argv] if user else argv


@dataclass
class Postgres:
    bindir: Path
    workdir: Path
    port: int
    user: str | None

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    @classmethod
    def start(cls) -> Postgres:
        bindir = pg_bin()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
        user = "postgres" if os.geteuid() == 0 else None
        workdir = Path(tempfile.mkdtemp(prefix="scc-pg-"))
        if user:
            entry = pwd.getpwnam(user)
            os.chown(workdir, entry.pw_uid, entry.pw_gid)
        data = workdir / "data"
        port = free_port()
        subprocess.run(
            _as_owner(
                user,
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(data),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ],
            ),
            check=True,
            capture_output=True,
        )
        options = f"-p {port} -h 127.0.0.1 -k {workdir} -c fsync=off"
        subprocess.run(
            _as_owner(
                user,
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(workdir / "server.log"),
                    "-w",
                    "start",
                ],
            ),
            check=True,
            capture_output=True,
        )
        wait_for_port("127.0.0.1", port, timeout=30)
        return cls(bindir, workdir, port, user)

    def create_database(self, name: str) -> str:
        done = subprocess.run(
            [
                str(self.bindir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                name,
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:  # say why: a bare "exit status 1" once hid the cause
            raise RuntimeError(f"createdb {name} failed ({done.returncode}): {done.stderr.strip()}")
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            _as_owner(
                self.user,
                [
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(self.workdir / "data"),
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                ],
            ),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.workdir, ignore_errors=True)
