"""PyInstaller runtime hook: pyqtgraph without Qt's OpenGL bindings.

pyqtgraph imports ``PySide6.QtOpenGL`` and ``QtOpenGLWidgets`` at module
level (``PlotCurveItem``, ``GraphicsView``, ``Qt/OpenGLHelpers.py``) for its
optional OpenGL drawing, which the console never turns on: it draws with
QPainter. The bindings and their Qt libraries are 9.6 MB of a 200 MB budget,
so the spec leaves them out and this hook, run before the console's first
import, puts two stand-ins in their place. Using one (an OpenGL widget) fails
loudly; importing them does not. ``make package-test``'s self-test draws
every default dashboard through pyqtgraph, so a pyqtgraph that needs more of
them fails there, not on a workstation.
"""

from __future__ import annotations

import sys
import types


class QOpenGLWidget:
    """Never made: the console has no OpenGL views (pyqtgraph's ``useOpenGL`` stays off)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("Qt's OpenGL widgets are not part of this bundle")


def _stand_in(name: str, **names: object) -> None:
    module = types.ModuleType(name, "a stand-in: see packaging/rthook_no_opengl.py")
    module.__dict__.update(names)
    sys.modules[name] = module


_stand_in("PySide6.QtOpenGL")
_stand_in("PySide6.QtOpenGLWidgets", QOpenGLWidget=QOpenGLWidget)
