"""Each installation's MQTT client id: made once, kept with the data, never shared by a copy."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from smartcity_console import installation
from smartcity_console.config import AppConfig, BrokerConfig, IncidentsConfig
from smartcity_console.installation import (
    ID_FILE,
    describe_client_id,
    inspect_client_id,
    installation_client_id,
    with_client_id,
)


def test_the_first_start_makes_an_id_that_every_broker_accepts(tmp_path: Path) -> None:
    identity = installation_client_id(tmp_path / "data")
    assert identity.made
    assert identity.copied_from is None
    # MQTT 3.1.1 [MQTT-3.1.3-5]: 1 to 23 characters of 0-9a-zA-Z are always allowed.
    assert len(identity.client_id) <= 23
    assert identity.client_id.isalnum()
    assert identity.client_id.startswith("smartcity")
    assert (tmp_path / "data" / ID_FILE).exists()


def test_later_starts_keep_the_id(tmp_path: Path) -> None:
    first = installation_client_id(tmp_path)
    again = installation_client_id(tmp_path)
    assert again.client_id == first.client_id
    assert not again.made


def test_two_installations_never_share_an_id(tmp_path: Path) -> None:
    ids = {installation_client_id(tmp_path / f"ws{i}").client_id for i in range(50)}
    assert len(ids) == 50


def test_a_copied_data_folder_gets_a_new_id_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    original = tmp_path / "workstation-a"
    first = installation_client_id(original)
    copy = tmp_path / "workstation-b"
    shutil.copytree(original, copy)

    caplog.set_level(logging.WARNING)
    copied = installation_client_id(copy)

    assert copied.client_id != first.client_id
    assert copied.made
    assert copied.copied_from is not None
    assert str(original.resolve()) in copied.copied_from
    warning = " ".join(r.getMessage() for r in caplog.records)
    assert "copied" in warning
    assert first.client_id in warning
    assert copied.client_id in warning
    # The copy keeps its new id from now on; the original keeps its own.
    assert installation_client_id(copy).client_id == copied.client_id
    assert installation_client_id(original).client_id == first.client_id
    assert (copy / f"{ID_FILE}.copied").exists()  # kept for support


def test_a_moved_data_folder_keeps_its_id(tmp_path: Path) -> None:
    before = tmp_path / "old-name"
    first = installation_client_id(before)
    after = tmp_path / "new-name"
    before.rename(after)  # same inode: a move, not a copy
    moved = installation_client_id(after)
    assert moved.client_id == first.client_id
    assert not moved.made
    recorded = json.loads((after / ID_FILE).read_text())
    assert recorded["place"]["folder"] == str(after.resolve())


def test_the_same_folder_on_another_machine_gets_a_new_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fake machine id: a second computer cannot be had here (a disk moved to another PC)."""
    first = installation_client_id(tmp_path)
    monkeypatch.setattr(installation, "machine_id", lambda: "machine-id:another-computer")
    elsewhere = installation_client_id(tmp_path)
    assert elsewhere.client_id != first.client_id
    assert elsewhere.copied_from is not None


def test_a_damaged_id_file_is_replaced_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / ID_FILE).write_text("{not json", encoding="utf-8")
    identity = installation_client_id(tmp_path)
    assert identity.made
    assert any(ID_FILE in r.getMessage() for r in caplog.records)
    assert installation_client_id(tmp_path).client_id == identity.client_id


def test_doctor_reads_the_id_without_writing(tmp_path: Path) -> None:
    assert inspect_client_id(tmp_path).client_id is None
    assert not (tmp_path / ID_FILE).exists()
    made = installation_client_id(tmp_path / "a")
    kept = inspect_client_id(tmp_path / "a")
    assert kept.client_id == made.client_id
    assert kept.belongs_here
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    copy = inspect_client_id(tmp_path / "b")
    assert copy.client_id == made.client_id
    assert not copy.belongs_here
    # Reading did not replace the copy's id: the console does that at its start.
    assert json.loads((tmp_path / "b" / ID_FILE).read_text())["client_id"] == made.client_id


def _config(tmp_path: Path, **broker: object) -> AppConfig:
    return AppConfig(
        broker=BrokerConfig.model_validate(broker),
        incidents=IncidentsConfig(database=tmp_path / "data" / "incidents.sqlite3"),
    )


def test_the_console_connects_with_a_persistent_session_by_default(tmp_path: Path) -> None:
    config, identity = with_client_id(_config(tmp_path))
    assert identity is not None
    assert config.broker.client_id == identity.client_id
    assert config.broker.persistent_session
    assert (tmp_path / "data" / ID_FILE).exists()  # beside the incident database
    assert identity.client_id in describe_client_id(config, identity)


def test_a_client_id_in_the_file_wins(tmp_path: Path) -> None:
    config, identity = with_client_id(_config(tmp_path, client_id="console-ruang-1"))
    assert identity is None
    assert config.broker.client_id == "console-ruang-1"
    assert config.broker.persistent_session
    assert not (tmp_path / "data" / ID_FILE).exists()


def test_a_clean_session_needs_no_id(tmp_path: Path) -> None:
    config, identity = with_client_id(_config(tmp_path, session="clean"))
    assert identity is None
    assert config.broker.client_id is None
    assert not config.broker.persistent_session
    assert "clean session" in describe_client_id(config, identity)
