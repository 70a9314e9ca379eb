"""Staff & rules tabs for team meetings, availability windows and preferences.

They edit ``Scenario.roster_options`` (``meeting_min_per_week``, the meeting window and weekdays,
``availability``, ``preferences``) — the same settings as the scenario file's ``[[meeting]]``,
``[[availability]]`` and ``[[preference]]`` tables — and the solver reads them from there.
Typed text is checked on every keystroke and refused with the reason; a stored row that another
edit made inconsistent (its agent removed, its team emptied) is tinted red with the reason in its
tooltip. Every change is one undoable scenario edit.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject, QTime
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QTimeEdit, QVBoxLayout, QWidget

from planner.domain import Availability, Preference
from planner.scenario import format_hhmm
from ui.document import PlanDocument
from ui.models.record_model import Column, RecordTableModel
from ui.views.editing_support import INVALID_STYLE, integer, number, show_range, time_range
from ui.views.record_page import RecordPage

WANTS = ("off", "work", "start")
MINUTES_PER_DAY = 1440
#: weekday words typed in either language (Mon=0), besides the names shown in the current one
WEEKDAY_WORDS = (("mon", "monday", "周一", "星期一"), ("tue", "tuesday", "周二", "星期二"),
                 ("wed", "wednesday", "周三", "星期三"), ("thu", "thursday", "周四", "星期四"),
                 ("fri", "friday", "周五", "星期五"), ("sat", "saturday", "周六", "星期六"),
                 ("sun", "sunday", "周日", "星期日", "周天", "星期天"))
EVERY_DAY_WORDS = ("", "every day", "everyday", "all", "每天")


# ------------------------------------------------------------------ parsers
def parse_when(text: str, names: Sequence[str]) -> tuple[int | None, dt.date | None]:
    """'' → every day; 'Sat', '5', '周六' → weekday 5; '2025-12-06' → that date."""
    t = text.strip().lower()
    if t in EVERY_DAY_WORDS or t == names[7].lower():
        return None, None
    for weekday, words in enumerate(WEEKDAY_WORDS):
        if t in words or t == names[weekday].lower():
            return weekday, None
    if t.isdigit() and 0 <= int(t) <= 6:
        return int(t), None
    try:
        return None, dt.date.fromisoformat(t)
    except ValueError:
        message = QCoreApplication.translate(
            "RosterRulesPages", "{text} is not a day: write a weekday (Mon … Sun, or 0–6 with Mon=0), a date like "
            "2025-12-06, or leave it empty for every day")
        raise ValueError(message.format(text=repr(text))) from None


def show_when(weekday: int | None, day: dt.date | None, names: Sequence[str]) -> str:
    """The inverse of :func:`parse_when`; ``names`` = seven weekday names and 'every day'."""
    if day is not None:
        return day.isoformat()
    return names[7] if weekday is None else names[weekday]


def parse_window(text: str, latest_min: int) -> tuple[int, int]:
    """'17:00-24:00' → (1020, 1440); the end must follow the start and not pass ``latest_min``."""
    lo, hi = time_range(text)
    if lo >= MINUTES_PER_DAY:
        message = QCoreApplication.translate("RosterRulesPages", "the window starts at {time}: start it before 24:00")
        raise ValueError(message.format(time=format_hhmm(lo)))
    if hi <= lo and latest_min > MINUTES_PER_DAY:
        raise ValueError(QCoreApplication.translate(
            "RosterRulesPages", "the window ends before it starts: make the end later than the start; past midnight "
            "write e.g. 18:00-26:00"))
    if hi <= lo:
        raise ValueError(QCoreApplication.translate(
            "RosterRulesPages", "the window ends before it starts: make the end later than the start"))
    if hi > latest_min:
        message = QCoreApplication.translate("RosterRulesPages", "the window ends after {time}: end it by then")
        raise ValueError(message.format(time=format_hhmm(latest_min)))
    return lo, hi


def parse_agent(text: str, agents: Sequence[Any]) -> str:
    """An agent id, typed as the id or the agent's name."""
    t = text.strip()
    for a in agents:
        if t in (a.id, a.name):
            return a.id
    message = QCoreApplication.translate("RosterRulesPages", "unknown agent {name}: type an agent id such as {example}")
    raise ValueError(message.format(name=repr(t), example=agents[0].id if agents else "A001"))


class RosterRulesPages(QObject):
    """Builds the Meetings, Availability and Preferences pages over one document."""

    def __init__(self, document: PlanDocument, message: QLabel) -> None:
        super().__init__(message)
        self._doc = document
        self._message = message
        tr = self.tr
        self.day_names = (tr("Mon"), tr("Tue"), tr("Wed"), tr("Thu"), tr("Fri"), tr("Sat"), tr("Sun"),
                          tr("every day"))
        self.wants_names = {"off": tr("day off"), "work": tr("working day"), "start": tr("start between")}
        self.meetings = self._page("meeting_min_per_week", self._meeting_columns(), lambda m: m[0],
                                   self._meeting_problem,
                                   (tr("Add meeting"), tr("Add a weekly meeting for a team that has none yet"),
                                    self._on_add_meeting_clicked),
                                   (tr("Remove meeting"), tr("Remove the selected team's meeting")))
        self.meetings_page = self._meetings_page()
        self.availability = self._page("availability", self._availability_columns(), self._agent_label,
                                       self._agent_problem,
                                       (tr("Add window"), tr("Add a window (Monday 09:00-17:00) for the agent of the "
                                                             "selected row, or the first agent; then edit it"),
                                        self._on_add_window_clicked),
                                       (tr("Remove window"), tr("Remove the selected availability window")))
        self.preferences = self._page("preferences", self._preference_columns(), self._agent_label,
                                      self._agent_problem,
                                      (tr("Add preference"), tr("Add a wish (Saturday off) for the agent of the selected "
                                                                "row, or the first agent; then edit it"),
                                       self._on_add_preference_clicked),
                                      (tr("Remove preference"), tr("Remove the selected wish")))
        self.load()

    def _page(self, field: str, columns: list[Column], label: Callable[[Any], str], problem: Callable[[Any], str],
              add: tuple[str, str, Callable[[], None]], remove: tuple[str, str]) -> RecordPage:
        """A table over ``roster_options.<field>`` with its Add and Remove buttons."""
        model = RecordTableModel(lambda: getattr(self._options(), field), columns,
                                 lambda recs, text: self._commit(field, recs, text), label=label, problem=problem)
        page = RecordPage(model, self._message, f"{field}Table")
        page.add_button(*add)
        page.add_button(*remove, lambda: self._remove(field, page))
        return page

    # ------------------------------------------------------------- state
    def _options(self) -> Any:
        return self._doc.scenario.roster_options

    def _commit(self, field: str, records: tuple[Any, ...], text: str) -> None:
        self._commit_options(self.tr("Edit {what}").format(what=text), **{field: records})

    def _commit_options(self, text: str, **changes: Any) -> None:
        s = self._doc.scenario
        self._doc.edit_scenario(text, replace(s, roster_options=replace(s.roster_options, **changes)))

    def _remove(self, field: str, page: RecordPage) -> None:
        row = page.current_row()
        if row < 0:
            self._message.setText(self.tr("Select the row to remove first"))
            return
        records = getattr(self._options(), field)
        self._commit_options(self.tr("Remove {what}").format(what=page.model.data(page.model.index(row, 0))),
                             **{field: records[:row] + records[row + 1:]})

    def load(self) -> None:
        """Follow the scenario after an edit or undo."""
        for page in (self.meetings, self.availability, self.preferences):
            page.model.refresh()
        self._load_meeting_window()

    def _agent_label(self, item: Availability | Preference) -> str:
        names = {a.id: a.name for a in self._doc.scenario.agents}
        return f"{names.get(item.agent_id, '?')} ({item.agent_id})"

    def _agent_problem(self, item: Availability | Preference) -> str:
        if item.agent_id in {a.id for a in self._doc.scenario.agents}:
            return ""
        return self.tr("Agent: {id} is not an agent of this plan any more; pick another agent or remove "
                       "the row").format(id=item.agent_id)

    def _first_agent(self) -> str:
        agents = self._doc.scenario.agents
        return agents[0].id if agents else ""

    # ----------------------------------------------------------- meetings
    def _teams(self) -> list[str]:
        return sorted({a.team for a in self._doc.scenario.agents if a.team})

    def _meeting_columns(self) -> list[Column]:
        tr = self.tr
        return [
            Column(tr("Team"), tr("The team that meets together, off the phones, once a week"), lambda m: m[0],
                   lambda m, t: (_team(t, self._teams()), m[1]), choices=self._teams),
            Column(tr("Minutes per week"), tr("Length of the weekly meeting (1–480 minutes); it must fit in the "
                                              "meeting window"), lambda m: m[1],
                   lambda m, t: (m[0], self._fits(integer(t, 1, 480, tr("number of minutes"))))),
        ]

    def _fits(self, minutes: int) -> int:
        o = self._options()
        if minutes > o.meeting_to_min - o.meeting_from_min:
            raise ValueError(self.tr("{n} minutes do not fit in the meeting window {window}: widen the window "
                                     "first").format(n=minutes, window=show_range(o.meeting_from_min,
                                                                                 o.meeting_to_min)))
        return minutes

    def _meeting_problem(self, meeting: tuple[str, int]) -> str:
        team, minutes = meeting
        if team not in self._teams():
            return self.tr("Team: no agent is in team {team} any more; pick another team or remove the "
                           "meeting").format(team=team)
        o = self._options()
        if minutes > o.meeting_to_min - o.meeting_from_min:
            return self.tr("Minutes per week: {n} minutes do not fit in the meeting window; shorten the "
                           "meeting or widen the window").format(n=minutes)
        scenario = self._doc.scenario
        if scenario.rules.min_staff > 0 and all(a.team == team for a in scenario.agents):
            # the solver would return INFEASIBLE (meeting vs minimum staff); say so while editing
            return self.tr("Team: team {team} is every agent of the centre, and the minimum staff rule keeps "
                           "{n} on duty whenever a queue is open; split the team or set the minimum staff "
                           "to 0").format(team=team, n=scenario.rules.min_staff)
        return ""

    def _on_add_meeting_clicked(self) -> None:
        teams = self._teams()
        o = self._options()
        have = {team for team, _ in o.meeting_min_per_week}
        free = [t for t in teams if t not in have]
        if not free:
            self._message.setText(self.tr("Every team already has a meeting; change its minutes instead"))
            return
        minutes = min(60, o.meeting_to_min - o.meeting_from_min)
        self._commit_options(self.tr("Add meeting {team}").format(team=free[0]),
                             meeting_min_per_week=o.meeting_min_per_week + ((free[0], minutes),))

    def _meetings_page(self) -> QWidget:
        tr = self.tr
        self.meeting_from = QTimeEdit()
        self.meeting_from.setObjectName("meetingFrom")
        self.meeting_from.setDisplayFormat("HH:mm")
        self.meeting_from.setToolTip(tr("Earliest start of any team meeting each day (meetings are placed in "
                                        "quiet periods inside this window)"))
        self.meeting_to = QTimeEdit()
        self.meeting_to.setObjectName("meetingTo")
        self.meeting_to.setDisplayFormat("HH:mm")
        self.meeting_to.setToolTip(tr("Latest end of any team meeting each day; 00:00 means midnight"))
        self.meeting_days = [QCheckBox(name) for name in self.day_names[:7]]
        for i, box in enumerate(self.meeting_days):
            box.setObjectName(f"meetingDay{i}")
            box.setToolTip(tr("Meetings may be placed on this weekday"))
            box.clicked.connect(self._on_meeting_day_clicked)
        for edit in (self.meeting_from, self.meeting_to):
            edit.timeChanged.connect(self._on_meeting_window_typed)
            edit.editingFinished.connect(self._on_meeting_window_edited)
        days = QHBoxLayout()
        for box in self.meeting_days:
            days.addWidget(box)
        days.addStretch(1)
        window = QHBoxLayout()
        window.addWidget(self.meeting_from)
        window.addWidget(QLabel("–"))
        window.addWidget(self.meeting_to)
        window.addStretch(1)
        form = QFormLayout()
        window_label = QLabel(tr("Meeting window"))
        window_label.setToolTip(self.meeting_from.toolTip())
        days_label = QLabel(tr("Meeting days"))
        days_label.setToolTip(tr("Weekdays on which meetings may be placed (at least one)"))
        form.addRow(window_label, window)
        form.addRow(days_label, days)
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.meetings, 1)
        box.addLayout(form)
        QWidget.setTabOrder(self.meetings.table, self.meetings.buttons.itemAt(0).widget())
        QWidget.setTabOrder(self.meetings.buttons.itemAt(1).widget(), self.meeting_from)
        QWidget.setTabOrder(self.meeting_from, self.meeting_to)
        QWidget.setTabOrder(self.meeting_to, self.meeting_days[0])
        for a, b in zip(self.meeting_days, self.meeting_days[1:]):
            QWidget.setTabOrder(a, b)
        return page

    def _load_meeting_window(self) -> None:
        o = self._options()
        widgets = [self.meeting_from, self.meeting_to, *self.meeting_days]
        for w in widgets:
            w.blockSignals(True)
        self.meeting_from.setTime(_qtime(o.meeting_from_min))
        self.meeting_to.setTime(_qtime(o.meeting_to_min))
        for i, box in enumerate(self.meeting_days):
            box.setChecked(i in o.meeting_weekdays)
        for w in widgets:
            w.blockSignals(False)
        self._mark_window("")

    def meeting_window(self) -> tuple[int, int]:
        """(from, to) minutes as typed; an end of 00:00 is midnight (1440)."""
        lo, hi = _minutes(self.meeting_from.time()), _minutes(self.meeting_to.time())
        return lo, hi or MINUTES_PER_DAY

    def window_problem(self) -> str:
        """'' if the typed meeting window is usable, else why not (naming the field)."""
        lo, hi = self.meeting_window()
        if hi <= lo:
            return self.tr("Meeting window: the end is not after the start; make it end later")
        longest = max((m for _t, m in self._options().meeting_min_per_week), default=0)
        if longest > hi - lo:
            return self.tr("Meeting window: a {n}-minute meeting does not fit; widen the window or shorten "
                           "the meeting").format(n=longest)
        return ""

    def _mark_window(self, problem: str) -> None:
        for edit in (self.meeting_from, self.meeting_to):
            edit.setStyleSheet(INVALID_STYLE.replace("QLineEdit", "QTimeEdit") if problem else "")
            edit.setProperty("invalid", bool(problem))

    def _on_meeting_window_typed(self) -> None:
        problem = self.window_problem()
        self._mark_window(problem)
        self._message.setText(problem)

    def _on_meeting_window_edited(self) -> None:
        if self.window_problem():
            return          # shown while typing; never applied
        lo, hi = self.meeting_window()
        o = self._options()
        if (lo, hi) != (o.meeting_from_min, o.meeting_to_min):
            self._commit_options(self.tr("Edit meeting window"), meeting_from_min=lo, meeting_to_min=hi)

    def _on_meeting_day_clicked(self) -> None:
        days = tuple(i for i, box in enumerate(self.meeting_days) if box.isChecked())
        if not days:
            self._message.setText(self.tr("Meeting days: keep at least one weekday for meetings"))
            self._load_meeting_window()
            return
        if days != self._options().meeting_weekdays:
            self._commit_options(self.tr("Edit meeting days"), meeting_weekdays=days)

    # ------------------------------------------------------- availability
    def _agent_columns(self) -> list[Column]:
        tr = self.tr
        agents = lambda: self._doc.scenario.agents  # noqa: E731
        names = lambda: {a.id: a.name for a in agents()}  # noqa: E731
        return [
            Column(tr("Agent"), tr("Agent id; type the id or the agent's name"), lambda x: x.agent_id,
                   lambda x, t: replace(x, agent_id=parse_agent(t, agents()))),
            Column(tr("Name"), tr("The agent's name (change it on the Agents tab)"),
                   lambda x: names().get(x.agent_id, "?")),
        ]

    def _when_column(self, tip: str) -> Column:
        return Column(self.tr("Day"), tip, lambda x: show_when(x.weekday, x.day, self.day_names),
                      lambda x, t: _with_when(x, parse_when(t, self.day_names)))

    def _availability_columns(self) -> list[Column]:
        tr = self.tr
        return self._agent_columns() + [
            self._when_column(tr("A weekday (Mon … Sun) the window repeats on, or one date (2025-12-06); "
                                 "empty = every day")),
            Column(tr("From–to"), tr("The window, e.g. 17:00-24:00; it may run past midnight (18:00-26:00). "
                                     "The agent works only shifts lying fully inside one of their windows; "
                                     "days with no window are days off"),
                   lambda w: show_range(w.from_min, w.to_min),
                   lambda w, t: replace(w, **dict(zip(("from_min", "to_min"), parse_window(t, 2 * MINUTES_PER_DAY))))),
        ]

    def _on_add_window_clicked(self) -> None:
        agent = self._row_agent(self.availability) or self._first_agent()
        if not agent:
            return
        window = Availability(agent, 9 * 60, 17 * 60, weekday=0)
        self._commit_options(self.tr("Add availability {agent}").format(agent=agent),
                             availability=self._options().availability + (window,))

    def _row_agent(self, page: RecordPage) -> str:
        row = page.current_row()
        return page.model.record(row).agent_id if row >= 0 else ""

    # -------------------------------------------------------- preferences
    def _preference_columns(self) -> list[Column]:
        tr = self.tr
        return self._agent_columns() + [
            Column(tr("Wish"), tr("day off: no shift that day · working day: a shift that day · start between: "
                                  "if working, start inside the From–to window"),
                   lambda p: self.wants_names[p.wants], lambda p, t: replace(p, wants=self._wants(t)),
                   choices=lambda: list(self.wants_names.values())),
            self._when_column(tr("A weekday (Mon … Sun) the wish holds on, or one date (2025-12-06); "
                                 "empty = every day")),
            Column(tr("From–to"), tr("Start window for 'start between', e.g. 08:00-10:00; other wishes ignore it"),
                   lambda p: show_range(p.from_min, p.to_min),
                   lambda p, t: replace(p, **dict(zip(("from_min", "to_min"), parse_window(t, MINUTES_PER_DAY))))),
            Column(tr("Weight"), tr("Cost of not granting the wish, in head-intervals: 4 = one hour of one "
                                    "needed agent's service; 0 = ignore"),
                   lambda p: f"{p.weight:g}", lambda p, t: replace(p, weight=number(t, 0, 1000, tr("weight")))),
        ]

    def _wants(self, text: str) -> str:
        t = text.strip()
        for key, name in self.wants_names.items():
            if t in (key, name):
                return key
        raise ValueError(self.tr("unknown wish {wish}: choose {choices}").format(
            wish=repr(t), choices=", ".join(self.wants_names.values())))

    def _on_add_preference_clicked(self) -> None:
        agent = self._row_agent(self.preferences) or self._first_agent()
        if not agent:
            return
        wish = Preference(agent, "off", weekday=5)
        self._commit_options(self.tr("Add preference {agent}").format(agent=agent),
                             preferences=self._options().preferences + (wish,))


# ------------------------------------------------------------------- helpers
def _team(text: str, teams: list[str]) -> str:
    if text.strip() not in teams:
        message = QCoreApplication.translate("RosterRulesPages", "no agent is in team {team}: choose one of {teams}")
        raise ValueError(message.format(team=repr(text.strip()), teams=", ".join(teams)))
    return text.strip()


def _with_when(item: Any, when: tuple[int | None, dt.date | None]) -> Any:
    return replace(item, weekday=when[0], day=when[1])


def _qtime(minutes: int) -> QTime:
    return QTime(minutes // 60 % 24, minutes % 60)


def _minutes(time: QTime) -> int:
    return time.hour() * 60 + time.minute()
