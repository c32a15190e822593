"""Passwords never reach a log line, a message or the support bundle's config."""

from __future__ import annotations

import argparse
import tomllib

import pytest

from smartcity_console.cli import _parser
from smartcity_console.config import ConfigError, parse_config
from smartcity_console.mqtt.broker_url import parse_broker_url
from smartcity_console.redaction import (
    MASK,
    mask_argv,
    mask_url_passwords,
    secret_value_options,
)
from smartcity_console.support_bundle import REMOVED, UnredactableConfigError, redact_config

SECRET = "Pw-7q!zr@5K"  # noqa: S105 (made up; an unencoded "@" inside, as people type them)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("postgresql+psycopg://smartcity:s3cr3t@db.rembang:5432/sync",
         "postgresql+psycopg://smartcity:***@db.rembang:5432/sync"),
        ("mqtt://poker:s3cr3t@127.0.0.1:1883", "mqtt://poker:***@127.0.0.1:1883"),
        (f"mqtts://user:{SECRET}@broker:8883/x", "mqtts://user:***@broker:8883/x"),
        ("--database=sqlite:///x.db", "--database=sqlite:///x.db"),
        ("mqtt://user@host:1883", "mqtt://user@host:1883"),  # no password, nothing to hide
        ("see http://a:b@h and mqtt://c:d@k", "see http://a:***@h and mqtt://c:***@k"),
    ],
)  # fmt: skip
def test_url_passwords_are_masked_and_the_rest_kept(given: str, shown: str) -> None:
    assert mask_url_passwords(given) == shown


def test_the_logged_command_line_hides_url_passwords_and_secret_options() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    parser.add_argument("--broker-password")
    parser.add_argument("--password-stdin", action="store_true")
    parser.add_argument("name", nargs="?")
    options = secret_value_options(parser)
    assert options == {"--broker-password"}
    argv = [
        "--database", f"postgresql+psycopg://u:{SECRET}@db/x",
        "--broker-password", SECRET,
        "--password-stdin", "budi",
        f"--token={SECRET}",
    ]  # fmt: skip
    masked = mask_argv(argv, options)
    assert SECRET not in " ".join(masked)
    assert masked == [
        "--database", "postgresql+psycopg://u:***@db/x",
        "--broker-password", MASK,
        "--password-stdin", "budi",  # a flag: the next argument is not its value
        f"--token={MASK}",
    ]  # fmt: skip


def test_the_real_parser_has_no_flag_that_would_hide_its_neighbour() -> None:
    # doctor --password-stdin is a flag; no option of ours takes a secret value today.
    assert secret_value_options(_parser()) == set()


@pytest.mark.parametrize(
    "text",
    [
        f'[broker]\npassword = "{SECRET}"\n',
        f"[broker]\n\"password\" = '{SECRET}'\n",
        f'broker.password = "{SECRET}"\n',
        f'"broker"."password" = "{SECRET}"\n',
        f'[server]\ntoken = """\nfirst line\n{SECRET}\n"""\n',
        f"[server]\ntoken = '''{SECRET}'''\n",
        f'broker = {{ url = "mqtt://b", password = "{SECRET}" }}\n',
        f'x = {{ a = {{ client_secret = "{SECRET}" }} }}\n',
        f'[[feeds]]\ntopic = "a/#"\napi_key = "{SECRET}"\n',
        f'[broker]\nurl = "mqtt://console:{SECRET}@b:1883"\n',
        f'links = ["https://u:{SECRET}@h/x", 3]\n',
        f'[secrets]\nbroker = "{SECRET}"\n',  # a whole table under a secret name
        f'[broker]\n# password = "{SECRET}"  (the old one)\nusername = "c"\n',
        f'"my password" = "{SECRET}"\n',
    ],
)
def test_the_bundle_config_has_no_secret_in_any_toml_form(text: str) -> None:
    tomllib.loads(text)  # every case is valid TOML the console's parser accepts
    out = redact_config(text)
    assert SECRET not in out
    tomllib.loads(out)  # and what comes out is valid TOML


def test_redaction_keeps_everything_else() -> None:
    text = (
        '# comment\nlanguage = \'id\'\n[broker]\nurl = "mqtts://b:8883"\nusername = "console"\n'
        'password = "x"\nkeepalive_s = 30\n[[feeds]]\ntopic = "rembang/#"\nformat = "json"\n'
    )
    assert tomllib.loads(redact_config(text)) == {
        "language": "id",
        "broker": {
            "url": "mqtts://b:8883",
            "username": "console",
            "password": REMOVED,
            "keepalive_s": 30,
        },
        "feeds": [{"topic": "rembang/#", "format": "json"}],
    }


def test_a_config_that_is_not_toml_is_left_out_not_guessed_at() -> None:
    with pytest.raises(UnredactableConfigError, match="not valid TOML") as refused:
        redact_config(f'[broker]\npassword = "{SECRET}\n')
    assert SECRET not in str(refused.value)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (f'[broker]\nurl = "mqtt://u:{SECRET}@b:1883"\n', "broker.url"),
        (f'[server]\nurl = "https://u:{SECRET}@s:8765"\n', "server.url"),
        ('[broker]\npassword = ["a-list-is-wrong"]\nusername = "x"\n', "broker.password"),
    ],
)
def test_config_errors_never_echo_a_password(text: str, key: str) -> None:
    with pytest.raises(ConfigError, match=key) as refused:
        parse_config(text, "test.toml")
    assert SECRET not in str(refused.value)
    assert "a-list-is-wrong" not in str(refused.value)


def test_a_bad_broker_url_for_simulate_is_named_without_its_password() -> None:
    with pytest.raises(ValueError, match="invalid port") as refused:
        parse_broker_url(f"mqtt://sim:{SECRET}@127.0.0.1:notaport")
    assert SECRET not in str(refused.value)
    assert "mqtt://sim:***@127.0.0.1:notaport" in str(refused.value)
