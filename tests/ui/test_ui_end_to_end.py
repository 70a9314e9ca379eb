"""End to end in the window: forecast → solve in the worker → drag a shift → undo → export."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt



def _drag(qtbot, widget, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtWidgets import QApplication
    move = QMouseEvent(QEvent.Type.MouseMove, QPointF(end), QPointF(widget.mapToGlobal(end)),
                       Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, move)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_sample_forecast_solve_drag_undo_export(qtbot, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The issue's workflow on the bundled sample, through the app's own open path."""
    from PySide6.QtWidgets import QMessageBox

    from planner.rostering.validate import validate
    from planner.service import PlanSession
    from ui.app import App
    if not PlanSession.sample_path().exists():
        pytest.skip("bundled sample not generated yet")
    monkeypatch.setattr("ui.main_window.remember_file", lambda _p: None)
    controller = App("en", auto_forecast=False)
    controller.open(None)                                   # no path: the bundled sample
    window, doc = controller.window, controller.document
    window.ask_to_save = lambda: QMessageBox.StandardButton.Discard
    errors: list[tuple[str, str]] = []
    window.show_error = lambda title, error: errors.append((title, str(error)))   # never a modal box
    try:
        assert len(doc.scenario.agents) == 56 and len(doc.scenario.queues) == 4
        with qtbot.waitSignal(doc.forecast_changed, timeout=120_000):
            doc.start_forecast(1, model="seasonal_naive")
        assert doc.session.requirements is not None and doc.session.n_days == 7
        assert window.solve_action.isEnabled()

        # solve one week in the worker: progress arrives as signals, the result is one undo step
        progress: list[object] = []
        doc.solve_progress.connect(progress.append)
        # Stop at the first roster (Stop keeps the best so far): how long finding one takes depends
        # on the roster model and the machine's load, and a better roster proves nothing more here
        doc.solve_progress.connect(lambda _p: doc.stop())
        with qtbot.waitSignal(doc.solve_finished, timeout=240_000) as finished:
            window.solve_panel.time_limit.setValue(180)
            window.solve_panel.start(reoptimise=False)
            assert doc.busy == "solve"
        result = finished.args[0]
        assert not errors, errors
        assert result.status in ("OPTIMAL", "FEASIBLE", "CANCELLED"), result.status   # CANCELLED: stopped
        roster = doc.roster
        assert roster is not None and len(roster.shifts) > 100
        assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Solve"
        assert window.isWindowModified()
        qtbot.waitUntil(lambda: doc.violations == validate(roster, doc.scenario), timeout=5_000)
        solved_violations = list(doc.violations)
        grid = window.pages["roster"].model
        filled = sum(1 for r in range(grid.rowCount()) for c in range(grid.columnCount())
                     if grid.index(r, c).data())
        assert filled == len(roster.shifts)

        # drag the first shift of Monday 15 minutes later in the day timeline
        view = window.pages["roster"]
        window.show_page("roster")
        monday = doc.session.start_date
        view.set_day(monday)
        window.resize(1600, 1000)
        qtbot.wait(50)                       # let the layout settle before reading geometry
        timeline = view.timeline
        first = timeline.rows()[0]
        grab_min = _middle_of_work(first)
        before_eval = doc.evaluation
        start = timeline.point_for(first.agent_id, grab_min)
        end = timeline.point_for(first.agent_id, grab_min + 15)
        with qtbot.waitSignal(doc.violations_changed, timeout=5_000):
            _drag(qtbot, timeline, start, end)
        moved = doc.roster.shift_of(first.agent_id, monday)
        assert (moved.start_min, moved.end_min) == (first.start_min + 15, first.end_min + 15)
        assert doc.undo_stack.undoText() == "Move shift" and doc.undo_stack.count() == 2

        # coverage follows: the agent counts from 15 minutes later, and one interval more at the end
        iv, old_iv = doc.evaluation.interval, before_eval.interval
        t_first = iv["start"] == pd_ts(monday, first.start_min)
        assert iv.loc[t_first, "scheduled"].sum() == pytest.approx(old_iv.loc[t_first, "scheduled"].sum() - 1)
        t_last = iv["start"] == pd_ts(monday, first.end_min)
        assert iv.loc[t_last, "scheduled"].sum() == pytest.approx(old_iv.loc[t_last, "scheduled"].sum() + 1)
        # and the chart on screen shows the new evaluation (queue and day it is set to)
        queue = view.coverage.queue_box.currentText()
        shown = iv[(iv["queue"] == queue) & (iv["start"].dt.date == monday)]["scheduled"].to_numpy()
        _x, plotted = view.coverage._scheduled.getData()
        assert plotted == pytest.approx(shown)
        # violations follow: a start at :15 is not one of the template's start times
        new_rule = [v for v in doc.violations if v.rule == "shift template" and v.agent_id == first.agent_id
                    and v.day == monday]
        assert new_rule and new_rule not in solved_violations
        assert doc.violations == validate(doc.roster, doc.scenario)
        row = [a.id for a in doc.scenario.agents].index(first.agent_id)
        cell = grid.index(row, 0)
        assert "shift template" in (cell.data(Qt.ItemDataRole.ToolTipRole) or "")

        # undo brings the solver's shift, its coverage and its violations back
        doc.undo_stack.undo()
        app_events(qtbot)
        assert doc.roster.shift_of(first.agent_id, monday) == first
        assert doc.evaluation.interval["scheduled"].to_numpy() == pytest.approx(old_iv["scheduled"].to_numpy())
        assert doc.violations == solved_violations

        # export the first three days for two agents through the dialog, read the file back
        from ui.views.export_dialog import ExportDialog, to_qdate
        dialog = ExportDialog(doc, window)
        qtbot.addWidget(dialog)
        dialog.path_edit.setText(str(tmp_path / "roster.xlsx"))
        dialog.last_day.setDate(to_qdate(monday + dt.timedelta(days=2)))
        picked = {first.agent_id, doc.scenario.agents[-1].id}
        for i in range(dialog.agents.count()):
            item = dialog.agents.item(i)
            if item.data(Qt.ItemDataRole.UserRole) not in picked:
                item.setCheckState(Qt.CheckState.Unchecked)
        path = dialog.export()
        book = openpyxl.load_workbook(path)
        sheet = book["Roster"]
        rows = list(sheet.iter_rows(values_only=True))
        header, body = rows[0], [r for r in rows[1:] if r[0]]
        assert {r[0] for r in body} == picked
        day_columns = [c for c in header if isinstance(c, dt.datetime)]
        assert [c.date() for c in day_columns] == [monday + dt.timedelta(days=i) for i in range(3)]
        mine = next(r for r in body if r[0] == first.agent_id)
        code = mine[header.index(day_columns[0])]
        assert f"{first.start_min // 60:02d}:{first.start_min % 60:02d}-" in code
    finally:
        doc.stop()
        doc.wait()
        window.close_for_replacement()


def _middle_of_work(shift) -> int:  # type: ignore[no-untyped-def]
    """The middle of the longest stretch of work between breaks: a drag there moves the shift."""
    edges = [shift.start_min, *[m for b in sorted(shift.breaks) for m in b], shift.end_min]
    a, b = max(zip(edges[::2], edges[1::2]), key=lambda ab: ab[1] - ab[0])
    return (a + b) // 2


def app_events(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(10)


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
