"""Desktop entry point: ``main(argv) -> int``.

Opens the bundled sample (or the plan/scenario given on the command line), shows the window at
once and forecasts in a worker afterwards, so the window is usable within a second or two. On a
machine with no display it explains how to use the command line instead of crashing.
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Sequence

AUTOSAVE_MS = 2 * 60 * 1000   # unsaved changes of a plan file go to its recovery file this often

NO_DISPLAY_MESSAGE = """\
wfm-planner: no display found (DISPLAY / WAYLAND_DISPLAY are not set), so the desktop app cannot open.
Everything the app does is also available on the command line, for example:
  wfm demo --out out/demo                      plan the bundled sample centre and write the files
  wfm plan SCENARIO.toml --weeks 2 --out DIR   forecast, roster and export your own centre
(or `python main.py demo --out out/demo` from the repository).
To render the app without a screen set QT_QPA_PLATFORM=offscreen (screenshots, tests)."""


def has_display() -> bool:
    """False on Linux/BSD with no X11/Wayland display and no explicit Qt platform."""
    if sys.platform.startswith(("win", "darwin")):
        return True
    env = os.environ
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="wfm-planner", description="Contact-centre workforce planner.")
    parser.add_argument("path", nargs="?", help="plan (.wfm) or scenario (.toml); default: the bundled sample")
    parser.add_argument("--language", choices=["en", "zh_CN"], help="user interface language")
    parser.add_argument("--weeks", type=int, default=1, help="weeks to forecast and roster (1–8)")
    parser.add_argument("--no-forecast", action="store_true", help="do not forecast on start")
    return parser.parse_args(list(argv) if argv is not None else None)


class App:
    """Owns the current document and window; reopens the window on language or file change."""

    def __init__(self, language: str, weeks: int = 1, auto_forecast: bool = True) -> None:
        self.language = language
        self.weeks = weeks
        self.auto_forecast = auto_forecast
        self.window = None
        self.document = None
        from PySide6.QtCore import QTimer
        self.autosave_timer = QTimer()
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self._autosave)
        self.autosave_timer.start()

    def open(self, path: str | Path | None) -> None:
        """Open a plan or scenario in a fresh window (the caller already asked about saving)."""
        from planner.service import PlanSession
        from ui.document import PlanDocument
        target = Path(path) if path else PlanSession.sample_path()
        recovered = target.suffix.lower() == ".wfm" and self._offer_recovery(target)
        try:
            session = self._open_recovered(target) if recovered else PlanSession.open(target)
        except Exception as exc:  # shown to the user; the old window (if any) stays open
            from planner.errors import PlannerError
            if self.window is not None and isinstance(exc, PlannerError):
                self.window.show_error(self.window.tr("Could not open the file"), exc)
                return
            raise
        old = self.document
        document = PlanDocument(session, path=target if path else None)
        document.weeks = self.weeks
        if target.suffix.lower() == ".wfm":
            document.restore_project(target, recovered=recovered)
        self.document = document
        self._show_window()
        if old is not None:
            old.stop()
            old.wait()
            old.release()
            old.deleteLater()
        if document.plan_warning and self.window is not None:
            self.window.show_error(self.window.tr("Opened read-only"), document.plan_warning)
        if path:
            from ui.main_window import remember_file
            remember_file(target)
        if self.auto_forecast:
            document.start_forecast(document.weeks)   # a plan file brings its own horizon

    def _offer_recovery(self, path: Path) -> bool:
        from planner.project import has_recovery
        return has_recovery(path) and self.ask_recover(path)

    def ask_recover(self, path: Path) -> bool:
        """Ask whether to restore the autosave of ``path`` (replaced in tests)."""
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QMessageBox
        text = QCoreApplication.translate("App", "{name} has unsaved changes from a session that ended "
                                                 "unexpectedly. Restore them?").format(name=path.name)
        answer = QMessageBox.question(self.window, "WFM Planner", text)
        return answer == QMessageBox.StandardButton.Yes

    @staticmethod
    def _open_recovered(path: Path) -> object:
        from planner.project import Project
        from planner.service import PlanSession
        with Project.open_recovery(path) as project:
            return PlanSession(project.scenario, project.history)

    def _autosave(self) -> None:
        if self.document is None:
            return
        from planner.errors import PlannerError
        try:
            self.document.autosave()
        except (PlannerError, OSError) as exc:   # never interrupt the user for a background save
            if self.window is not None:
                self.window.statusBar().showMessage(f"autosave: {exc}", 8000)

    def _show_window(self) -> None:
        from ui.main_window import MainWindow
        old = self.window
        window = MainWindow(self.document, self.language)
        window.open_requested.connect(self.open)
        window.language_requested.connect(self.switch_language)
        if old is not None:
            window.setGeometry(old.geometry())
            old.close_for_replacement()
            old.deleteLater()
        self.window = window
        window.show()

    def switch_language(self, language: str) -> None:
        from ui.i18n import current_translator, install_language, retranslate_undo_stack, save_language
        self.language = language
        save_language(language)
        before = current_translator()
        after = install_language(language)
        if self.document is not None:      # undo entries were named in the old language
            retranslate_undo_stack(self.document.undo_stack, before, after)
        self._show_window()


def _crash_hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Anything that is not a PlannerError is a bug: show it instead of dying silently."""
    text = "".join(traceback.format_exception(kind, value, tb))
    sys.stderr.write(text)
    from PySide6.QtWidgets import QApplication, QMessageBox
    if QApplication.instance() is not None:
        box = QMessageBox(QMessageBox.Icon.Critical, "WFM Planner", "An unexpected error occurred.")
        box.setDetailedText(text)
        box.exec()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    if not has_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from ui.i18n import install_language, saved_language
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("wfm-planner")
    app.setApplicationName("WFM Planner")
    from ui import refcount_fix
    refcount_fix.apply()               # a PySide6 fault would otherwise abort the app in minutes
    language = args.language or saved_language()
    install_language(language)
    sys.excepthook = _crash_hook
    controller = App(language, weeks=args.weeks, auto_forecast=not args.no_forecast)
    try:
        controller.open(args.path)
    except Exception as exc:
        from planner.errors import PlannerError
        if isinstance(exc, PlannerError):
            print(f"wfm-planner: {exc}", file=sys.stderr)
            return 2
        raise
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
