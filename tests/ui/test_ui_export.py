"""Export dialog: date range and agent choice reach the files; bad choices are refused clearly."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from planner.errors import PlannerError
from tests.ui.conftest import TINY_START, sample_roster


@pytest.fixture
def dialog(qtbot, forecast_document):  # type: ignore[no-untyped-def]
    from ui.views.export_dialog import ExportDialog
    forecast_document.replace_roster(sample_roster(forecast_document.scenario))
    d = ExportDialog(forecast_document)
    qtbot.addWidget(d)
    return d


def test_csv_export_respects_days_and_agents(dialog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
    dialog.path_edit.setText(str(tmp_path / "roster.csv"))
    dialog.first_day.setDate(QDate(2025, 12, 2))
    dialog.last_day.setDate(QDate(2025, 12, 4))
    for i in range(dialog.agents.count()):
        if dialog.agents.item(i).data(Qt.ItemDataRole.UserRole) not in ("A01", "A02"):
            dialog.agents.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.chosen_agents() == ["A01", "A02"]
    path = dialog.export()
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                  # BOM ticked by default for Excel
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows, "the export is empty"
    assert {r["agent_id"] for r in rows} <= {"A01", "A02"}
    days = {dt.date.fromisoformat(r["date"]) for r in rows}
    assert days and min(days) >= TINY_START + dt.timedelta(days=1) and max(days) <= TINY_START + dt.timedelta(days=3)
    expected = [s for s in dialog._doc.roster.shifts if s.agent_id in ("A01", "A02")
                and TINY_START + dt.timedelta(days=1) <= s.day <= TINY_START + dt.timedelta(days=3)]
    assert len(rows) == len(expected)
    assert "李娜" in {r["agent"] for r in rows}


def test_export_refuses_empty_agent_choice(dialog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog.path_edit.setText(str(tmp_path / "roster.xlsx"))
    for i in range(dialog.agents.count()):
        dialog.agents.item(i).setCheckState(Qt.CheckState.Unchecked)
    with pytest.raises(PlannerError, match="tick at least one agent"):
        dialog.export()
    assert not (tmp_path / "roster.xlsx").exists()


def _tab_stops(start):  # type: ignore[no-untyped-def]
    """Widgets Tab visits from ``start``, in order, until it comes back round."""
    stops, w = [start], start.nextInFocusChain()
    while w is not start and len(stops) < 50:
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(start.window()) and w.isEnabled():
            stops.append(w)
        w = w.nextInFocusChain()
    return stops


def test_tab_order_follows_the_form(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.show()
    stops = _tab_stops(dialog.format_box)
    order = [dialog.format_box, dialog.path_edit, dialog.first_day, dialog.last_day, dialog.all_box, dialog.agents]
    positions = [next(i for i, w in enumerate(stops) if w is target or target.isAncestorOf(w)) for target in order]
    assert positions == sorted(positions), [type(w).__name__ for w in stops]
