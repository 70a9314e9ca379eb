"""The main window: assembles the pages, actions and docks, and wires them to the document.

Nothing here computes anything. Slots read a widget, call one document (or app) method and
return; errors come back as signals and are shown by :meth:`MainWindow.show_error`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QHBoxLayout, QLabel, QListWidget, QMainWindow,
                               QMessageBox, QStackedWidget, QWidget)

from planner.errors import PlannerError
from ui.document import PlanDocument
from ui.i18n import LANGUAGES
from ui.views.export_dialog import ExportDialog
from ui.views.forecast_view import ForecastView
from ui.views.roster_view import RosterView
from ui.views.solve_panel import SolvePanel

SETTINGS_RECENT = "ui/recent_files"
MAX_RECENT = 8
APP_NAME = "WFM Planner"


def recent_files() -> list[str]:
    value = QSettings().value(SETTINGS_RECENT, [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or []) if Path(str(v)).exists()]


def remember_file(path: Path) -> None:
    files = [str(path)] + [f for f in recent_files() if f != str(path)]
    QSettings().setValue(SETTINGS_RECENT, files[:MAX_RECENT])


class MainWindow(QMainWindow):
    """Sidebar of workflow pages, a solve dock, menus and toolbar."""

    open_requested = Signal(str)         # path of a scenario .toml or plan .wfm
    language_requested = Signal(str)     # language code

    def __init__(self, document: PlanDocument, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.language = language
        self.ask_to_save: Callable[[], QMessageBox.StandardButton] = self._ask_to_save
        self.setObjectName("mainWindow")
        self.resize(QSize(1360, 860))

        self.pages: dict[str, QWidget] = {}
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(150)
        self.sidebar.setToolTip(self.tr("Planning steps (Ctrl+1 … Ctrl+6)"))
        self.stack = QStackedWidget()
        self._build_pages()
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(2, 2, 2, 2)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.solve_panel = SolvePanel(document)
        self.solve_dock = QDockWidget(self.tr("Solver"), self)
        self.solve_dock.setObjectName("solverDock")
        self.solve_dock.setWidget(self.solve_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.solve_dock)
        self.resizeDocks([self.solve_dock], [240], Qt.Orientation.Horizontal)

        self.busy_label = QLabel()
        self.refresh_label = QLabel()
        self.statusBar().addPermanentWidget(self.refresh_label)
        self.statusBar().addPermanentWidget(self.busy_label)
        self._build_actions()
        self._build_menus()

        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sidebar.setCurrentRow(self._page_index("roster"))
        self._connections = [
            document.undo_stack.cleanChanged.connect(self._update_title),
            document.path_changed.connect(self._update_title),
            document.busy_changed.connect(self._on_document_busy_changed),
            document.task_failed.connect(self._on_document_task_failed),
            document.edit_refused.connect(self._on_document_edit_refused),
            document.evaluation_changed.connect(self._on_document_evaluation_changed),
            document.solve_finished.connect(self._on_document_solve_finished),
        ]
        self._update_title()
        self._on_document_busy_changed(document.busy)

    # ------------------------------------------------------------ assembly
    def _build_pages(self) -> None:
        from ui.views.data_view import DataView
        from ui.views.staff_view import StaffView
        from ui.views.targets_view import TargetsView
        pages: list[tuple[str, str, QWidget]] = [
            ("data", self.tr("Data"), DataView(self.document)),
            ("forecast", self.tr("Forecast"), ForecastView(self.document)),
            ("targets", self.tr("Targets & capacity"), TargetsView(self.document)),
            ("staff", self.tr("Staff & rules"), StaffView(self.document)),
            ("roster", self.tr("Roster"), RosterView(self.document)),
        ]
        for key, title, widget in pages:
            widget.setObjectName(f"page_{key}")
            self.pages[key] = widget
            self.sidebar.addItem(title)
            self.stack.addWidget(widget)

    def _page_index(self, key: str) -> int:
        return list(self.pages).index(key)

    def show_page(self, key: str) -> None:
        self.sidebar.setCurrentRow(self._page_index(key))

    def _action(self, text: str, slot: Callable[[], None], shortcut: QKeySequence | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        doc = self.document
        self.new_action = self._action(self.tr("&New from scenario…"), self._on_new_triggered,
                                       QKeySequence.StandardKey.New, self.tr("Start a plan from a scenario file"))
        self.open_action = self._action(self.tr("&Open…"), self._on_open_triggered, QKeySequence.StandardKey.Open,
                                        self.tr("Open a plan (.wfm) or a scenario (.toml)"))
        self.save_action = self._action(self.tr("&Save"), self._on_save_triggered, QKeySequence.StandardKey.Save,
                                        self.tr("Save the plan"))
        self.save_as_action = self._action(self.tr("Save &As…"), self._on_save_as_triggered,
                                           QKeySequence.StandardKey.SaveAs, self.tr("Save the plan under a new name"))
        self.export_action = self._action(self.tr("&Export roster…"), self._on_export_triggered, "Ctrl+E",
                                          self.tr("Export the roster to Excel or CSV"))
        self.quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = doc.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = doc.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.forecast_action = self._action(self.tr("Run &forecast"), self._on_forecast_triggered, "F5",
                                            self.tr("Forecast the horizon and compute requirements"))
        self.solve_action = self._action(self.tr("&Solve roster"), self._on_solve_triggered, "F6",
                                         self.tr("Build a roster in the background"))
        self.reopt_action = self._action(self.tr("&Re-optimise around locks"), self._on_reopt_triggered, "F7",
                                         self.tr("Keep locked shifts, improve the rest"))
        self.stop_action = self._action(self.tr("S&top"), doc.stop, "Esc", self.tr("Stop the solver"))
        self.page_actions = []
        for i, key in enumerate(self.pages):
            act = self._action(self.sidebar.item(i).text(), lambda k=key: self.show_page(k), f"Ctrl+{i + 1}")
            self.page_actions.append(act)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            act = QAction(name, self, checkable=True)
            act.setChecked(code == self.language)
            act.triggered.connect(lambda _c=False, c=code: self._on_language_triggered(c))
            self.language_group.addAction(act)
            self.language_actions[code] = act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        plan_menu = bar.addMenu(self.tr("&Plan"))
        plan_menu.addActions([self.forecast_action, self.solve_action, self.reopt_action, self.stop_action])
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addActions(self.page_actions)
        view_menu.addSeparator()
        view_menu.addAction(self.solve_dock.toggleViewAction())
        lang_menu = view_menu.addMenu(self.tr("&Language"))
        lang_menu.addActions(list(self.language_actions.values()))
        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.addActions([self.open_action, self.save_action, self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addActions([self.forecast_action, self.solve_action, self.reopt_action, self.stop_action])
        toolbar.addSeparator()
        toolbar.addAction(self.export_action)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = recent_files()
        if not files:
            none = self.recent_menu.addAction(self.tr("(none)"))
            none.setEnabled(False)
        for f in files:
            act = self.recent_menu.addAction(f)
            act.triggered.connect(lambda _c=False, p=f: self._open_path(p))

    # ------------------------------------------------------------ feedback
    def show_error(self, title: str, error: BaseException | str) -> None:
        """The one place user errors are shown."""
        QMessageBox.warning(self, title, str(error))

    def _update_title(self, *_: object) -> None:
        doc = self.document
        name = doc.path.name if doc.path else doc.scenario.name
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.setWindowModified(doc.is_dirty())

    def _on_document_busy_changed(self, busy: str) -> None:
        texts = {"forecast": self.tr("Forecasting…"), "solve": self.tr("Solving…"),
                 "import": self.tr("Importing…")}
        self.busy_label.setText(texts.get(busy, ""))
        idle = not busy
        has_forecast = self.document.has_forecast()
        self.forecast_action.setEnabled(idle)
        self.solve_action.setEnabled(idle and has_forecast)
        self.reopt_action.setEnabled(idle and has_forecast and self.document.roster is not None)
        self.stop_action.setEnabled(busy == "solve")
        self.export_action.setEnabled(idle and self.document.roster is not None)

    def _on_document_task_failed(self, name: str, error: object) -> None:
        if name == "import" and isinstance(error, PlannerError):
            return   # the Data page lists import problems row by row
        title = {"forecast": self.tr("Forecast failed"), "solve": self.tr("Solve failed")}.get(name, name)
        if isinstance(error, PlannerError):
            self.show_error(title, error)
        else:
            raise error if isinstance(error, BaseException) else RuntimeError(str(error))

    def _on_document_solve_finished(self, result: object) -> None:
        status = str(getattr(result, "status", ""))
        roster = getattr(result, "roster", None)
        if status in ("OPTIMAL", "FEASIBLE") or (roster is not None and roster.shifts):
            self.statusBar().showMessage(self.tr("Roster applied: {status}. Ctrl+Z undoes it.").format(
                status=status), 8000)
            return
        if status == "CANCELLED":
            self.statusBar().showMessage(self.tr("Stopped before a first roster was found"), 8000)
            return
        conflicts = [str(c) for c in getattr(result, "conflicts", []) or []]
        text = self.tr("The solver found no roster (status {status}).").format(status=status)
        if conflicts:
            text += "\n\n" + self.tr("Rules in conflict:") + "\n" + "\n".join(f"• {c}" for c in conflicts[:20])
        else:
            text += "\n\n" + self.tr("Give it more time, or relax rules and floors.")
        self.show_error(self.tr("No roster"), text)

    def _on_document_edit_refused(self, reason: str) -> None:
        self.statusBar().showMessage(self.tr("Edit refused: {reason}").format(reason=reason), 8000)

    def _on_document_evaluation_changed(self, _evaluation: object) -> None:
        doc = self.document
        self.refresh_label.setText(self.tr("{n} violations · updated in {ms:.0f} ms").format(
            n=len(doc.violations), ms=doc.last_refresh_ms))
        self._on_document_busy_changed(doc.busy)

    # ----------------------------------------------------------------- slots
    def _on_forecast_triggered(self) -> None:
        self._guard(self.tr("Forecast failed"), lambda: self.document.start_forecast())

    def _on_solve_triggered(self) -> None:
        self.solve_dock.show()
        self._guard(self.tr("Solve failed"), lambda: self.solve_panel.start(reoptimise=False))

    def _on_reopt_triggered(self) -> None:
        self.solve_dock.show()
        self._guard(self.tr("Solve failed"), lambda: self.solve_panel.start(reoptimise=True))

    def _guard(self, title: str, fn: Callable[[], object]) -> None:
        try:
            fn()
        except PlannerError as exc:
            self.show_error(title, exc)

    def _on_export_triggered(self) -> None:
        ExportDialog(self.document, self).exec()

    def _on_new_triggered(self) -> None:
        from planner.service import PlanSession
        path, _ = QFileDialog.getOpenFileName(self, self.tr("New plan from scenario"),
                                              str(PlanSession.sample_path().parent), self.tr("Scenario (*.toml)"))
        if path:
            self._open_path(path)

    def _on_open_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open plan"), "",
                                              self.tr("Plans and scenarios (*.wfm *.toml)"))
        if path:
            self._open_path(path)

    def _open_path(self, path: str) -> None:
        if self.maybe_save():
            self.open_requested.emit(path)

    def _on_save_triggered(self) -> None:
        path = self.document.path
        if path is None or path.suffix.lower() != ".wfm":
            self._on_save_as_triggered()
        else:
            self.save_to(path)

    def _on_save_as_triggered(self) -> None:
        start = str(self.document.path.with_suffix(".wfm")) if self.document.path else "plan.wfm"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save plan"), start, self.tr("Plan (*.wfm)"))
        if path:
            self.save_to(Path(path).with_suffix(".wfm"))

    def save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except (PlannerError, OSError) as exc:
            self.show_error(self.tr("Save failed"), exc)
            return False
        remember_file(path)
        return True

    def _on_language_triggered(self, code: str) -> None:
        if code != self.language:
            self.language_requested.emit(code)

    # ------------------------------------------------------------- closing
    def _ask_to_save(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self, APP_NAME, self.tr("The plan has unsaved changes. Save them?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)

    def maybe_save(self) -> bool:
        """True when it is fine to drop the document (saved, discarded, or clean)."""
        if not self.document.is_dirty():
            return True
        answer = self.ask_to_save()
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            self._on_save_triggered()
            return not self.document.is_dirty()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if getattr(self, "_replacing", False):
            self._disconnect_document()
            event.accept()   # the document and its running task live on in the new window
            return
        if self.maybe_save():
            self.document.stop()
            self.document.wait()
            self.document.release()            # the plan file's lock: other windows may now edit it
            self._disconnect_document()
            event.accept()
        else:
            event.ignore()

    def _disconnect_document(self) -> None:
        """A closed window must not react to a document that lives on (or is being destroyed)."""
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []

    def close_for_replacement(self) -> None:
        """Close without asking: the same document lives on in a new window (language switch)."""
        self._replacing = True
        self.close()
