"""The six quick-win programs of the Rembang Smart City masterplan.

Every feed, dashboard and incident belongs to one of these; the keys appear in
MQTT topics (``rembang/<program>/...``) and in the sync protocol, so they never
change once deployed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Program:
    key: str
    label_id: str
    label_en: str

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_id


PROGRAMS: tuple[Program, ...] = (
    Program("governance", "Tata Kelola Pemerintahan", "Smart Governance"),
    Program("branding", "Pencitraan Daerah", "Smart Branding"),
    Program("economy", "Ekonomi", "Smart Economy"),
    Program("living", "Kehidupan", "Smart Living"),
    Program("society", "Masyarakat", "Smart Society"),
    Program("environment", "Lingkungan", "Smart Environment"),
)

PROGRAM_KEYS: tuple[str, ...] = tuple(p.key for p in PROGRAMS)

KECAMATAN: tuple[str, ...] = (
    "Rembang",
    "Lasem",
    "Kragan",
    "Sarang",
    "Sluke",
    "Pamotan",
    "Sedan",
    "Sale",
    "Gunem",
    "Sulang",
    "Kaliori",
    "Bulu",
    "Sumber",
    "Pancur",
)


def program(key: str) -> Program:
    """Look a program up by key; a KeyError names the valid keys."""
    for p in PROGRAMS:
        if p.key == key:
            return p
    raise KeyError(f"unknown program {key!r}; expected one of {', '.join(PROGRAM_KEYS)}")


def program_of_topic(topic: str) -> str | None:
    """The program key of a ``rembang/<program>/...`` topic, or None for other topics."""
    parts = topic.split("/", 2)
    if len(parts) >= 2 and parts[0] == "rembang" and parts[1] in PROGRAM_KEYS:
        return parts[1]
    return None


def known_program(key: str | None) -> str | None:
    """``key`` unchanged when it names a program (or is None); a ValueError for models."""
    if key is not None and key not in PROGRAM_KEYS:
        raise ValueError(f"unknown program; expected one of {', '.join(PROGRAM_KEYS)}")
    return key
