"""End to end in the window: forecast → solve in the worker → drag a shift → undo → export."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt

from tests.ui.conftest import TINY_START


def _drag(qtbot, widget, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtWidgets import QApplication
    move = QMouseEvent(QEvent.Type.MouseMove, QPointF(end), QPointF(widget.mapToGlobal(end)),
                       Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, move)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_forecast_solve_drag_undo_export(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    with qtbot.waitSignal(doc.forecast_changed, timeout=60_000):
        doc.start_forecast(1, model="seasonal_naive")
    assert doc.session.requirements is not None
    assert window.solve_action.isEnabled()

    # solve in the worker: the GUI thread stays free and progress arrives as signals
    with qtbot.waitSignal(doc.solve_finished, timeout=60_000) as finished:
        window.solve_panel.time_limit.setValue(3)
        window.solve_panel.start(reoptimise=False)
        assert doc.busy == "solve"
    result = finished.args[0]
    assert result.status in ("OPTIMAL", "FEASIBLE")
    roster = doc.roster
    assert roster is not None and len(roster.shifts) > 0
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Solve"
    assert doc.is_dirty() and window.isWindowModified()

    grid = window.pages["roster"].model
    filled = sum(1 for r in range(grid.rowCount()) for c in range(grid.columnCount())
                 if grid.index(r, c).data())
    assert filled == len(roster.shifts)

    # drag the first shift of Monday one hour later in the day timeline
    view = window.pages["roster"]
    window.show_page("roster")
    monday = TINY_START
    view.set_day(monday)
    timeline = view.timeline
    timeline.resize(1000, 300)
    first = timeline.rows()[0]
    before_eval = doc.evaluation
    start = timeline.point_for(first.agent_id, first.start_min + 120)
    end = timeline.point_for(first.agent_id, first.start_min + 180)
    with qtbot.waitSignal(doc.evaluation_changed, timeout=5_000):
        _drag(qtbot, timeline, start, end)
    moved = doc.roster.shift_of(first.agent_id, monday)
    assert moved.start_min == first.start_min + 60 and moved.end_min == first.end_min + 60
    assert doc.evaluation is not before_eval
    assert doc.last_refresh_ms < 1000
    assert doc.undo_stack.undoText() == "Move shift"
    # coverage follows the edit: the agent now counts one hour later
    iv = doc.evaluation.interval
    old_iv = before_eval.interval
    t_first = iv["start"] == pd_ts(monday, first.start_min)
    assert iv.loc[t_first, "scheduled"].sum() == pytest.approx(old_iv.loc[t_first, "scheduled"].sum() - 1)
    violations_after_move = list(doc.violations)

    # undo brings the solver's shift back and re-scores
    doc.undo_stack.undo()
    assert doc.roster.shift_of(first.agent_id, monday) == first
    assert doc.evaluation.interval["scheduled"].sum() == pytest.approx(before_eval.interval["scheduled"].sum())
    assert isinstance(violations_after_move, list)

    # export through the dialog's own code path, read it back
    from ui.views.export_dialog import ExportDialog
    dialog = ExportDialog(doc, window)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "roster.xlsx"))
    path = dialog.export()
    book = openpyxl.load_workbook(path)
    sheet = book[book.sheetnames[0]]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    for agent in doc.scenario.agents:
        if any(s.agent_id == agent.id for s in doc.roster.shifts):
            assert agent.name in text


def pd_ts(day: dt.date, minute: int):  # type: ignore[no-untyped-def]
    import pandas as pd
    return pd.Timestamp(day) + pd.Timedelta(minutes=minute)


def test_stop_button_stops_the_worker_and_progress_reaches_the_panel(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Stop → document.stop → the worker's Event; progress records arrive on the GUI thread."""
    import threading
    import types

    from planner.domain import Roster
    doc = window.document
    with qtbot.waitSignal(doc.forecast_changed, timeout=60_000):
        doc.start_forecast(1, model="seasonal_naive")
    seen_threads: list[object] = []

    def slow_solve(time_limit_s, progress=None, stop=None, previous=None):  # type: ignore[no-untyped-def]
        seen_threads.append(threading.current_thread())
        for i in range(1000):
            if stop.wait(0.01):
                break
            if i % 5 == 0:
                progress(types.SimpleNamespace(objective=-100.0 - i, bound=-50.0, elapsed_s=i / 100))
        return types.SimpleNamespace(roster=Roster(doc.session.start_date, 7, ()), status="CANCELLED",
                                     objective=-120.0, bound=-50.0, gap=0.58, wall_s=0.2)

    monkeypatch.setattr(doc.session, "solve", slow_solve)
    with qtbot.waitSignal(doc.solve_progress, timeout=5_000):
        window.solve_panel.start(reoptimise=False)
    assert window.stop_action.isEnabled() and doc.busy == "solve"
    with qtbot.waitSignal(doc.solve_finished, timeout=5_000) as finished:
        window.stop_action.trigger()
    assert finished.args[0].status == "CANCELLED"
    assert seen_threads and seen_threads[0] is not threading.main_thread()
    assert doc.busy == "" and not window.stop_action.isEnabled()
    assert doc.undo_stack.count() == 0            # nothing to apply from a cancelled empty solve
    assert window.solve_panel.objective.text() != "—"
    assert "CANCELLED" in window.solve_panel.status.text()
