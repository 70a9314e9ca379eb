"""Views: editors validate while typing, data import lists problems by row, the app starts."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QStyleOptionViewItem

from tests.ui.conftest import TINY_START, sample_roster, tiny_history


def test_staff_view_time_off_validation_and_undo(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    from ui.views.staff_view import StaffView
    view = StaffView(document)
    qtbot.addWidget(view)
    model = view.agents_model
    col = next(i for i, c in enumerate(model.columns) if c.header == "Time off")
    # validation while typing: the delegate's editor turns red and explains
    delegate = view.agents_table.itemDelegate()
    editor = delegate.createEditor(view.agents_table.viewport(), QStyleOptionViewItem(), model.index(0, col))
    assert isinstance(editor, QLineEdit)
    editor.setText("2025-12-05..2025-12-01")
    editor.textEdited.emit(editor.text())          # what typing emits
    assert editor.property("invalid") is True
    assert "ends before it starts" in view.message.text()
    editor.setText("2025-12-02..2025-12-03 年假")
    editor.textEdited.emit(editor.text())
    assert editor.property("invalid") is False
    delegate.setModelData(editor, model, model.index(0, col))
    agent = document.scenario.agents[0]
    assert agent.time_off[0].first == dt.date(2025, 12, 2) and agent.time_off[0].reason == "年假"
    document.undo_stack.undo()
    assert document.scenario.agents[0].time_off == ()


def test_staff_view_vip_queue_needs_vip_and_rules_have_tooltips(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    from ui.views.staff_view import StaffView
    view = StaffView(document)
    qtbot.addWidget(view)
    queues_col = next(i for i, c in enumerate(view.agents_model.columns) if c.header == "Queues")
    assert "unknown queue" in view.agents_model.validate(0, queues_col, "phone; fax")
    for w in (view.rest_h, view.min_staff, view.night_from, view.night_to, view.max_nights, view.max_weekend):
        assert len(w.toolTip()) > 20
    for model in (view.agents_model, view.contracts_model, view.templates_model, view.floors_model):
        for i, column in enumerate(model.columns):
            assert model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole), column.header
    view.rest_h.setValue(12)
    view.rest_h.editingFinished.emit()
    assert document.scenario.rules.min_rest_min == 12 * 60
    document.undo_stack.undo()
    assert document.scenario.rules.min_rest_min == 11 * 60
    assert view.rest_h.value() == 11


def test_roster_settings_are_editable_undoable_and_reach_the_solver(qtbot, forecast_document) -> None:  # type: ignore[no-untyped-def]
    from ui.views.staff_view import StaffView
    doc = forecast_document
    view = StaffView(doc)
    qtbot.addWidget(view)
    for w in view._option_widgets():
        assert len(w.toolTip()) > 20
    assert view.days_off_block.value() == 1 and view.short_break.value() == 15
    view.days_off_block.setValue(2)
    view.days_off_block.editingFinished.emit()
    view.break_window.setValue(45)
    view.break_window.editingFinished.emit()
    options = doc.scenario.roster_options
    assert options.min_consecutive_days_off == 2 and options.break_window_min == 45
    assert doc.session.build_problem().options.min_consecutive_days_off == 2   # what the solver is given
    doc.undo_stack.undo()
    assert doc.scenario.roster_options.break_window_min == 30 and view.break_window.value() == 30
    doc.undo_stack.undo()
    assert doc.scenario.roster_options.min_consecutive_days_off == 1 and view.days_off_block.value() == 1
    assert view.budget_h.text() == "no budget"
    view.budget_h.setValue(1200)
    view.budget_h.editingFinished.emit()
    assert doc.session.build_problem().options.paid_hours_budget == 1200
    doc.undo_stack.undo()
    assert doc.scenario.roster_options.paid_hours_budget == 0 and view.budget_h.value() == 0


def test_add_and_remove_agent_is_undoable(qtbot, forecast_document) -> None:  # type: ignore[no-untyped-def]
    from ui.views.staff_view import StaffView
    doc = forecast_document
    doc.replace_roster(sample_roster(doc.scenario))
    view = StaffView(doc)
    qtbot.addWidget(view)
    view._on_add_agent_clicked(view.agents_table)
    assert len(doc.scenario.agents) == 7 and doc.scenario.agents[-1].id == "A007"
    view.agents_table.setCurrentIndex(view.agents_model.index(0, 0))
    shifts_before = len(doc.roster.shifts)
    view._on_remove_agent_clicked(view.agents_table)
    assert "A01" not in {a.id for a in doc.scenario.agents}
    assert all(s.agent_id != "A01" for s in doc.roster.shifts) and len(doc.roster.shifts) < shifts_before
    doc.undo_stack.undo()                  # one step brings back the agent and their shifts
    assert "A01" in {a.id for a in doc.scenario.agents} and len(doc.roster.shifts) == shifts_before


def test_data_view_lists_problems_by_row_and_imports_nothing(qtbot, document, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ui.views.data_view import DataView
    view = DataView(document)
    qtbot.addWidget(view)
    bad = tmp_path / "bad.csv"
    bad.write_text("时间,队列,来电量\n2025-11-01 08:00,phone,12\nnot a time,phone,5\n2025-11-01 10:00,phone,-3\n",
                   encoding="utf-8-sig")
    before = document.session.history
    view.load_file(bad)
    assert view.current_mapping()["start"] == "时间" and view.current_mapping()["volume"] == "来电量"
    with qtbot.waitSignal(document.task_failed, timeout=30_000):
        assert view.import_file()                             # checked in the worker
    problems = view.problems_model.frame()
    # file rows (header = row 1) and the user's own column names, each with a fix
    assert sorted(zip(problems["row"], problems["column"])) == [(3, "时间"), (4, "来电量")]
    assert all(problems["fix"].str.len() > 10)
    assert document.session.history is before                # nothing half-imported
    assert "nothing was imported" in view.status.text()


def test_data_view_imports_a_valid_file_undoably(qtbot, document, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ui.views.data_view import DataView
    view = DataView(document)
    qtbot.addWidget(view)
    history = tiny_history(weeks=3, seed=11)
    good = tmp_path / "calls.csv"
    history.assign(start=history["start"].dt.strftime("%Y-%m-%dT%H:%M:%S")).to_csv(good, index=False)
    before = document.session.history
    with qtbot.waitSignal(document.forecast_changed, timeout=60_000):
        view.load_file(good)
        assert view.import_file()
    assert "Imported" in view.status.text()
    assert len(document.session.history) == len(history)
    assert document.undo_stack.undoText() == "Import history"
    assert view.summary_model.rowCount() == 1
    document.wait()
    document.undo_stack.undo()
    assert document.session.history is before
    document.wait()


def test_no_display_prints_cli_hint_and_returns_2(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from ui import app
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert app.main([]) == 2
    err = capsys.readouterr().err
    assert "no display" in err and "wfm demo --out" in err and "wfm plan" in err


def test_app_opens_the_sample_in_a_window(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from planner.service import PlanSession
    from ui.app import App
    if not PlanSession.sample_path().exists():
        pytest.skip("bundled sample not generated yet")
    monkeypatch.setattr("ui.main_window.remember_file", lambda _p: None)
    controller = App("en", auto_forecast=False)
    controller.open(None)
    window = controller.window
    try:
        assert window.isVisible()
        assert window.windowTitle().startswith(controller.document.scenario.name)
        assert len(controller.document.scenario.agents) >= 40
        assert window.pages["roster"].model.rowCount() == len(controller.document.scenario.agents)
    finally:
        window.close_for_replacement()


def test_window_title_tracks_unsaved_changes_and_close_asks(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox
    doc = window.document
    assert not window.isWindowModified()
    from dataclasses import replace
    doc.edit_scenario("rename", replace(doc.scenario, rules=replace(doc.scenario.rules, min_staff=2)))
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    asked: list[bool] = []

    def cancel() -> QMessageBox.StandardButton:
        asked.append(True)
        return QMessageBox.StandardButton.Cancel

    window.ask_to_save = cancel
    assert not window.close()
    assert asked and window.isVisible()
    doc.undo_stack.undo()
    assert not window.isWindowModified()


def test_whatif_surge_reforecasts_and_undo_restores(qtbot, forecast_document) -> None:  # type: ignore[no-untyped-def]
    from ui.views.forecast_view import ForecastView
    doc = forecast_document
    view = ForecastView(doc)
    qtbot.addWidget(view)
    frame = doc.session.forecast.frame
    base = frame["volume"].sum()
    base_day_one = frame.loc[frame["start"].dt.date == doc.session.start_date, "volume"].sum()
    whatif = view.whatif
    with qtbot.waitSignal(doc.forecast_changed, timeout=30_000):
        whatif._commit("adjustments", (whatif._new_adjustment(),), "surge")   # +10% on day 1
    model = whatif.adjust_model
    pct_col = next(i for i, c in enumerate(model.columns) if c.header == "Percent")
    to_col = next(i for i, c in enumerate(model.columns) if c.header == "To")
    assert "outside" in model.validate(0, pct_col, "-150")
    with qtbot.waitSignal(doc.forecast_changed, timeout=30_000):
        assert model.setData(model.index(0, pct_col), "50")
    with qtbot.waitSignal(doc.forecast_changed, timeout=30_000):
        assert model.setData(model.index(0, to_col), "")          # to the end of the horizon
    surged = doc.session.forecast.frame["volume"].sum()
    assert surged == pytest.approx(base * 1.5, rel=1e-6)
    assert doc.undo_stack.count() == 3
    with qtbot.waitSignal(doc.forecast_changed, timeout=30_000):
        doc.undo_stack.undo()
    with qtbot.waitSignal(doc.forecast_changed, timeout=30_000):
        doc.undo_stack.undo()
    # back to +10 % on the first day only
    assert doc.session.forecast.frame["volume"].sum() == pytest.approx(base + 0.1 * base_day_one, rel=1e-6)


def test_keyboard_pages_grid_and_timeline(qtbot, window, forecast_document) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence
    doc = window.document
    doc.replace_roster(sample_roster(doc.scenario))
    doc.undo_stack.setClean()
    for i, key in enumerate(window.pages):
        assert window.page_actions[i].shortcut() == QKeySequence(f"Ctrl+{i + 1}")
        window.page_actions[i].trigger()
        assert window.stack.currentWidget() is window.pages[key]
    view = window.pages["roster"]
    grid = view.grid
    grid.setFocus()
    grid.setCurrentIndex(view.model.index(0, 0))           # A01 Monday 08:00–17:00
    qtbot.keyClick(grid, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert doc.roster.shift_of("A01", TINY_START).locked
    timeline = view.timeline
    timeline.setFocus()
    timeline.select_agent("A03")
    qtbot.keyClick(timeline, Qt.Key.Key_Right)               # move one interval (60 min) later
    assert doc.roster.shift_of("A03", TINY_START).start_min == 9 * 60
    qtbot.keyClick(timeline, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)   # end one earlier
    assert doc.roster.shift_of("A03", TINY_START).end_min == 17 * 60
    qtbot.keyClick(timeline, Qt.Key.Key_Delete)
    assert doc.roster.shift_of("A03", TINY_START) is None
    assert doc.undo_stack.count() == 4
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.roster.shift_of("A03", TINY_START) is not None
    # a locked shift cannot be dragged: the refusal is shown, nothing changes
    timeline.select_agent("A01")
    messages: list[str] = []
    doc.edit_refused.connect(messages.append)
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert messages and "locked" in messages[0]
    assert doc.roster.shift_of("A01", TINY_START).start_min == 8 * 60


def test_save_then_open_restores_the_roster(qtbot, forecast_document, tmp_path, monkeypatch,
                                             no_modal_boxes) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("planner.project", reason="plan files (planner/project.py) not built yet")
    from planner.editing import set_locked
    from ui.app import App
    doc = forecast_document
    doc.replace_roster(sample_roster(doc.scenario))
    doc.edit("lock", lambda r: set_locked(r, "A01", TINY_START, True))
    assert doc.is_dirty()
    path = tmp_path / "plan.wfm"
    doc.save(path)
    assert not doc.is_dirty() and doc.path == path and path.exists()
    doc.edit("unlock", lambda r: set_locked(r, "A01", TINY_START, False))
    doc.save(path)                                            # same file again: a second roster version
    from planner.project import Project
    with Project.open(path, read_only=True) as project:
        versions = project.roster_versions()
    assert len(versions) == 2 and not versions[-1].roster.shift_of("A01", TINY_START).locked
    monkeypatch.setattr("ui.main_window.remember_file", lambda _p: None)
    # while this window edits the plan it holds the plan's lock
    from planner.project import _lock_text, lock_path
    assert lock_path(path).exists()
    doc.release()
    assert not lock_path(path).exists()
    # another planner process holds the plan: this one opens it read-only, with a warning
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        lock_path(path).write_text(_lock_text(holder.pid), encoding="utf-8")
        second = App("en", auto_forecast=False)
        second.open(path)
        try:
            assert second.document.plan_warning and "read-only" in second.document.plan_warning
            assert [box[1] for box in no_modal_boxes] == ["Opened read-only"]
            no_modal_boxes.clear()
            with pytest.raises(Exception, match="read-only"):
                second.document.save(path)
        finally:
            second.window.close_for_replacement()
        assert lock_path(path).exists()                       # the other planner's lock is left alone
    finally:
        holder.kill()
        holder.wait()
    lock_path(path).unlink()
    controller = App("en", auto_forecast=False)
    controller.open(path)
    try:
        reopened = controller.document
        assert reopened.plan_warning is None and not no_modal_boxes
        assert reopened.roster is not None
        assert sorted(reopened.roster.shifts, key=lambda s: (s.agent_id, s.day)) == \
            sorted(doc.roster.shifts, key=lambda s: (s.agent_id, s.day))
        assert controller.window.windowTitle().startswith("plan.wfm")
    finally:
        controller.window.close_for_replacement()


def test_autosave_is_offered_back_after_a_crash(qtbot, forecast_document, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("planner.project", reason="plan files (planner/project.py) not built yet")
    from planner.editing import delete_shift
    from planner.project import has_recovery
    from ui.app import App
    doc = forecast_document
    doc.replace_roster(sample_roster(doc.scenario))
    path = tmp_path / "plan.wfm"
    doc.save(path)
    doc.edit("delete", lambda r: delete_shift(r, "A01", TINY_START))
    assert doc.autosave() is not None and has_recovery(path)      # the session now "crashes"
    monkeypatch.setattr("ui.main_window.remember_file", lambda _p: None)
    monkeypatch.setattr(App, "ask_recover", lambda self, p: True)
    controller = App("en", auto_forecast=False)
    controller.open(path)
    try:
        restored = controller.document
        assert restored.roster.shift_of("A01", TINY_START) is None   # the unsaved delete came back
        assert restored.is_dirty()                                    # and is still unsaved
    finally:
        controller.window.close_for_replacement()


def test_timeline_elides_or_hides_labels_of_narrow_bars_and_tooltips_tell_all(qtbot, forecast_document) -> None:  # type: ignore[no-untyped-def]
    from ui.views.gantt import DayTimeline
    doc = forecast_document
    doc.replace_roster(sample_roster(doc.scenario))
    timeline = DayTimeline(doc)
    qtbot.addWidget(timeline)
    timeline.set_day(TINY_START)
    timeline.resize(1000, 200)
    assert timeline.label_of("A01") == "08:00–17:00"                  # room enough: the whole label
    timeline.resize(330, 200)                                          # ~80 px for a 9-hour bar
    short = timeline.label_of("A01")
    assert short.endswith("…") and "08:0".startswith(short[:2]) and len(short) < len("08:00–17:00")
    timeline.resize(200, 200)                                          # ~30 px: nothing readable fits
    assert timeline.label_of("A01") == ""
    tip = timeline.tooltip_at(timeline.point_for("A01", 10 * 60))
    assert tip.splitlines() == ["李娜 · 08:00–17:00 · day", "Breaks: 12:00–13:00"]
    assert "Drag a shift" in timeline.tooltip_at(timeline.point_for("A01", 20 * 60))   # off the bar: help


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_targets_table_shows_every_column_whole_at_1440_px(qtbot, forecast_document, language) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox
    from ui.i18n import install_language
    from ui.main_window import MainWindow
    from ui.views.record_page import two_line_px
    install_language(language)
    try:
        window = MainWindow(forecast_document, language)
        window.ask_to_save = lambda: QMessageBox.StandardButton.Discard
        qtbot.addWidget(window)
        window.resize(1440, 900)
        window.show()
        window.show_page("targets")
        qtbot.waitExposed(window)
        table = window.pages["targets"].table
        header, model = table.horizontalHeader(), table.model()
        for c in range(model.columnCount()):
            title = model.headerData(c, Qt.Orientation.Horizontal)
            width = header.sectionSize(c)
            assert two_line_px(header.fontMetrics(), title) <= width, title      # title on ≤ 2 lines
            assert table.sizeHintForColumn(c) <= width, title                    # cells not cut
        assert header.length() <= table.viewport().width()                       # no column off screen
        assert header.height() >= 2 * header.fontMetrics().height()             # room for two-line titles
    finally:
        install_language("en")
