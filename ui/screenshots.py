"""Render every view of the app offscreen to PNG, in English and Simplified Chinese.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m ui.screenshots [--out docs/screenshots] [--time-limit 60]

Opens the bundled sample, forecasts one week, solves it once (in the same worker the app uses),
then shows each page in each language and saves ``<lang>_<page>.png`` (and
``<lang>_staff_<tab>.png`` for the roster-rule tabs of Staff & rules, with example rows put in
for the picture only). Chinese text needs a CJK
font (e.g. ``apt-get install fonts-wqy-microhei``); without one the script says so.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Sequence

PAGES = ("data", "forecast", "targets", "staff", "roster")
STAFF_TABS = ("rules", "meetings", "availability", "preferences")
WINDOW_SIZE = (1440, 900)


def has_cjk_font() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


def _wait(app: object, signal: object, timeout_ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def _settle(app: object, rounds: int = 5) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtTest import QTest
    for _ in range(rounds):
        QCoreApplication.processEvents()
        QTest.qWait(30)


def _with_example_roster_rules(s: Any) -> Any:
    """The scenario with a team meeting, an evening student's availability and two wishes, so
    their tabs show rows."""
    from dataclasses import replace

    from planner.domain import Availability, Preference
    part_time = [a for a in s.agents if a.contract == "part_time"] or list(s.agents)
    evening = tuple(Availability(part_time[0].id, 17 * 60, 24 * 60, weekday=d) for d in range(5))
    wishes = (Preference(s.agents[2].id, "off", weekday=5, weight=8.0),
              Preference(s.agents[5].id, "start", day=None, weekday=None, from_min=8 * 60, to_min=10 * 60))
    teams = sorted({a.team for a in s.agents})
    options = replace(s.roster_options, meeting_min_per_week=((teams[0], 60),), meeting_from_min=14 * 60,
                      meeting_to_min=17 * 60, availability=evening, preferences=wishes)
    return replace(s, roster_options=options)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots")
    # the sample's first roster came after 8–30 s of solving on 2 shared cores: leave room
    parser.add_argument("--time-limit", type=float, default=60.0, help="solver seconds")
    parser.add_argument("--languages", nargs="+", default=["en", "zh_CN"])
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if "zh_CN" in args.languages and not has_cjk_font():
        print("warning: no CJK font (fc-list :lang=zh is empty); Chinese text will show as boxes. "
              "Install one, e.g. apt-get install fonts-wqy-microhei", file=sys.stderr)

    from PySide6.QtWidgets import QApplication, QMessageBox

    from planner.service import PlanSession
    from ui.document import PlanDocument
    from ui.i18n import current_translator, install_language, retranslate_undo_stack
    from ui.main_window import MainWindow
    from ui.views.export_dialog import ExportDialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("wfm-planner-screenshots")   # keep the user's settings untouched
    from ui import refcount_fix
    refcount_fix.apply()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    session = PlanSession.open(PlanSession.sample_path())
    document = PlanDocument(session)
    failures: list[str] = []
    document.task_failed.connect(lambda name, exc: failures.append(f"{name}: {exc}"))
    document.start_forecast(1)
    _wait(app, document.forecast_changed, 180_000)
    if not document.has_forecast():
        print(f"forecast did not finish: {failures}", file=sys.stderr)
        return 1
    document.start_solve(args.time_limit)
    _wait(app, document.solve_finished, int(args.time_limit * 1000) + 120_000)
    if document.roster is None:
        print(f"solve did not give a roster: {failures}", file=sys.stderr)
        return 1
    history_file = session.scenario.history_path
    written = []
    for language in args.languages:
        before = current_translator()
        retranslate_undo_stack(document.undo_stack, before, install_language(language))
        window = MainWindow(document, language)
        window.ask_to_save = lambda: QMessageBox.StandardButton.Discard
        window.resize(*WINDOW_SIZE)
        window.solve_panel.time_limit.setValue(args.time_limit)   # the limit this solve ran with
        window.show()
        if history_file:
            window.pages["data"].load_file(Path(history_file))
        roster = window.pages["roster"]
        roster.grid.setCurrentIndex(roster.model.index(0, 0))
        _settle(app)
        for page in PAGES:
            window.show_page(page)
            _settle(app)
            path = out / f"{language}_{page}.png"
            window.grab().save(str(path))
            written.append(path)
        staff = window.pages["staff"]
        window.show_page("staff")
        plain = document.scenario
        document.replace_scenario(_with_example_roster_rules(plain))   # for the picture only, not undoable
        tab_pages = {"rules": staff.rest_h.parentWidget(), "meetings": staff.roster_rules.meetings_page,
                     "availability": staff.roster_rules.availability, "preferences": staff.roster_rules.preferences}
        for tab in STAFF_TABS:
            staff.tabs.setCurrentWidget(tab_pages[tab])
            _settle(app)
            path = out / f"{language}_staff_{tab}.png"
            window.grab().save(str(path))
            written.append(path)
        staff.tabs.setCurrentIndex(0)
        document.replace_scenario(plain)
        dialog = ExportDialog(document, window)
        dialog.show()
        _settle(app)
        path = out / f"{language}_export.png"
        dialog.grab().save(str(path))
        written.append(path)
        dialog.close()
        window.close_for_replacement()
        window.deleteLater()
        _settle(app)
    install_language("en")
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
