"""Write the annunciation sounds (resources/sounds/*.wav) with the standard library only.

Why generated and not downloaded: the files must be ours to ship (no licence
to track), small (the 200 MB bundle budget), and reproducible. Each severity
has its own pattern, as ISA-18.2 / EEMUA 191 ask, so an operator who is not
looking at the screen knows from the sound alone how urgent it is:

* critical: a fast, high two-tone warble (1047/1319 Hz), four pulses;
* high: two slower, lower beeps (784 Hz).

Run ``python packaging/make_sounds.py`` (``make sounds``) after changing them;
the output is the same on every machine (no randomness, fixed rate).
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 16_000  # Hz: enough for tones under 2 kHz, half the size of 32 kHz
AMPLITUDE = 0.6  # of full scale: loud, never clipped
FADE_S = 0.008  # ramp at each pulse edge: no click


def _pulse(freq: float, seconds: float) -> list[float]:
    count = int(RATE * seconds)
    fade = int(RATE * FADE_S)
    out = []
    for i in range(count):
        ramp = min(1.0, i / fade, (count - 1 - i) / fade)
        out.append(AMPLITUDE * ramp * math.sin(2 * math.pi * freq * i / RATE))
    return out


def _silence(seconds: float) -> list[float]:
    return [0.0] * int(RATE * seconds)


def critical() -> list[float]:
    samples: list[float] = []
    for _ in range(4):
        samples += _pulse(1047, 0.09) + _pulse(1319, 0.09) + _silence(0.04)
    return samples


def high() -> list[float]:
    return _pulse(784, 0.25) + _silence(0.15) + _pulse(784, 0.25)


SOUNDS = {"critical": critical, "high": high}


def write(path: Path, samples: list[float]) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", round(s * 32767)) for s in samples))


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in SOUNDS.items():
        write(folder / f"{name}.wav", make())
        print(f"wrote {folder / name}.wav")


if __name__ == "__main__":
    main(
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).parents[1] / "resources" / "sounds"
    )
