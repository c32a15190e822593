"""The only package that imports PySide6 or pyqtgraph (an import-linter contract checks it)."""

import os

# qasync and pyqtgraph pick their Qt binding from what is importable; say which.
os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
