"""Writing a ``[[feeds]]`` table into the config file (issue 14): placed right, rest kept."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from smartcity_console import paths
from smartcity_console.config import ConfigError, load_config
from smartcity_console.config_feeds import save_feed, with_feed
from smartcity_console.core.mapping import FeedMapping

# zigbee2mqtt door contact (MCCGQ11LM), mapped with the zigbee2mqtt profile.
DOOR = FeedMapping(topic="zigbee2mqtt/pintu_gudang", profile="zigbee2mqtt")


def test_the_bundled_default_keeps_every_line_and_the_table_lands_first_where_it_matches() -> None:
    text = paths.bundled_config_file().read_text(encoding="utf-8")
    mapping = FeedMapping(
        topic="rembang/living/pompa/lasem", fields=["ENERGY.Power"], units={"ENERGY.Power": "W"}
    )
    out = with_feed(text, mapping, "rembang/living/pompa/lasem", "pump at Lasem")
    changes = difflib.ndiff(text.splitlines(), out.splitlines())
    assert not [line for line in changes if line.startswith("- ")]  # only lines added
    # Before "rembang/#", which would otherwise take the topic, and above its comment.
    head = out[: out.index('topic = "rembang/#"')]
    assert head.rindex("# pump at Lasem") < head.rindex("# The Rembang simulator")


def test_same_filter_is_replaced_not_added_twice() -> None:
    text = '# mine\n[[feeds]] \ntopic = "zigbee2mqtt/pintu_gudang"\nfields = ["contact"]\n'
    out = with_feed(text, DOOR, "zigbee2mqtt/pintu_gudang")
    assert out.count("[[feeds]]") == 1
    assert 'profile = "zigbee2mqtt"' in out
    assert "fields" not in out


def test_a_missing_file_starts_from_the_bundled_default(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    save_feed(path, DOOR, "zigbee2mqtt/pintu_gudang")
    feeds = load_config(path).feeds
    # The bundled default's feeds (the simulator's, Sparkplug B), then the new one.
    assert [f.topic for f in feeds] == ["rembang/#", "spBv1.0/#", "zigbee2mqtt/pintu_gudang"]


def test_a_file_that_would_not_load_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[display]\nframe_rate = "fast"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        save_feed(path, DOOR, "zigbee2mqtt/pintu_gudang")
    assert path.read_text(encoding="utf-8") == '[display]\nframe_rate = "fast"\n'
