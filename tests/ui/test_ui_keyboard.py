"""Keyboard: Tab reaches every input of every page and dialog, in reading order; rule fields explain
themselves in both languages."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QApplication, QComboBox,
                               QHeaderView, QLineEdit, QTabBar, QTableView, QTabWidget, QWidget)

from tests.ui.conftest import sample_roster
from ui.models.record_model import RecordTableModel

INPUTS = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QAbstractItemView)


def _is_input(w: QWidget) -> bool:
    """A widget a user types into, ticks, picks or moves in — not one of Qt's own parts of another."""
    return isinstance(w, INPUTS) and not isinstance(w, QHeaderView) and not w.objectName().startswith("qt_") \
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus and not isinstance(w.parent(), (QComboBox, QTabBar))


def inputs_of(root: QWidget) -> list[QWidget]:
    """Enabled, visible inputs under ``root``."""
    return [w for w in root.findChildren(QWidget) if _is_input(w) and w.isEnabled() and w.isVisible()]


def tab_chain(start: QWidget, limit: int = 200) -> list[QWidget]:
    """Focus ``start`` and press Tab until focus comes back (or gets stuck): the widgets visited."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    seen: list[QWidget] = []
    for _ in range(limit):
        focus = QApplication.focusWidget()
        if focus is None or focus in seen:
            break
        seen.append(focus)
        for _section in range(4):       # a time or date edit steps through its sections first
            QTest.keyClick(focus, Qt.Key.Key_Tab)
            QApplication.processEvents()
            if QApplication.focusWidget() is not focus:
                break
    assert QApplication.focusWidget() is start, \
        f"Tab stopped at {type(QApplication.focusWidget()).__name__} instead of going round"
    return seen


def _tab_states(page: QWidget):  # type: ignore[no-untyped-def]
    """Show each tab of each tab widget on the page in turn (a hidden tab's inputs cannot be tabbed to)."""
    yield None
    for tabs in page.findChildren(QTabWidget):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            QApplication.processEvents()
            yield f"{tabs.objectName()}[{i}] {tabs.tabText(i)}"
        tabs.setCurrentIndex(0)


@pytest.fixture
def full_window(qtbot, window, forecast_document):  # type: ignore[no-untyped-def]
    window.document.replace_roster(sample_roster(window.document.scenario))
    window.resize(1440, 900)
    window.activateWindow()
    qtbot.waitExposed(window)
    return window


def test_tab_reaches_every_input_of_every_page_after_the_sidebar(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    window = full_window
    for key, page in window.pages.items():
        window.show_page(key)
        QApplication.processEvents()
        for state in _tab_states(page):
            chain = tab_chain(window.sidebar)
            missing = [f"{type(w).__name__}:{w.objectName() or getattr(w, 'text', lambda: '')()}"
                       for w in inputs_of(page) if w not in chain]
            assert not missing, f"page {key} {state or ''}: not reachable by Tab: {missing}"
            # the page's inputs come as one run right after the sidebar, before the solver dock
            on_page = [page.isAncestorOf(w) for w in chain[1:]]
            run = on_page.index(False) if False in on_page else len(on_page)
            assert any(on_page) and not any(on_page[run:]), f"page {key} {state or ''}: Tab leaves and re-enters"


def _order(chain: list[QWidget], *widgets: QWidget) -> list[int]:
    return [chain.index(w) for w in widgets]


def test_tab_order_follows_the_layout_where_it_matters(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    window = full_window
    window.show_page("targets")
    targets = window.pages["targets"]
    chain = tab_chain(window.sidebar)
    positions = _order(chain, targets.table, targets.requirements.queue_box, targets.requirements.table)
    assert positions == sorted(positions)
    window.show_page("roster")
    roster = window.pages["roster"]
    chain = tab_chain(window.sidebar)
    positions = _order(chain, roster.grid, roster.timeline, roster.coverage.queue_box,
                       roster.coverage.whole_horizon)
    assert positions == sorted(positions)
    panel = window.solve_panel                # the dock, after the page: buttons row by row, then the limit
    positions = _order(chain, *[w for w in (panel.solve_button, panel.stop_button, panel.reopt_button,
                                            panel.time_limit) if w.isEnabled()])
    assert len(positions) >= 2
    assert positions == sorted(positions)
    window.show_page("staff")
    staff = window.pages["staff"]
    staff.tabs.setCurrentIndex(staff.tabs.indexOf(staff.rest_h.parentWidget()))
    chain = tab_chain(window.sidebar)
    fields = [staff.rest_h, staff.min_staff, staff.night_from, staff.night_to, staff.max_nights, staff.max_weekend,
              *staff._option_widgets()]
    assert _order(chain, *fields) == sorted(_order(chain, *fields))
    staff.tabs.setCurrentIndex(staff.tabs.indexOf(staff.roster_rules.meetings_page))
    rules = staff.roster_rules
    chain = tab_chain(window.sidebar)
    fields = [rules.meetings.table, rules.meeting_from, rules.meeting_to, *rules.meeting_days]
    assert _order(chain, *fields) == sorted(_order(chain, *fields))


def test_tab_reaches_every_input_of_the_export_dialog(qtbot, full_window) -> None:  # type: ignore[no-untyped-def]
    from ui.views.export_dialog import ExportDialog
    dialog = ExportDialog(full_window.document, full_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    inputs = inputs_of(dialog)
    chain = tab_chain(inputs[0])
    assert [w for w in inputs if w not in chain] == []


def _rule_fields(view: QWidget) -> list[tuple[str, str]]:
    """(what, tooltip) of every rule field: editors, check boxes, and the titles of every table column."""
    out = []
    for w in view.findChildren(QWidget):           # every tab, shown or not
        if not _is_input(w) or isinstance(w, QTabBar):
            continue
        if isinstance(w, QTableView):
            model = w.model()
            if not isinstance(model, RecordTableModel):
                continue                            # the requirements heatmap: figures, not rules
            for c in range(model.columnCount()):
                out.append((f"{w.objectName()}:{model.headerData(c, Qt.Orientation.Horizontal)}",
                            model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) or ""))
        elif not isinstance(w, QAbstractItemView):
            out.append((f"{type(w).__name__}:{w.objectName() or getattr(w, 'text', lambda: '')()}", w.toolTip()))
    return out


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_rule_field_has_a_tooltip_in_both_languages(qtbot, forecast_document, language) -> None:  # type: ignore[no-untyped-def]
    from ui.i18n import install_language
    from ui.views.staff_view import StaffView
    from ui.views.targets_view import TargetsView
    install_language(language)
    try:
        views = [StaffView(forecast_document), TargetsView(forecast_document)]
        fields = []
        for view in views:
            qtbot.addWidget(view)
            view.show()
            fields += _rule_fields(view)
    finally:
        install_language("en")
    assert len(fields) > 70, "the walk found too few rule fields to be meaningful"
    bare = [what for what, tip in fields if len(tip.strip()) < 4]
    assert not bare, f"rule fields without a tooltip ({language}): {bare}"
    if language == "zh_CN":
        english = [(what, tip) for what, tip in fields if not re.search(r"[\u4e00-\u9fff]", tip)]
        assert not english, f"tooltips not in Chinese: {english[:10]}"


def test_explicit_tab_orders_are_accepted_by_qt(qtbot, qtlog, document) -> None:  # type: ignore[no-untyped-def]
    """setTabOrder on widgets not yet in one window is ignored with only a warning."""
    from ui.views.solve_panel import SolvePanel
    from ui.views.staff_view import StaffView
    for view in (SolvePanel(document), StaffView(document)):
        qtbot.addWidget(view)
    assert not [r.message for r in qtlog.records if "setTabOrder" in r.message]
