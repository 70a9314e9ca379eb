"""Long work off the GUI thread: one worker shape for forecasts, solves and imports.

Every task speaks the same signals — ``started``, ``progress(object)``, ``finished(object)``,
``failed(object)`` — and they are always delivered on the GUI thread (queued connections), so
slots may touch widgets. The task function runs on a ``QThread`` and receives a ``report``
callable (thread-safe: it only emits a signal) and a ``threading.Event`` that Stop sets.
"""
from __future__ import annotations

import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

TaskFn = Callable[[Callable[[Any], None], threading.Event], Any]


class Worker(QObject):
    """Runs ``fn(report, stop)`` once on its own thread and reports back."""

    started = Signal()
    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(object)     # the exception; its traceback text is in ``worker.traceback``

    def __init__(self, fn: TaskFn, name: str = "task") -> None:
        super().__init__()
        self._fn = fn
        self.name = name
        self.stop_event = threading.Event()
        self.traceback = ""
        self._thread = QThread()
        self._thread.setObjectName(f"wfm-{name}")
        self.moveToThread(self._thread)
        self._thread.started.connect(self._run)
        # direct: QThread.quit is thread-safe, and a queued quit would wait for a GUI thread that may
        # itself be blocked in wait() (closing the window) — a deadlock until the timeout
        self.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self.failed.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ask the task to stop; it finishes with what it has (a solver returns its best roster)."""
        self.stop_event.set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        return self._thread.wait(timeout_ms)

    @Slot()
    def _run(self) -> None:
        self.started.emit()
        try:
            result = self._fn(self.progress.emit, self.stop_event)
        except Exception as exc:  # reported to the GUI thread, which shows it; never swallowed
            self.traceback = traceback.format_exc()
            self.failed.emit(exc)
            return
        self.finished.emit(result)
