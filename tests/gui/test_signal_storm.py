"""Guard for the PySide6 pin: 100,000 signal emits must not abort the process.

PySide6 6.12.0 on Python 3.11 dies with "Fatal Python error: bool_dealloc"
after a few hundred emits (docs/architecture.md). The storm runs in a child
process so that an abort fails this test instead of killing the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

STORM = textwrap.dedent(
    """
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    class Emitter(QObject):
        flag = Signal(bool)
        tick = Signal()
        value = Signal(float)

    app = QCoreApplication([])
    emitter = Emitter()
    seen = [0]
    def count(*_args):
        seen[0] += 1
    emitter.flag.connect(count)
    emitter.tick.connect(count)
    emitter.value.connect(count)
    for i in range(100_000):
        emitter.flag.emit(i % 2 == 0)
        emitter.tick.emit()
        emitter.value.emit(float(i))
    print(seen[0])
    """
)


def test_one_hundred_thousand_emits_survive() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", STORM],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "300000"
