"""Staff & rules: agents, contracts, shift templates, cover floors, labour rules and roster settings.

Team meetings, availability windows and preferences have their own tabs
(:mod:`ui.views.roster_rules_view`).

Every table validates while typing (see :mod:`ui.views.editing_support`) and every change is
one undoable scenario edit; every rule field has a tooltip saying what it does.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, Callable

from PySide6.QtWidgets import (QDoubleSpinBox, QFileDialog, QFormLayout, QLabel, QMessageBox, QSpinBox,
                               QTableView, QTabWidget, QTimeEdit, QVBoxLayout, QWidget)

from planner.domain import Agent, Contract, Rules, ShiftTemplate, TimeOff
from planner.errors import PlannerError
from planner.scenario import format_hhmm, parse_hhmm
from ui.document import PlanDocument
from ui.models.record_model import Column, RecordTableModel
from ui.views.editing_support import boolean, integer, number, show_range, time_range
from ui.views.record_page import RecordPage
from ui.views.roster_rules_view import RosterRulesPages


# ---------------------------------------------------------------- parsers
def parse_time_off(text: str) -> tuple[TimeOff, ...]:
    """'2025-12-01..2025-12-03 leave; 2025-12-10' → TimeOff tuples."""
    out = []
    for part in [p.strip() for p in text.replace("；", ";").split(";") if p.strip()]:
        span, _, reason = part.partition(" ")
        first_text, _, last_text = span.partition("..")
        try:
            first = dt.date.fromisoformat(first_text)
            last = dt.date.fromisoformat(last_text) if last_text else first
        except ValueError:
            raise ValueError(f"{part!r} is not a date range: write 2025-12-01..2025-12-03 reason; …") from None
        if last < first:
            raise ValueError(f"{part!r} ends before it starts: put the first day first")
        out.append(TimeOff(first, last, reason.strip()))
    return tuple(out)


def show_time_off(items: tuple[TimeOff, ...]) -> str:
    parts = []
    for t in items:
        span = t.first.isoformat() if t.first == t.last else f"{t.first.isoformat()}..{t.last.isoformat()}"
        parts.append(f"{span} {t.reason}".strip())
    return "; ".join(parts)


def parse_names(text: str, known: list[str], what: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(n.strip() for n in text.replace(",", ";").split(";") if n.strip()))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(unknown)}: use {', '.join(known)} separated by ';'")
    if not names:
        raise ValueError(f"give at least one {what}, separated by ';'")
    return names


def parse_starts(text: str, interval_min: int) -> tuple[int, ...]:
    starts = []
    for part in [p.strip() for p in text.replace(",", ";").split(";") if p.strip()]:
        try:
            minute = parse_hhmm(part)
        except ValueError:
            raise ValueError(f"{part!r} is not a time: write starts like 06:00; 08:00") from None
        if minute % interval_min or minute >= 1440:
            raise ValueError(f"{part} is not on the {interval_min}-minute grid of the day")
        starts.append(minute)
    if not starts:
        raise ValueError("give at least one start time, e.g. 08:00")
    return tuple(sorted(set(starts)))


def parse_days(text: str) -> str | tuple[int, ...]:
    t = text.strip().lower()
    if t in ("all", "weekend", "weekday"):
        return t
    try:
        days = tuple(sorted({int(x) for x in t.replace(";", ",").split(",") if x.strip()}))
    except ValueError:
        raise ValueError("write all, weekend, weekday or weekday numbers like 5,6 (Mon=0)") from None
    if not days or any(not 0 <= d <= 6 for d in days):
        raise ValueError("weekday numbers run from 0 (Monday) to 6 (Sunday)")
    return days


class StaffView(QWidget):
    """Tabs: Agents, Contracts, Shift templates, Cover floors, Rules, Meetings, Availability, Preferences."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self.message = QLabel()
        self.message.setObjectName("staffMessage")
        self.message.setStyleSheet("color: #d62728;")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        s = document.scenario
        agents = self._table_tab(self.tr("Agents"), lambda: self._doc.scenario.agents, self._agent_columns(),
                                 "agents", lambda a: f"{a.name} ({a.id})")
        self.agents_model, self.agents_table = agents.model, agents.table
        agents.add_button(self.tr("Add agent"), self.tr("Add a new agent (copying the selected agent's team and "
                                                        "contract)"), lambda: self._on_add_agent_clicked(self.agents_table))
        agents.add_button(self.tr("Remove agent"), self.tr("Remove the selected agent and their shifts"),
                          lambda: self._on_remove_agent_clicked(self.agents_table))
        agents.add_button(self.tr("Import from XLSX/CSV…"),
                          self.tr("Read agents, skills, contracts and time off from a spreadsheet"),
                          self._on_import_clicked)
        self.contracts_model = self._table_tab(self.tr("Contracts"), lambda: self._doc.scenario.contracts,
                                               self._contract_columns(), "contracts", lambda c: c.name).model
        self.templates_model = self._table_tab(self.tr("Shift templates"), lambda: self._doc.scenario.templates,
                                               self._template_columns(), "templates", lambda t: t.name).model
        self.floors_model = self._table_tab(self.tr("Cover floors"), lambda: self._doc.scenario.floors,
                                            self._floor_columns(), "floors", lambda f: f.queue).model
        self.tabs.addTab(self._rules_tab(s.rules), self.tr("Rules"))
        self.roster_rules = RosterRulesPages(document, self.message)
        self.tabs.addTab(self.roster_rules.meetings_page, self.tr("Meetings"))
        self.tabs.addTab(self.roster_rules.availability, self.tr("Availability"))
        self.tabs.addTab(self.roster_rules.preferences, self.tr("Preferences"))
        self.tabs.currentChanged.connect(self._show_row_problem)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        document.scenario_changed.connect(self._on_document_scenario_changed)

    # ----------------------------------------------------------- assembly
    def _table_tab(self, title: str, records: Callable[[], Any], columns: list[Column], field: str,
                   label: Callable[[Any], str]) -> RecordPage:
        model = RecordTableModel(records, columns, lambda recs, text: self._commit(field, recs, text), label)
        page = RecordPage(model, self.message, f"{field}Table")
        self.tabs.addTab(page, title)
        return page

    def _commit(self, field: str, records: tuple[Any, ...], text: str) -> None:
        self._doc.edit_scenario(self.tr("Edit {what}").format(what=text),
                                replace(self._doc.scenario, **{field: records}))

    def _on_document_scenario_changed(self) -> None:
        for model in (self.agents_model, self.contracts_model, self.templates_model, self.floors_model):
            model.refresh()
        self._load_rules(self._doc.scenario.rules)
        self.roster_rules.load()
        self._show_row_problem()

    def _show_row_problem(self, *_: object) -> None:
        """Under the tables: the first stored row of the shown tab that no longer holds, else nothing."""
        page = self.tabs.currentWidget()
        if page is self.roster_rules.meetings_page:
            page = self.roster_rules.meetings
        model = getattr(page, "model", None)
        problems = model.row_problems() if isinstance(model, RecordTableModel) else []
        self.message.setText(self.tr("Row {row}: {problem}").format(row=problems[0][0] + 1, problem=problems[0][1])
                             if problems else "")

    # -------------------------------------------------------------- agents
    def _agent_columns(self) -> list[Column]:
        tr, s = self.tr, lambda: self._doc.scenario
        return [
            Column(tr("ID"), tr("Unique agent id (fixed)"), lambda a: a.id),
            Column(tr("Name"), tr("Name shown on the roster and in exports"), lambda a: a.name,
                   lambda a, t: replace(a, name=_nonempty(t, tr("name")))),
            Column(tr("Team"), tr("Skill group: enquiries, complaints, technical…"), lambda a: a.team,
                   lambda a, t: replace(a, team=_nonempty(t, tr("team")))),
            Column(tr("Contract"), tr("Employment contract: weekly hours, days and allowed shift templates"),
                   lambda a: a.contract, lambda a, t: replace(a, contract=_one_of(t, [c.name for c in s().contracts])),
                   choices=lambda: [c.name for c in s().contracts]),
            Column(tr("Queues"), tr("Queues the agent is trained for, separated by ';' (VIP queues need VIP)"),
                   lambda a: "; ".join(a.queues), lambda a, t: _with_queues(a, t, s())),
            Column(tr("VIP"), tr("Certified to serve VIP customers"), lambda a: a.vip,
                   lambda a, t: _with_vip(a, boolean(t), s()), check=True),
            Column(tr("Night"), tr("May work shifts that overlap the night window"), lambda a: a.night_capable,
                   lambda a, t: replace(a, night_capable=boolean(t)), check=True),
            Column(tr("Time off"), tr("Approved absence: 2025-12-01..2025-12-03 reason; 2025-12-10"),
                   lambda a: show_time_off(a.time_off), lambda a, t: replace(a, time_off=parse_time_off(t))),
        ]

    def _on_add_agent_clicked(self, table: QTableView) -> None:
        s = self._doc.scenario
        row = table.currentIndex().row()
        model_agent = s.agents[row] if 0 <= row < len(s.agents) else (s.agents[0] if s.agents else None)
        used = {a.id for a in s.agents}
        n = len(s.agents) + 1
        while f"A{n:03d}" in used:
            n += 1
        new = Agent(id=f"A{n:03d}", name=self.tr("New agent {n}").format(n=n),
                    team=model_agent.team if model_agent else "enquiries",
                    contract=model_agent.contract if model_agent else (s.contracts[0].name if s.contracts else ""),
                    queues=model_agent.queues if model_agent and not model_agent.vip
                    else tuple(q.name for q in s.queues if not q.is_vip)[:1])
        self._doc.edit_scenario(self.tr("Add agent"), replace(s, agents=s.agents + (new,)))
        table.setCurrentIndex(self.agents_model.index(len(s.agents), 1))

    def _on_remove_agent_clicked(self, table: QTableView) -> None:
        row = table.currentIndex().row()
        s = self._doc.scenario
        if not 0 <= row < len(s.agents):
            self.message.setText(self.tr("Select the agent to remove first"))
            return
        gone = s.agents[row]
        self._doc.remove_agent(gone.id, self.tr("Remove agent {name}").format(name=gone.name))

    def _on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import agents"), "",
                                              self.tr("Spreadsheets (*.xlsx *.csv)"))
        if not path:
            return
        try:
            self._doc.import_agents(path)
        except PlannerError as exc:
            QMessageBox.warning(self, self.tr("Import failed"), str(exc))

    # ------------------------------------------------- contracts, templates
    def _contract_columns(self) -> list[Column]:
        tr, s = self.tr, lambda: self._doc.scenario
        hours = lambda x: int(round(number(x, 0, 80, tr("number of hours"), " h") * 60))  # noqa: E731
        return [
            Column(tr("Contract"), tr("Contract name (fixed)"), lambda c: c.name),
            Column(tr("Min h/week"), tr("Fewest paid hours per 7-day week"), lambda c: f"{c.min_week_min / 60:g}",
                   lambda c, t: _hours_ok(replace(c, min_week_min=hours(t)))),
            Column(tr("Max h/week"), tr("Most paid hours per 7-day week"), lambda c: f"{c.max_week_min / 60:g}",
                   lambda c, t: _hours_ok(replace(c, max_week_min=hours(t)))),
            Column(tr("Max days/week"), tr("Most working days per week"), lambda c: c.max_days_per_week,
                   lambda c, t: replace(c, max_days_per_week=integer(t, 1, 7, tr("number of days")))),
            Column(tr("Min days/week"), tr("Fewest working days per week"), lambda c: c.min_days_per_week,
                   lambda c, t: replace(c, min_days_per_week=integer(t, 0, 7, tr("number of days")))),
            Column(tr("Max consecutive days"), tr("Most days worked in a row before a day off"),
                   lambda c: c.max_consecutive_days,
                   lambda c, t: replace(c, max_consecutive_days=integer(t, 1, 14, tr("number of days")))),
            Column(tr("Weekend only"), tr("Temporary weekend staff: works Saturdays and Sundays only"),
                   lambda c: c.weekend_only, lambda c, t: replace(c, weekend_only=boolean(t)), check=True),
            Column(tr("Templates"), tr("Shift templates this contract may work, separated by ';'"),
                   lambda c: "; ".join(c.templates),
                   lambda c, t: replace(c, templates=parse_names(t, [x.name for x in s().templates], tr("template")))),
        ]

    def _template_columns(self) -> list[Column]:
        tr, s = self.tr, lambda: self._doc.scenario
        return [
            Column(tr("Template"), tr("Shift template name (fixed)"), lambda t: t.name),
            Column(tr("Allowed starts"), tr("Start times the solver may use, separated by ';' (on the interval grid)"),
                   lambda t: "; ".join(format_hhmm(m) for m in t.start_mins),
                   lambda t, x: replace(t, start_mins=parse_starts(x, s().interval_min))),
            Column(tr("Length h"), tr("From start to end, unpaid lunch included"), lambda t: f"{t.length_min / 60:g}",
                   lambda t, x: _template_ok(replace(t, length_min=_on_grid(number(x, 1, 16, tr("length"), " h") * 60,
                                                                            s().interval_min)))),
            Column(tr("Unpaid break min"), tr("Unpaid lunch inside the shift, minutes"), lambda t: t.unpaid_break_min,
                   lambda t, x: _template_ok(replace(t, unpaid_break_min=_on_grid(
                       integer(x, 0, 240, tr("number of minutes")), s().interval_min)))),
        ]

    def _floor_columns(self) -> list[Column]:
        tr, s = self.tr, lambda: self._doc.scenario
        return [
            Column(tr("Queue"), tr("Queue the floor applies to"), lambda f: f.queue,
                   lambda f, t: replace(f, queue=_one_of(t, [q.name for q in s().queues])),
                   choices=lambda: [q.name for q in s().queues]),
            Column(tr("Hours"), tr("Time window of the floor, e.g. 00:00-08:00 (may wrap past midnight)"),
                   lambda f: show_range(f.from_min, f.to_min),
                   lambda f, t: replace(f, from_min=time_range(t)[0], to_min=time_range(t)[1])),
            Column(tr("Min agents"), tr("Agents that must be on the queue in the window whatever the forecast"),
                   lambda f: f.min_agents, lambda f, t: replace(f, min_agents=integer(t, 0, 500, tr("number")))),
            Column(tr("Days"), tr("all, weekend, weekday, or weekday numbers like 5,6 (Mon=0)"),
                   lambda f: f.days if isinstance(f.days, str) else ",".join(map(str, f.days)),
                   lambda f, t: replace(f, days=parse_days(t))),
            Column(tr("VIP only"), tr("Count only VIP-certified agents towards this floor"), lambda f: f.vip_only,
                   lambda f, t: replace(f, vip_only=boolean(t)), check=True),
        ]

    # ---------------------------------------------------------------- rules
    def _rules_tab(self, rules: Rules) -> QWidget:
        tr = self.tr
        self.rest_h = QDoubleSpinBox()
        self.rest_h.setRange(0, 24)
        self.rest_h.setSingleStep(0.5)
        self.rest_h.setSuffix(" h")
        self.rest_h.setToolTip(tr("Minimum rest between the end of one shift and the start of the next, "
                                  "across midnight (11 h is the usual legal minimum)"))
        self.min_staff = QSpinBox()
        self.min_staff.setRange(0, 100)
        self.min_staff.setToolTip(tr("At least this many agents on duty whenever any queue is open"))
        self.night_from = QTimeEdit()
        self.night_from.setDisplayFormat("HH:mm")
        self.night_from.setToolTip(tr("Start of the night window: shifts overlapping it are night shifts"))
        self.night_to = QTimeEdit()
        self.night_to.setDisplayFormat("HH:mm")
        self.night_to.setToolTip(tr("End of the night window (next morning)"))
        self.max_nights = QSpinBox()
        self.max_nights.setRange(0, 7)
        self.max_nights.setToolTip(tr("Most night shifts one agent may work per week (fairness and health)"))
        self.max_weekend = QSpinBox()
        self.max_weekend.setRange(0, 2)
        self.max_weekend.setToolTip(tr("Most weekend days one agent may work per week (0–2)"))
        self.days_off_block = self._spin(1, 3, "", tr("Every block of days off is at least this many days long "
                                                       "(2 = no single days off between working days)"))
        self.short_break = self._spin(0, 30, " min", tr("Paid short break, taken about every 'Break every' "
                                                         "minutes of a shift (0 = none)"))
        self.break_every = self._spin(60, 300, " min", tr("Working time between short breaks"))
        self.break_window = self._spin(0, 120, " min", tr("How far the solver may move a break from its usual time "
                                                          "so that breaks are staggered and cover holds"))
        self.lunch_window = self._spin(0, 180, " min", tr("How far lunch may move from the middle of the shift"))
        self.change_weight = self._spin(0, 100, "", tr("When re-optimising: how much keeping the published roster "
                                                       "is worth, per agent-day changed (in hours of a needed "
                                                       "agent's service); higher moves fewer people"), double=True)
        self.fairness_weight = self._spin(0, 100, "", tr("How strongly nights and weekend days are spread evenly "
                                                         "across eligible agents"), double=True)
        self.budget_h = self._spin(0, 10_000_000, " h", tr("Most paid hours the roster may use over the whole "
                                                           "horizon (0 = no budget); below the contracts' "
                                                           "minimum hours it cannot be met"), double=True)
        self.budget_h.setDecimals(0)
        self.budget_h.setSpecialValueText(tr("no budget"))
        self._load_rules(rules)
        for w in (self.rest_h, self.min_staff, self.max_nights, self.max_weekend) + self._option_widgets():
            w.editingFinished.connect(self._on_rules_edited)
        for w in (self.night_from, self.night_to):
            w.editingFinished.connect(self._on_rules_edited)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(tr("Minimum rest between shifts"), self.rest_h)
        form.addRow(tr("Minimum staff on duty"), self.min_staff)
        form.addRow(tr("Night starts"), self.night_from)
        form.addRow(tr("Night ends"), self.night_to)
        form.addRow(tr("Max nights per week"), self.max_nights)
        form.addRow(tr("Max weekend days per week"), self.max_weekend)
        form.addRow(tr("Min consecutive days off"), self.days_off_block)
        form.addRow(tr("Short break"), self.short_break)
        form.addRow(tr("Break every"), self.break_every)
        form.addRow(tr("Break window"), self.break_window)
        form.addRow(tr("Lunch window"), self.lunch_window)
        form.addRow(tr("Change penalty"), self.change_weight)
        form.addRow(tr("Fairness weight"), self.fairness_weight)
        form.addRow(tr("Paid hours budget"), self.budget_h)
        for i in range(form.rowCount()):
            label = form.itemAt(i, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(i, QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None:
                label.widget().setToolTip(field.widget().toolTip())
        return page

    @staticmethod
    def _spin(lo: int, hi: int, suffix: str, tip: str, double: bool = False) -> QSpinBox | QDoubleSpinBox:
        box: QSpinBox | QDoubleSpinBox = QDoubleSpinBox() if double else QSpinBox()
        box.setRange(lo, hi)
        box.setSuffix(suffix)
        box.setToolTip(tip)
        return box

    def _option_widgets(self) -> tuple[QSpinBox | QDoubleSpinBox, ...]:
        return (self.days_off_block, self.short_break, self.break_every, self.break_window, self.lunch_window,
                self.change_weight, self.fairness_weight, self.budget_h)

    def _load_rules(self, rules: Rules) -> None:
        from PySide6.QtCore import QTime
        options = self._doc.scenario.roster_options
        widgets = (self.rest_h, self.min_staff, self.night_from, self.night_to, self.max_nights,
                   self.max_weekend) + self._option_widgets()
        for w in widgets:
            w.blockSignals(True)
        self.rest_h.setValue(rules.min_rest_min / 60)
        self.min_staff.setValue(rules.min_staff)
        self.night_from.setTime(QTime(rules.night_from_min // 60 % 24, rules.night_from_min % 60))
        self.night_to.setTime(QTime(rules.night_to_min // 60 % 24, rules.night_to_min % 60))
        self.max_nights.setValue(rules.max_nights_per_week)
        self.max_weekend.setValue(rules.max_weekend_days_per_week)
        self.days_off_block.setValue(options.min_consecutive_days_off)
        self.short_break.setValue(options.short_break_min)
        self.break_every.setValue(options.break_every_min)
        self.break_window.setValue(options.break_window_min)
        self.lunch_window.setValue(options.lunch_window_min)
        self.change_weight.setValue(options.change_weight)
        self.fairness_weight.setValue(options.fairness_weight)
        self.budget_h.setValue(options.paid_hours_budget)
        for w in widgets:
            w.blockSignals(False)

    def current_rules(self) -> Rules:
        nf, nt = self.night_from.time(), self.night_to.time()
        return replace(self._doc.scenario.rules, min_rest_min=int(round(self.rest_h.value() * 60)),
                       min_staff=self.min_staff.value(), night_from_min=nf.hour() * 60 + nf.minute(),
                       night_to_min=nt.hour() * 60 + nt.minute(), max_nights_per_week=self.max_nights.value(),
                       max_weekend_days_per_week=self.max_weekend.value())

    def current_roster_options(self) -> Any:
        return replace(self._doc.scenario.roster_options, min_consecutive_days_off=self.days_off_block.value(),
                       short_break_min=self.short_break.value(), break_every_min=self.break_every.value(),
                       break_window_min=self.break_window.value(), lunch_window_min=self.lunch_window.value(),
                       change_weight=self.change_weight.value(), fairness_weight=self.fairness_weight.value(),
                       paid_hours_budget=float(self.budget_h.value()))

    def _on_rules_edited(self) -> None:
        scenario = replace(self._doc.scenario, rules=self.current_rules(),
                           roster_options=self.current_roster_options())
        if scenario != self._doc.scenario:
            self._doc.edit_scenario(self.tr("Edit rules"), scenario)


# ------------------------------------------------------------------ checks
def _nonempty(text: str, what: str) -> str:
    if not text.strip():
        raise ValueError(f"the {what} cannot be empty")
    return text.strip()


def _one_of(text: str, names: list[str]) -> str:
    if text not in names:
        raise ValueError(f"unknown value {text!r}: choose one of {', '.join(names)}")
    return text


def _with_queues(agent: Agent, text: str, scenario: Any) -> Agent:
    queues = parse_names(text, [q.name for q in scenario.queues], "queue")
    vip = [q for q in queues if scenario.queue(q).is_vip]
    if vip and not agent.vip:
        raise ValueError(f"{', '.join(vip)} is a VIP queue: tick VIP first, or leave it out")
    return replace(agent, queues=queues)


def _with_vip(agent: Agent, vip: bool, scenario: Any) -> Agent:
    if not vip and any(scenario.queue(q).is_vip for q in agent.queues if q in {x.name for x in scenario.queues}):
        raise ValueError("the agent serves a VIP queue: remove it from the queues before unticking VIP")
    return replace(agent, vip=vip)


def _hours_ok(contract: Contract) -> Contract:
    if contract.min_week_min > contract.max_week_min:
        raise ValueError("minimum hours exceed maximum hours: raise the maximum first")
    return contract


def _on_grid(minutes: float, interval_min: int) -> int:
    value = int(round(minutes))
    if value % interval_min:
        raise ValueError(f"{value} minutes is not a multiple of the {interval_min}-minute interval")
    return value


def _template_ok(template: ShiftTemplate) -> ShiftTemplate:
    if template.unpaid_break_min >= template.length_min:
        raise ValueError("the unpaid break is as long as the shift: shorten the break")
    return template

