"""The window stays responsive while the solver runs in its worker thread.

A 20 ms QTimer on the GUI thread records how late each tick arrives while the sample centre's
week is solved; a late tick means the event loop was blocked (input and repaints wait as long).
"""
from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QTimer

TICK_MS = 20


class LoopLatency:
    """Lateness of a periodic GUI-thread timer, in milliseconds, while it runs."""

    def __init__(self) -> None:
        self.late_ms: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        self.late_ms.append(max(0.0, (now - self._last) * 1000.0 - TICK_MS))
        self._last = now


def _solve_sample_measuring(qtbot, seconds: float) -> tuple[LoopLatency, object, int]:  # type: ignore[no-untyped-def]
    from planner.service import PlanSession
    from ui.document import PlanDocument
    from PySide6.QtWidgets import QMessageBox

    from ui.main_window import MainWindow
    if not PlanSession.sample_path().exists():
        pytest.skip("bundled sample not generated yet")
    doc = PlanDocument(PlanSession.open(PlanSession.sample_path()))
    window = MainWindow(doc)
    window.ask_to_save = lambda: QMessageBox.StandardButton.Discard   # a modal box would block
    window.show_error = lambda _title, _error: None   # a short solve may end without a roster: not measured here
    qtbot.addWidget(window)
    window.show()
    window.show_page("roster")
    with qtbot.waitSignal(doc.forecast_changed, timeout=120_000):
        doc.start_forecast(1, model="seasonal_naive")
    progress: list[object] = []
    doc.solve_progress.connect(progress.append)
    latency = LoopLatency()
    # stop measuring when the solver's result arrives, before it is applied to the window
    doc.solve_finished.connect(lambda _r: latency.stop())
    try:
        with qtbot.waitSignal(doc.solve_finished, timeout=int(seconds * 1000) + 180_000) as finished:
            latency.start()
            doc.start_solve(time_limit_s=seconds)
    finally:
        doc.stop()
        doc.wait()
    return latency, finished.args[0], len(progress)


def _check(latency: LoopLatency, seconds: float) -> None:
    late = np.array(latency.late_ms)
    # the timer kept ticking through the solve (not starved), and ticks were not held up 100 ms.
    # p95, not the maximum: on a shared 2-core machine CP-SAT's two search threads and other
    # processes occasionally keep the GUI thread off the CPU for longer (measured in
    # benchmarks/results/ui.md)
    assert len(late) >= 0.5 * seconds * 1000 / TICK_MS, len(late)
    assert np.median(late) < 20.0, np.median(late)
    assert np.percentile(late, 95) < 100.0, np.sort(late)[-10:]


def test_event_loop_stays_live_during_a_solve(qtbot) -> None:  # type: ignore[no-untyped-def]
    latency, result, n_progress = _solve_sample_measuring(qtbot, seconds=4.0)
    # what is measured is the GUI thread during 4 s of solving, roster or not: how soon the first
    # roster comes depends on the roster model and the machine's load (UNKNOWN = none yet)
    assert result.status in ("OPTIMAL", "FEASIBLE", "UNKNOWN")
    if result.status != "UNKNOWN":
        assert n_progress >= 1                   # progress records reached the GUI thread
    _check(latency, 4.0)


@pytest.mark.slow
@pytest.mark.timeout(900)        # the suite's 300 s limit is shorter than this solve
def test_event_loop_stays_live_during_a_five_minute_solve(qtbot) -> None:  # type: ignore[no-untyped-def]
    latency, result, _n = _solve_sample_measuring(qtbot, seconds=300.0)
    assert result.status in ("OPTIMAL", "FEASIBLE")
    _check(latency, 300.0 if result.wall_s >= 299 else float(result.wall_s))
