"""Run the programs with passwords, then look for those passwords in everything they wrote.

``serve`` on a real PostgreSQL with a password in ``--database`` and in
``--poke-broker``; ``simulate`` with one in ``--broker`` (a run that
publishes, and one whose URL is wrong); ``doctor`` with a config holding
the broker password and a sign-in password on stdin, right and wrong; then
the support bundle, as Help > About makes it. Every file under the
platform's config, data, state and cache folders, the server's own output
and every member of the zip must hold none of the passwords, while the logs
do show the commands that were run (masked).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import make_url

from smartcity_console import paths
from smartcity_console.core.incidents import Role
from smartcity_console.doctor.runner import run_checks
from smartcity_console.doctor.server import Credentials
from smartcity_console.server.database import open_server_database
from smartcity_console.server.users import add_user
from smartcity_console.support_bundle import write_support_bundle
from tests.support.mosquitto import Mosquitto
from tests.support.postgres import Postgres
from tests.support.serve_process import ServeProcess

CLI = [sys.executable, "-m", "smartcity_console"]
DATABASE_PW = "Db-pw-4Kq9zX"  # these are all the test's own, made-up passwords
POKE_PW = "Poke-pw-7Lm2aB"
SIMULATE_PW = "Sim-pw-3Rt8cD"
SIGN_IN_PW = "SignIn-pw-9Vw1eF"
WRONG_PW = "Wrong-pw-5Hy6gH"
BROKER_PW = "Broker-pw-2Nj4kL"
SECRETS = (DATABASE_PW, POKE_PW, SIMULATE_PW, SIGN_IN_PW, WRONG_PW, BROKER_PW)


@pytest.fixture
def database_with_password(postgres: Postgres) -> Iterator[str]:
    """A database owned by a role that has a password (the URL carries it, as in production)."""
    admin = make_url(postgres.admin_url).set(drivername="postgresql")
    role, name = f"sc_{uuid.uuid4().hex[:8]}", f"secrets_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(role), sql.Literal(DATABASE_PW)
            )
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(role)
            )
        )
        yield f"postgresql+psycopg://{role}:{DATABASE_PW}@127.0.0.1:{postgres.port}/{name}"
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ},
    )


def written_files() -> list[Path]:
    roots = [Path(os.environ[var]) for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME")]
    roots += [Path(os.environ[var]) for var in ("XDG_STATE_HOME", "XDG_CACHE_HOME")]
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]


def test_no_password_given_to_the_programs_is_in_any_file_they_wrote(
    tmp_path: Path, mosquitto: Mosquitto, database_with_password: str
) -> None:
    outputs: dict[str, str] = {}
    db = open_server_database(database_with_password)
    add_user(db, "sari", Role.SUPERVISOR, SIGN_IN_PW)
    db.close()
    poke = f"mqtt://poker:{POKE_PW}@127.0.0.1:{mosquitto.port}"
    serve = ServeProcess(
        database_with_password, tmp_path / "serve-output.log", extra_args=["--poke-broker", poke]
    ).start()
    try:
        config = tmp_path / "input" / "config.toml"
        config.parent.mkdir()
        config.write_text(
            f'language = "en"\n[broker]\nurl = "{mosquitto.url}"\nusername = "console"\n'
            f'password = "{BROKER_PW}"\n[server]\nurl = "{serve.url}"\n',
            encoding="utf-8",
        )
        sim = f"mqtt://sim:{SIMULATE_PW}@127.0.0.1:{mosquitto.port}"
        published = run("simulate", "--broker", sim, "--duration", "0.5", "--speed", "60")
        assert published.returncode == 0, published.stderr
        bad_port = run("simulate", "--broker", f"mqtt://sim:{SIMULATE_PW}@127.0.0.1:nope")
        assert bad_port.returncode != 0
        checked = run(
            "--config", str(config), "doctor", "--json", "--user", "sari", "--password-stdin",
            stdin=SIGN_IN_PW + "\n",
        )  # fmt: skip
        assert '"server.login"' in checked.stdout
        assert "can log in" in checked.stdout
        refused = run(
            "--config", str(config), "doctor", "--user", "sari", "--password-stdin",
            stdin=WRONG_PW + "\n",
        )  # fmt: skip
        assert refused.returncode == 1
        for name, proc in [("simulate", published), ("simulate-bad", bad_port),
                           ("doctor", checked), ("doctor-wrong", refused)]:  # fmt: skip
            outputs[name] = proc.stdout + proc.stderr
        report = run_checks(config, credentials=Credentials("sari", SIGN_IN_PW)).as_json()
    finally:
        serve.stop()
    bundle = write_support_bundle(
        tmp_path / "support.zip",
        config_file=config,
        log_dir=paths.user_log_dir(),
        doctor_report=report,
        about={"config": str(config)},
    )

    files = written_files()
    logged = {p.name for p in files}
    assert {"serve.log", "simulate.log", "doctor.log"} <= logged
    serve_log = (paths.user_log_dir() / "serve.log").read_text(encoding="utf-8")
    assert f"--poke-broker mqtt://poker:***@127.0.0.1:{mosquitto.port}" in serve_log
    assert "postgresql+psycopg://sc_" in serve_log
    leaks = [
        (str(p), secret)
        for p in [*files, serve.log]
        for secret in SECRETS
        if secret.encode() in p.read_bytes()
    ]
    leaks += [(name, s) for name, text in outputs.items() for s in SECRETS if s in text]
    with zipfile.ZipFile(bundle) as archive:
        members = archive.namelist()
        assert "config/config.toml" in members
        assert {"logs/serve.log", "logs/doctor.log", "logs/simulate.log"} <= set(members)
        leaks += [
            (f"support.zip:{member}", secret)
            for member in members
            for secret in SECRETS
            if secret.encode() in archive.read(member)
        ]
    assert leaks == []
