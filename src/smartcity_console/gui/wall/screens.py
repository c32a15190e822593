"""Which monitors get a wall window: Qt-free, so the choice is testable without screens.

``--screen N`` counts monitors from 1, as the operating system's display
settings do ("Display 1"); without it every monitor gets its own wall.
"""

from __future__ import annotations

from collections.abc import Sequence


class ScreenChoiceError(ValueError):
    """``--screen N`` names a monitor this workstation does not have."""


def choose_screens(names: Sequence[str], requested: int | None) -> list[int]:
    """Indexes (0-based, into ``names``) of the screens to open a wall on.

    ``names`` are the screens Qt reports, in its order; ``requested`` is the
    1-based ``--screen`` number or None for all of them.
    """
    if not names:
        raise ScreenChoiceError("no screen to show the wall on")
    if requested is None:
        return list(range(len(names)))
    if not 1 <= requested <= len(names):
        listed = ", ".join(f"{i} = {name}" for i, name in enumerate(names, start=1))
        raise ScreenChoiceError(
            f"--screen {requested}: this workstation has {len(names)} screen(s): {listed}"
        )
    return [requested - 1]
