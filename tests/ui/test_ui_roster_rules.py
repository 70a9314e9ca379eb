"""Staff & rules: team meetings, availability windows and preferences — edit, refuse, undo, solve."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QStyleOptionViewItem

from planner.domain import Availability, Preference
from ui.models.record_model import INVALID_ROW_COLOUR


@pytest.fixture
def view(qtbot, forecast_document):  # type: ignore[no-untyped-def]
    from ui.views.staff_view import StaffView
    staff = StaffView(forecast_document)
    qtbot.addWidget(staff)
    return staff


def _col(model, header: str) -> int:  # type: ignore[no-untyped-def]
    return next(i for i, c in enumerate(model.columns) if c.header == header)


def _type(page, row: int, column: int, text: str) -> QLineEdit:  # type: ignore[no-untyped-def]
    """Open the cell's editor and type ``text`` the way a keyboard does (textEdited per change)."""
    delegate = page.table.itemDelegate()
    editor = delegate.createEditor(page.table.viewport(), QStyleOptionViewItem(), page.model.index(row, column))
    assert isinstance(editor, QLineEdit)
    editor.setText(text)
    editor.textEdited.emit(text)
    return editor


def _solver_options(monkeypatch, qtbot, doc):  # type: ignore[no-untyped-def]
    """The RosterOptions the solver receives when the app's Solve runs (solver stubbed out)."""
    seen = []

    def fake_solve(problem, **_kwargs):  # type: ignore[no-untyped-def]
        seen.append(problem.options)
        return SimpleNamespace(status="UNKNOWN", roster=None, conflicts=[])

    monkeypatch.setattr("planner.rostering.solve.solve_roster", fake_solve)
    with qtbot.waitSignal(doc.solve_finished, timeout=30_000):
        doc.start_solve(1.0)
    return seen[0]


def test_meetings_add_edit_refuse_undo_remove_and_reach_the_solver(qtbot, view, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc, rules = view._doc, view.roster_rules
    page, model = rules.meetings, rules.meetings.model
    page.buttons.itemAt(0).widget().click()                              # Add meeting
    assert doc.scenario.roster_options.meeting_min_per_week == (("enquiries", 60),)
    minutes = _col(model, "Minutes per week")
    # typing a meeting longer than the 09:00–17:00 window: red editor, reason names the window
    editor = _type(page, 0, minutes, "600")
    assert editor.property("invalid") is True and "outside 1–480" in view.message.text()
    editor = _type(page, 0, minutes, "45")
    assert editor.property("invalid") is False
    page.table.itemDelegate().setModelData(editor, model, model.index(0, minutes))
    assert doc.scenario.roster_options.meeting_min_per_week == (("enquiries", 45),)
    # a refused edit names the row and the field, and changes nothing
    refused: list[str] = []
    model.invalid.connect(refused.append)
    assert not model.setData(model.index(0, minutes), "lots")
    assert refused == ["enquiries · Minutes per week: 'lots' is not a number: type a number of minutes "
                       "between 1 and 480"]
    assert not model.setData(model.index(0, _col(model, "Team")), "billing")
    assert "no agent is in team 'billing'" in refused[-1]
    # window and weekdays: an end before the start is marked and never applied
    rules.meeting_from.setTime(rules.meeting_from.time().fromString("14:00", "HH:mm"))
    rules.meeting_to.setTime(rules.meeting_to.time().fromString("13:00", "HH:mm"))
    assert rules.meeting_to.property("invalid") is True
    assert view.message.text().startswith("Meeting window:")
    rules.meeting_to.editingFinished.emit()
    assert doc.scenario.roster_options.meeting_to_min == 17 * 60
    rules.meeting_to.setTime(rules.meeting_to.time().fromString("16:00", "HH:mm"))
    rules.meeting_to.editingFinished.emit()
    options = doc.scenario.roster_options
    assert (options.meeting_from_min, options.meeting_to_min) == (14 * 60, 16 * 60)
    rules.meeting_days[4].click()                                           # untick Friday
    assert doc.scenario.roster_options.meeting_weekdays == (0, 1, 2, 3)
    sent = _solver_options(monkeypatch, qtbot, doc)
    assert sent.meeting_min_per_week == (("enquiries", 45),)
    assert (sent.meeting_from_min, sent.meeting_to_min, sent.meeting_weekdays) == (840, 960, (0, 1, 2, 3))
    for _ in range(3):                                                      # days, window, minutes
        doc.undo_stack.undo()
    assert doc.scenario.roster_options.meeting_min_per_week == (("enquiries", 60),)
    assert rules.meeting_days[4].isChecked() and rules.meeting_to.time().hour() == 17
    page.table.setCurrentIndex(model.index(0, 0))
    page.buttons.itemAt(1).widget().click()                                 # Remove meeting
    assert doc.scenario.roster_options.meeting_min_per_week == () and model.rowCount() == 0
    doc.undo_stack.undo()
    assert model.rowCount() == 1


def test_meeting_days_keep_at_least_one(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    doc, rules = view._doc, view.roster_rules
    for box in rules.meeting_days[:4]:
        box.click()
    assert doc.scenario.roster_options.meeting_weekdays == (4,)
    rules.meeting_days[4].click()                                           # would leave none
    assert doc.scenario.roster_options.meeting_weekdays == (4,) and rules.meeting_days[4].isChecked()
    assert view.message.text().startswith("Meeting days:")


def test_availability_add_edit_refuse_undo_remove_and_reach_the_solver(qtbot, view, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc, page = view._doc, view.roster_rules.availability
    model = page.model
    page.buttons.itemAt(0).widget().click()
    assert doc.scenario.roster_options.availability == (Availability("A01", 540, 1020, weekday=0),)
    day, window, agent = _col(model, "Day"), _col(model, "From–to"), _col(model, "Agent")
    editor = _type(page, 0, window, "17:00-09:00")
    assert editor.property("invalid") is True and "ends before it starts" in view.message.text()
    assert model.setData(model.index(0, window), "18:00-26:00")            # past midnight
    assert model.setData(model.index(0, day), "Sat")
    assert model.setData(model.index(0, agent), "王伟")                     # a name finds the id
    assert model.index(0, _col(model, "Name")).data() == "王伟"
    assert doc.scenario.roster_options.availability == (Availability("A02", 18 * 60, 26 * 60, weekday=5),)
    assert model.setData(model.index(0, day), "2025-12-03")
    assert doc.scenario.roster_options.availability[0].day == dt.date(2025, 12, 3)
    assert doc.scenario.roster_options.availability[0].weekday is None
    refused: list[str] = []
    model.invalid.connect(refused.append)
    assert not model.setData(model.index(0, day), "someday")
    assert refused and "Day: 'someday' is not a day" in refused[0]
    assert not model.setData(model.index(0, agent), "A99")
    assert "Agent: unknown agent 'A99'" in refused[1]
    sent = _solver_options(monkeypatch, qtbot, doc)
    assert sent.availability == (Availability("A02", 18 * 60, 26 * 60, day=dt.date(2025, 12, 3)),)
    doc.undo_stack.undo()                                                   # the date
    assert model.index(0, day).data() == "Sat"
    page.table.setCurrentIndex(model.index(0, 0))
    page.buttons.itemAt(1).widget().click()
    assert doc.scenario.roster_options.availability == ()
    doc.undo_stack.undo()
    assert len(doc.scenario.roster_options.availability) == 1


def test_preferences_add_edit_refuse_undo_remove_and_reach_the_solver(qtbot, view, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc, page = view._doc, view.roster_rules.preferences
    model = page.model
    page.buttons.itemAt(0).widget().click()
    assert doc.scenario.roster_options.preferences == (Preference("A01", "off", weekday=5),)
    wish, window, weight = _col(model, "Wish"), _col(model, "From–to"), _col(model, "Weight")
    assert model.index(0, wish).data() == "day off"
    assert model.setData(model.index(0, wish), "start between")
    assert model.setData(model.index(0, window), "08:00-10:00")
    editor = _type(page, 0, weight, "-1")
    assert editor.property("invalid") is True and "outside 0–1000" in view.message.text()
    assert model.setData(model.index(0, weight), "12")
    assert doc.scenario.roster_options.preferences == (Preference("A01", "start", 5, None, 480, 600, 12.0),)
    refused: list[str] = []
    model.invalid.connect(refused.append)
    assert not model.setData(model.index(0, window), "08:00-25:00")       # a start wish ends by 24:00
    assert refused and "From–to: the window ends after 24:00" in refused[0]
    sent = _solver_options(monkeypatch, qtbot, doc)
    assert sent.preferences == (Preference("A01", "start", 5, None, 480, 600, 12.0),)
    for _ in range(3):
        doc.undo_stack.undo()
    assert doc.scenario.roster_options.preferences == (Preference("A01", "off", weekday=5),)
    page.table.setCurrentIndex(model.index(0, 0))
    page.buttons.itemAt(1).widget().click()
    assert doc.scenario.roster_options.preferences == ()
    doc.undo_stack.undo()
    assert model.rowCount() == 1


def test_rows_left_inconsistent_are_marked_and_removing_an_agent_takes_their_rows(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    doc, rules = view._doc, view.roster_rules
    options = replace(doc.scenario.roster_options, meeting_min_per_week=(("enquiries", 60),),
                      availability=(Availability("A03", 600, 900, weekday=1),),
                      preferences=(Preference("A03", "work", weekday=2), Preference("A04", "off", weekday=6)))
    two_teams = (replace(doc.scenario.agents[0], team="complaints"),) + doc.scenario.agents[1:]
    doc.edit_scenario("set up", replace(doc.scenario, roster_options=options, agents=two_teams))
    # every agent moves to another team: the enquiries meeting has nobody left
    agents = tuple(replace(a, team="complaints") for a in doc.scenario.agents)
    doc.edit_scenario("teams", replace(doc.scenario, agents=agents))
    meetings = rules.meetings.model
    view.tabs.setCurrentWidget(rules.meetings_page)                      # the message says it too
    assert view.message.text() == "Row 1: Team: no agent is in team enquiries any more; pick another team or " \
                                  "remove the meeting"
    assert [p for _r, p in meetings.row_problems()] == [
        "Team: no agent is in team enquiries any more; pick another team or remove the meeting"]
    assert meetings.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) == INVALID_ROW_COLOUR
    assert meetings.index(0, 1).data(Qt.ItemDataRole.ToolTipRole).startswith("Team: no agent")
    doc.undo_stack.undo()
    assert meetings.row_problems() == [] and view.message.text() == ""
    assert meetings.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    doc.remove_agent("A03", "Remove agent")
    left = doc.scenario.roster_options
    assert left.availability == () and left.preferences == (Preference("A04", "off", weekday=6),)
    assert rules.availability.model.rowCount() == 0 and rules.preferences.model.row_problems() == []
    doc.undo_stack.undo()
    assert len(doc.scenario.roster_options.preferences) == 2 and rules.availability.model.rowCount() == 1


def test_a_meeting_of_the_whole_centre_is_flagged_before_solving(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    doc, rules = view._doc, view.roster_rules
    options = replace(doc.scenario.roster_options, meeting_min_per_week=(("enquiries", 60),))
    two_teams = (replace(doc.scenario.agents[0], team="complaints"),) + doc.scenario.agents[1:]
    doc.edit_scenario("set up", replace(doc.scenario, roster_options=options, agents=two_teams))
    assert rules.meetings.model.row_problems() == []
    doc.edit_scenario("teams", replace(doc.scenario, agents=tuple(replace(a, team="enquiries")
                                                                  for a in doc.scenario.agents)))
    problems = [p for _r, p in rules.meetings.model.row_problems()]
    assert problems == ["Team: team enquiries is every agent of the centre, and the minimum staff rule keeps 1 "
                        "on duty whenever a queue is open; split the team or set the minimum staff to 0"]
    doc.edit_scenario("no minimum", replace(doc.scenario, rules=replace(doc.scenario.rules, min_staff=0)))
    assert rules.meetings.model.row_problems() == []


def test_roster_rule_models_pass_modeltester(qtmodeltester, view) -> None:  # type: ignore[no-untyped-def]
    doc = view._doc
    options = replace(doc.scenario.roster_options, meeting_min_per_week=(("enquiries", 30),),
                      availability=(Availability("A01", 600, 900, weekday=1), Availability("A02", 0, 1440)),
                      preferences=(Preference("A01", "start", None, dt.date(2025, 12, 2), 480, 540, 2.0),))
    doc.edit_scenario("set up", replace(doc.scenario, roster_options=options))
    rules = view.roster_rules
    for page in (rules.meetings, rules.availability, rules.preferences):
        qtmodeltester.check(page.model)
    availability = rules.availability.model
    assert [availability.index(r, _col(availability, "Day")).data() for r in range(2)] == ["Tue", "every day"]
    preferences = rules.preferences.model
    assert preferences.index(0, _col(preferences, "Day")).data() == "2025-12-02"


@pytest.mark.parametrize("text, expected", [
    ("", (None, None)), ("every day", (None, None)), ("每天", (None, None)), ("Mon", (0, None)),
    ("sunday", (6, None)), ("周三", (2, None)), ("星期六", (5, None)), ("4", (4, None)),
    ("2025-12-06", (None, dt.date(2025, 12, 6))),
])
def test_parse_when_reads_weekdays_dates_and_every_day(text, expected) -> None:  # type: ignore[no-untyped-def]
    from ui.views.roster_rules_view import parse_when
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "every day")
    assert parse_when(text, names) == expected


@pytest.mark.parametrize("text, message", [
    ("7", "is not a day"), ("2025-13-01", "is not a day"), ("Funday", "is not a day"),
])
def test_parse_when_refuses_what_is_not_a_day(text, message) -> None:  # type: ignore[no-untyped-def]
    from ui.views.roster_rules_view import parse_when
    with pytest.raises(ValueError, match=message):
        parse_when(text, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "every day"))


def test_typing_checks_speak_the_app_language(qapp) -> None:  # type: ignore[no-untyped-def]
    from ui.i18n import install_language
    from ui.views.roster_rules_view import parse_when, parse_window
    install_language("zh_CN")
    try:
        with pytest.raises(ValueError, match="'someday' 不是日期"):
            parse_when("someday", ("周一", "周二", "周三", "周四", "周五", "周六", "周日", "每天"))
        assert parse_when("周六", ("周一", "周二", "周三", "周四", "周五", "周六", "周日", "每天")) == (5, None)
        with pytest.raises(ValueError, match="跨过午夜"):
            parse_window("17:00-09:00", 2 * 1440)
    finally:
        install_language("en")
