"""Keep the app alive on PySide6 builds that drop a reference to ``None`` on every void call.

PySide6/shiboken6 6.12.0 on Python 3.11 returns ``None`` from every C++ method returning
``void`` (``setText``, ``processEvents``, every ``QPainter.draw…``) without taking a reference
to it. Before Python 3.12 the interpreter counts references to ``None`` like any object's, so
each such call lowers the count by one, and when it reaches zero the interpreter aborts
("Fatal Python error: none_dealloc"). One repaint of the sample's day timeline and roster grid
makes 738 such calls against a count of about 65,000, so the app aborted after about 90 repaints
(seconds of dragging a shift), and test runs at exit.

Python 3.12 makes ``None``, ``True`` and ``False`` immortal (PEP 683) by giving them a count
that nothing can exhaust. :func:`apply` does the same on older interpreters, once, and only
where the fault is present; it holds no memory. The real fix is a PySide6 build without the
fault (see docs/ui.md).
"""
from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

#: references added to each singleton: more void calls than a process will ever make
HEADROOM = 1 << 40
_applied = False


def drops_none_references(probes: int = 32) -> bool:
    """True if a void PySide6 call lowers the reference count of ``None`` (the fault above)."""
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(probes):
        obj.setObjectName("probe")
    return sys.getrefcount(None) <= before - probes // 2


def apply() -> bool:
    """Make ``None``, ``True`` and ``False`` effectively immortal if this PySide6 build needs it.

    Returns True when the fix is in place. CPython keeps the count in the object's first field
    (``ob_refcnt``). Calling it again changes nothing.
    """
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or not drops_none_references():
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += HEADROOM
    _applied = True
    return True
