"""The refcount fix keeps None alive however many void PySide6 calls drop a reference to it."""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject

from ui import refcount_fix


def test_none_outlives_void_calls_after_the_fix(qapp) -> None:  # type: ignore[no-untyped-def]
    refcount_fix.apply()                                   # a no-op where the fault is absent
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(5000):
        obj.setObjectName("x")
    after = sys.getrefcount(None)
    if refcount_fix.drops_none_references():
        assert before - after >= 4000                      # the fault is real on this build …
        assert after > refcount_fix.HEADROOM // 2          # … and None has room for 10^12 more
    else:
        assert abs(before - after) < 100
    assert refcount_fix.apply() is refcount_fix.drops_none_references()
    assert sys.getrefcount(None) < 2 * refcount_fix.HEADROOM                  # applied once, not twice
