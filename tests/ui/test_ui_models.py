"""Item models: qtmodeltester-clean, thin adapters that signal exactly what changed."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from planner.editing import move_shift, set_locked
from tests.ui.conftest import TINY_START, sample_roster
from ui.models.frame_model import FrameTableModel
from ui.models.requirements_model import RequirementsHeatmapModel, ValueRole
from ui.models.roster_model import KIND_COLOURS, ShiftRole, ViolationRole, RosterTableModel, shift_kind
from ui.models.violations_model import ViolationsTableModel


def test_roster_model_passes_modeltester_and_shows_shifts(qtmodeltester, forecast_document) -> None:  # type: ignore[no-untyped-def]
    doc = forecast_document
    doc.replace_roster(sample_roster(doc.scenario))
    model = RosterTableModel(doc)
    qtmodeltester.check(model)
    assert model.rowCount() == 6 and model.columnCount() == 7
    cell = model.index(0, 0)                               # A01 works Monday 08:00–17:00
    assert cell.data() == "08:00–17:00"
    assert cell.data(ShiftRole).template == "day"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == KIND_COLOURS["day"]
    assert model.headerData(0, Qt.Orientation.Vertical) == "李娜"
    off = model.index(0, 5)                                # (5 + 0) % 7 == 5 → day off
    assert off.data() == "" and off.data(ShiftRole) is None


def test_roster_model_emits_data_changed_only_for_edited_cell(qtbot, forecast_document) -> None:  # type: ignore[no-untyped-def]
    doc = forecast_document
    doc.replace_roster(sample_roster(doc.scenario))
    model = RosterTableModel(doc)
    changes: list[tuple[int, int, int, int]] = []
    resets: list[bool] = []
    model.dataChanged.connect(lambda a, b, _roles=(): changes.append((a.row(), a.column(), b.row(), b.column())))
    model.modelReset.connect(lambda: resets.append(True))
    agent = doc.scenario.agents[1].id                      # row 1
    day = TINY_START + dt.timedelta(days=2)                # column 2
    assert doc.edit("move", lambda r: move_shift(r, doc.scenario, agent, day, 60))
    assert (1, 2, 1, 2) in changes
    edited_rows = {c[0] for c in changes if c[0] == c[2] and c[1] == c[3] == 2 and c[0] == 1}
    assert edited_rows == {1}
    assert not resets
    assert model.index(1, 2).data() == "12:00–20:00"
    doc.undo_stack.undo()
    assert model.index(1, 2).data() == "11:00–19:00"


def test_roster_model_highlights_violated_cells(qtbot, forecast_document) -> None:  # type: ignore[no-untyped-def]
    doc = forecast_document
    roster = sample_roster(doc.scenario)
    doc.replace_roster(roster)
    model = RosterTableModel(doc)
    # an 8 h rest between a late shift ending 19:00 and a 03:00 start the next day breaks the 11 h rule
    from planner.editing import assign_template
    agent = doc.scenario.agents[1].id
    tuesday = TINY_START + dt.timedelta(days=1)
    doc.edit("early", lambda r: move_shift(assign_template(r, doc.scenario, agent, tuesday, "day", 8 * 60),
                                           doc.scenario, agent, tuesday, -5 * 60))
    with qtbot.waitSignal(doc.violations_changed, timeout=5_000):
        pass                                               # validation runs right after the edit
    rest = [v for v in doc.violations if v.agent_id == agent]
    assert rest, "the validator should report the short rest"
    violated = [(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())
                if model.index(r, c).data(ViolationRole)]
    assert (1, 1) in violated or (1, 0) in violated
    r, c = violated[0]
    assert model.index(r, c).data(Qt.ItemDataRole.ForegroundRole).name() == "#d62728"
    assert "⚠" in model.index(r, c).data(Qt.ItemDataRole.ToolTipRole)


def test_locked_shift_shows_marker(qtbot, forecast_document) -> None:  # type: ignore[no-untyped-def]
    doc = forecast_document
    doc.replace_roster(sample_roster(doc.scenario))
    model = RosterTableModel(doc)
    doc.edit("lock", lambda r: set_locked(r, "A01", TINY_START, True))
    assert model.index(0, 0).data().startswith("■")
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()


def test_shift_kind_classes() -> None:
    from planner.domain import Shift
    assert shift_kind(Shift("a", TINY_START, "N", 22 * 60, 32 * 60), 22 * 60, 6 * 60) == "night"
    assert shift_kind(Shift("a", TINY_START, "E", 6 * 60, 15 * 60), 22 * 60, 6 * 60) == "early"
    assert shift_kind(Shift("a", TINY_START, "L", 14 * 60, 23 * 60), 22 * 60, 6 * 60) == "late"


def test_requirements_heatmap_model(qtmodeltester, forecast_document) -> None:  # type: ignore[no-untyped-def]
    doc = forecast_document
    model = RequirementsHeatmapModel(doc, "phone")
    qtmodeltester.check(model)
    assert model.rowCount() == 7 and model.columnCount() == 24
    req = doc.session.requirements
    row = req[req["start"] == pd.Timestamp(TINY_START) + pd.Timedelta(hours=13)]
    assert model.index(0, 13).data(ValueRole) == pytest.approx(float(row["agents_required"].iloc[0]))
    assert model.index(0, 3).data(ValueRole) == 0.0           # closed at 03:00
    assert model.grid().max() > 0


def test_violations_and_frame_models(qtmodeltester, forecast_document) -> None:  # type: ignore[no-untyped-def]
    doc = forecast_document
    model = ViolationsTableModel(doc)
    doc.replace_roster(sample_roster(doc.scenario))
    qtmodeltester.check(model)
    assert model.rowCount() == len(doc.violations)
    frame = FrameTableModel(pd.DataFrame({"queue": ["phone"], "volume": [12.5]}))
    qtmodeltester.check(frame)
    assert frame.index(0, 1).data() == "12.5"


def test_queue_record_model_validates_and_commits_undoably(qtmodeltester, qtbot, document) -> None:  # type: ignore[no-untyped-def]
    from ui.views.targets_view import TargetsView
    view = TargetsView(document)
    qtbot.addWidget(view)
    model = view.model
    qtmodeltester.check(model)
    sl_col = next(i for i, c in enumerate(model.columns) if c.header == "Service level %")
    assert model.index(0, sl_col).data() == "80"
    assert "outside" in model.validate(0, sl_col, "180")
    with qtbot.waitSignal(model.invalid):
        assert not model.setData(model.index(0, sl_col), "abc")
    assert document.scenario.queues[0].target_sl == pytest.approx(0.8)
    assert model.setData(model.index(0, sl_col), "90%")
    assert document.scenario.queues[0].target_sl == pytest.approx(0.9)
    assert model.index(0, sl_col).data() == "90"
    document.undo_stack.undo()
    assert document.scenario.queues[0].target_sl == pytest.approx(0.8)
    assert model.index(0, sl_col).data() == "80"


def test_queue_priority_is_edited_in_the_targets_table(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    from ui.views.targets_view import TargetsView
    view = TargetsView(document)
    qtbot.addWidget(view)
    model = view.model
    col = next(i for i, c in enumerate(model.columns) if c.header == "Priority")
    assert model.index(0, col).data() == ""                          # default: ordinary 1, VIP 3
    assert "outside 0.1–100" in model.validate(0, col, "500")
    assert model.setData(model.index(0, col), "2")
    assert document.scenario.queues[0].priority == 2.0 and document.scenario.queues[0].value_weight == 2.0
    assert model.setData(model.index(0, col), "")
    assert document.scenario.queues[0].priority is None
    document.undo_stack.undo()
    assert document.scenario.queues[0].priority == 2.0


def test_roster_grid_of_200_agents_by_42_days_is_model_view(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    """200 × 42 cells come from the model on demand: no widget per cell, scrolling reads data lazily."""
    import datetime as dt
    from dataclasses import replace

    from planner.domain import Roster, Shift
    from planner.service import PlanSession
    from tests.ui.conftest import tiny_history, tiny_scenario
    from ui.document import PlanDocument
    from ui.views.roster_view import RosterView
    base = tiny_scenario()
    agents = tuple(replace(base.agents[i % 6], id=f"B{i:03d}", name=f"坐席{i:03d}") for i in range(200))
    scenario = replace(base, agents=agents)
    session = PlanSession(scenario, tiny_history())
    session.n_days = 42
    shifts = tuple(Shift(a.id, base.start_date + dt.timedelta(days=d), "day", 8 * 60, 17 * 60, 60,
                         breaks=((12 * 60, 13 * 60),))
                   for i, a in enumerate(agents) for d in range(42) if (d + i) % 7 < 5)
    session.set_roster(Roster(base.start_date, 42, shifts))
    doc = PlanDocument(session)
    view = RosterView(doc)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    model, grid = view.model, view.grid
    assert (model.rowCount(), model.columnCount()) == (200, 42)
    qtmodeltester.check(model)
    grid.scrollTo(model.index(199, 41))
    qtbot.wait(20)
    last_row, last_col = grid.rowAt(grid.viewport().height() - 2), grid.columnAt(grid.viewport().width() - 2)
    assert last_row == 199 and last_col == 41                # the bottom-right cell is in view
    assert model.index(199, 41).data() == ("08:00–17:00" if (41 + 199) % 7 < 5 else "")
    widgets = [grid.indexWidget(model.index(r, c)) for r in range(0, 200, 13) for c in range(0, 42, 5)]
    assert widgets and all(w is None for w in widgets)      # painted by the delegate, not widgets
