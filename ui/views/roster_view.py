"""Roster page: agents × days grid, day timeline, coverage/service level and violations.

The grid edits by context menu and keys (Delete, Ctrl+L lock, Enter opens the day in the
timeline); the timeline edits by drag. Clicking a violation selects its cell.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QInputDialog, QLabel, QMenu, QScrollArea,
                               QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from planner.editing import assign_template, delete_shift, set_locked, set_locked_where, swap_shifts
from ui.document import PlanDocument
from ui.models.roster_model import RosterCellDelegate, RosterTableModel, hhmm
from ui.models.violations_model import ViolationsTableModel
from ui.views.coverage_view import CoverageView
from ui.views.gantt import DayTimeline


class RosterView(QWidget):
    """The team lead's page: see the roster, edit it, watch coverage and rule breaks update."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self.model = RosterTableModel(document)
        self.grid = QTableView()
        self.grid.setObjectName("rosterGrid")
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(RosterCellDelegate(self.grid))
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.horizontalHeader().setDefaultSectionSize(96)
        self.grid.verticalHeader().setDefaultSectionSize(22)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.grid.setWordWrap(False)
        self.grid.setTabKeyNavigation(False)     # Tab goes on to the timeline; arrows move between cells
        self.grid.setToolTip(self.tr("Right-click a cell to delete, lock, swap or assign a shift. "
                                     "Keys: Delete, Ctrl+L lock/unlock, Enter shows the day timeline."))

        self.timeline = DayTimeline(document)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.timeline)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # Tab goes from the grid straight to the timeline
        self.day_label = QLabel()
        timeline_box = QWidget()
        tl = QVBoxLayout(timeline_box)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.day_label)
        tl.addWidget(scroll, 1)

        self.coverage = CoverageView(document)
        self.violations_model = ViolationsTableModel(document)
        self.violations = QTableView()
        self.violations.setModel(self.violations_model)
        self.violations.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.violations.horizontalHeader().setStretchLastSection(True)
        self.violations.verticalHeader().hide()
        self.violations.setTabKeyNavigation(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.coverage, self.tr("Coverage and service level"))
        self.tabs.addTab(self.violations, self.tr("Violations"))

        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(timeline_box)
        bottom.addWidget(self.tabs)
        bottom.setSizes([620, 480])
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.grid)
        split.addWidget(bottom)
        split.setSizes([340, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

        self._make_actions()
        self.grid.customContextMenuRequested.connect(self._on_grid_context_menu)
        self.grid.selectionModel().currentChanged.connect(self._on_grid_current_changed)
        self.grid.activated.connect(self._on_grid_activated)
        self.violations.clicked.connect(self._on_violations_clicked)
        self.timeline.shift_selected.connect(self._on_timeline_shift_selected)
        document.violations_changed.connect(self._on_document_violations_changed)
        self._on_document_violations_changed(document.violations)
        days = self.model.days()
        self.set_day(days[0] if days else None)

    # -------------------------------------------------------------- actions
    def _make_actions(self) -> None:
        self.delete_action = QAction(self.tr("Delete shift"), self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self._on_delete_triggered)
        self.lock_action = QAction(self.tr("Lock / unlock shift"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.lock_action.triggered.connect(self._on_lock_triggered)
        self.swap_action = QAction(self.tr("Swap with another agent…"), self)
        self.swap_action.triggered.connect(self._on_swap_triggered)
        self.grid.addActions([self.delete_action, self.lock_action])

    def current_cell(self) -> tuple[str, dt.date] | None:
        index = self.grid.currentIndex()
        if not index.isValid():
            return None
        return self.model.agent_at(index.row()), self.model.day_at(index.column())

    def select_cell(self, agent_id: str, day: dt.date) -> None:
        index = self.model.cell_of(agent_id, day)
        if index.isValid():
            self.grid.setCurrentIndex(index)
            self.grid.scrollTo(index)

    def set_day(self, day: dt.date | None, agent_id: str | None = None) -> None:
        self.timeline.set_day(day, agent_id)
        self.coverage.set_day(day)
        self.day_label.setText(self.tr("Day timeline: {day}").format(
            day=QLocale().toString(day, "yyyy-MM-dd ddd") if day else "—"))

    def _on_grid_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            day = self.model.day_at(current.column())
            if day != self.timeline.day():
                self.set_day(day, self.model.agent_at(current.row()))
            else:
                self.timeline.select_agent(self.model.agent_at(current.row()))

    def _on_grid_activated(self, index: QModelIndex) -> None:
        self.timeline.setFocus()

    def _on_timeline_shift_selected(self, agent_id: str, day: dt.date) -> None:
        index = self.model.cell_of(agent_id, day)
        if index.isValid() and index != self.grid.currentIndex():
            self.grid.selectionModel().blockSignals(True)
            self.grid.setCurrentIndex(index)
            self.grid.selectionModel().blockSignals(False)
            self.grid.viewport().update()

    def _on_violations_clicked(self, index: QModelIndex) -> None:
        v = self.violations_model.violation_at(index.row())
        agent, day = getattr(v, "agent_id", None), getattr(v, "day", None)
        if agent and day:
            self.select_cell(agent, day)
        elif day:
            self.set_day(day)

    def _on_document_violations_changed(self, violations: list[Any]) -> None:
        self.tabs.setTabText(1, self.tr("Violations ({n})").format(n=len(violations)))

    def _on_delete_triggered(self) -> None:
        cell = self.current_cell()
        if cell:
            agent, day = cell
            self._doc.edit(self.tr("Delete shift"), lambda r: delete_shift(r, agent, day))

    def _on_lock_triggered(self) -> None:
        cell = self.current_cell()
        roster = self._doc.roster
        if not cell or roster is None:
            return
        agent, day = cell
        shift = roster.shift_of(agent, day)
        if shift is not None:
            self._doc.edit(self.tr("Unlock shift") if shift.locked else self.tr("Lock shift"),
                           lambda r: set_locked(r, agent, day, not shift.locked))

    def _on_swap_triggered(self) -> None:
        cell = self.current_cell()
        if not cell:
            return
        agent, day = cell
        others = [a for a in self._doc.scenario.agents if a.id != agent]
        labels = [f"{a.name} ({a.id})" for a in others]
        choice, ok = QInputDialog.getItem(self, self.tr("Swap shifts"), self.tr("Swap this day with:"),
                                          labels, 0, False)
        if ok and choice:
            other = others[labels.index(choice)].id
            scenario = self._doc.scenario
            self._doc.edit(self.tr("Swap shifts"), lambda r: swap_shifts(r, scenario, agent, other, day))

    def assign(self, agent: str, day: dt.date, template: str, start_min: int) -> bool:
        scenario = self._doc.scenario
        return self._doc.edit(self.tr("Assign shift"),
                              lambda r: assign_template(r, scenario, agent, day, template, start_min))

    def build_context_menu(self) -> QMenu | None:
        cell = self.current_cell()
        if cell is None:
            return None
        agent, day = cell
        roster = self._doc.roster
        shift = roster.shift_of(agent, day) if roster is not None else None
        menu = QMenu(self)
        menu.addAction(self.delete_action)
        self.delete_action.setEnabled(shift is not None and not shift.locked)
        self.lock_action.setText(self.tr("Unlock shift") if shift is not None and shift.locked
                                 else self.tr("Lock shift"))
        self.lock_action.setEnabled(shift is not None)
        menu.addAction(self.lock_action)
        lock_more = menu.addMenu(self.tr("Lock several"))
        lock_more.setEnabled(roster is not None)
        for text, kwargs, locked in ((self.tr("Lock all shifts of this agent"), {"agent_id": agent}, True),
                                     (self.tr("Lock all shifts of this day"), {"day": day}, True),
                                     (self.tr("Unlock all shifts of this agent"), {"agent_id": agent}, False),
                                     (self.tr("Unlock all shifts of this day"), {"day": day}, False)):
            act = lock_more.addAction(text)
            act.triggered.connect(lambda _=False, k=kwargs, lk=locked, t=text: self._doc.edit(
                t, lambda r: set_locked_where(r, lk, **k)))
        menu.addAction(self.swap_action)
        assign = menu.addMenu(self.tr("Assign template"))
        assign.setEnabled(roster is not None and not (shift is not None and shift.locked))
        for tpl in self._doc.scenario.templates:
            sub = assign.addMenu(f"{tpl.name} ({tpl.length_min / 60:g} h)")
            for start in tpl.start_mins:
                act = sub.addAction(f"{hhmm(start)}–{hhmm(start + tpl.length_min)}")
                act.triggered.connect(lambda _=False, t=tpl.name, s=start: self.assign(agent, day, t, s))
        return menu

    def _on_grid_context_menu(self, pos: QPoint) -> None:
        index = self.grid.indexAt(pos)
        if index.isValid():
            self.grid.setCurrentIndex(index)
        menu = self.build_context_menu()
        if menu is not None:
            menu.exec(self.grid.viewport().mapToGlobal(pos))
