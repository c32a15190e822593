"""Units and numbers in one language at a time (issue 17), without Qt.

The Indonesian console showed "people" and "vehicles/5min" on its tiles and
"18.5 ug/m3" in alarm titles beside "18,5 µg/m³" on the tiles.
"""

from __future__ import annotations

from smartcity_console.config import load_config
from smartcity_console.core.alarm_engine import AlarmEngine
from smartcity_console.core.alarm_rules import ThresholdRule
from smartcity_console.core.readings import Reading
from smartcity_console.core.units import LocalNumber, display_unit
from smartcity_console.paths import bundled_config_file

T0 = 1_764_300_000.0
LASEM = "rembang/environment/pm25/lasem"


def test_feed_units_read_in_the_language_shown() -> None:
    assert display_unit("people", "id") == "orang"
    assert display_unit("users", "id") == "pengguna"
    assert display_unit("vehicles/5min", "id") == "kendaraan/5 menit"
    assert display_unit("people", "en") == "people"
    assert display_unit("vehicles/5min", "en") == "vehicles/5 min"
    assert display_unit("ug/m3", "id") == display_unit("ug/m3", "en") == "µg/m³"
    assert display_unit("Rp/kg", "id") == "Rp/kg"  # not listed: as the feed sent it
    assert display_unit(None, "id") == ""


def test_numbers_take_the_languages_separators_and_group_thousands_like_the_tiles() -> None:
    assert f"{LocalNumber(18.5, 'id'):.1f}" == "18,5"
    assert f"{LocalNumber(18.5, 'en'):.1f}" == "18.5"
    assert f"{LocalNumber(13400, 'id'):.0f}" == "13.400"
    assert f"{LocalNumber(13400, 'en'):g}" == "13,400"
    assert f"{LocalNumber(1.2, 'id'):+.1f}" == "+1,2"


def _pm25_rule(message_id: str, message_en: str) -> ThresholdRule:
    return ThresholdRule.model_validate(
        {
            "id": "pm25-high",
            "kind": "above",
            "series": "rembang/environment/pm25/+",
            "program": "environment",
            "severity": "critical",
            "threshold": 15.5,
            "message_id": message_id,
            "message_en": message_en,
        }
    )


def test_alarm_titles_are_written_in_their_language_with_its_numbers_and_units() -> None:
    rule = _pm25_rule(
        "PM2.5 {value:.1f} {unit} di {station} (batas {threshold:g})",
        "PM2.5 {value:.1f} {unit} at {station} (limit {threshold:g})",
    )
    (event,) = AlarmEngine([rule]).evaluate([Reading(LASEM, T0, 18.5, "ug/m3")], now=T0)
    assert event.title_id == "PM2.5 18,5 µg/m³ di Lasem (batas 15,5)"
    assert event.title_en == "PM2.5 18.5 µg/m³ at Lasem (limit 15.5)"


def test_the_bundled_rules_titles_follow_too() -> None:
    config = load_config(bundled_config_file())
    engine = AlarmEngine(list(config.alarms))
    river = "rembang/environment/river_level/kali_babagan"
    events = []
    for i in range(12):  # past any on-delay of the bundled flood rule
        t = T0 + 60 * i
        events += engine.evaluate([Reading(river, t, 4.25, "m")], now=t)
    raised = [e for e in events if e.kind == "raised"]
    assert raised
    assert "4,25 m" in raised[0].title_id
    assert "4.25 m" in raised[0].title_en


def test_broker_errors_are_named_in_words() -> None:
    from smartcity_console.core.error_words import broker_error_in_words

    def words(reason: str) -> str:
        return broker_error_in_words(reason).text("id")

    assert words("[Errno 111] Connect call failed ('127.0.0.1', 1883)") == "broker menolak koneksi"
    assert words("[Errno -2] Name or service not known") == "alamat broker tidak ditemukan"
    assert words("the broker did not answer in time: Operation timed out") == (
        "broker tidak menjawab tepat waktu"
    )
    assert words("[code:135] Not authorized") == "broker menolak nama pengguna atau kata sandi"
    assert words("something new") == "koneksi ke broker gagal"


def test_an_alarm_incidents_description_writes_the_value_in_its_language() -> None:
    from smartcity_console.console.alarm_incidents import describe

    rule = _pm25_rule("PM2.5 {value:.1f} {unit}", "PM2.5 {value:.1f} {unit}")
    (event,) = AlarmEngine([rule]).evaluate([Reading(LASEM, T0, 18.5, "ug/m3")], now=T0)
    assert "(nilai 18,5)" in describe(event, "id")
    assert "(value 18.5)" in describe(event, "en")
