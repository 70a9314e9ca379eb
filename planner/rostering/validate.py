"""Check any roster against the hard rules, without the solver.

Used after every solve, after every hand edit in the UI, and in tests. It reads the same
compiled instance as the model (``instance.compile_instance``), so a rule means the same thing
to both. No OR-Tools import here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from planner.domain import MINUTES_PER_DAY, Roster, Scenario, Shift
from planner.rostering.instance import RosterInstance, RosterProblem, compile_instance, interval_label


@dataclass(frozen=True)
class Violation:
    """One broken rule: which rule, whose shift, which day, and what exactly."""

    rule: str
    agent_id: str | None
    day: dt.date | None
    detail: str

    def __str__(self) -> str:
        who = f" {self.agent_id}" if self.agent_id else ""
        when = f" {self.day:%a %Y-%m-%d}" if self.day else ""
        return f"{self.rule}:{who}{when}: {self.detail}"


def _problem_for(roster: Roster, scenario: Scenario) -> RosterProblem:
    n_t = roster.n_days * MINUTES_PER_DAY // scenario.interval_min
    z = np.zeros((len(scenario.queues), n_t))
    return RosterProblem(scenario=scenario, start_date=roster.start_date, n_days=roster.n_days,
                         required=z.astype(np.int64), volume=z, options=scenario.roster_options)


def validate(roster: Roster, problem_or_scenario: RosterProblem | Scenario, *,
             check_cover: bool = True) -> list[Violation]:
    """All hard-rule violations of ``roster`` (empty list = valid).

    Args:
        roster: the roster to check (solver output or hand-edited).
        problem_or_scenario: the roster problem (options, previous roster with locks) or just a
            scenario (default options, no locks).
        check_cover: also check cover floors and minimum staff (interval level).
    """
    problem = problem_or_scenario if isinstance(problem_or_scenario, RosterProblem) \
        else _problem_for(roster, problem_or_scenario)
    if (problem.start_date, problem.n_days) != (roster.start_date, roster.n_days):
        problem = RosterProblem(**{**problem.__dict__, "start_date": roster.start_date, "n_days": roster.n_days,
                                   "required": _problem_for(roster, problem.scenario).required,
                                   "volume": _problem_for(roster, problem.scenario).volume, "marginal": None})
    inst = compile_instance(problem)
    out: list[Violation] = []
    by_agent: dict[str, list[Shift]] = {a.id: [] for a in inst.agents}   # idle agents have minimums too
    for sh in roster.shifts:
        by_agent.setdefault(sh.agent_id, []).append(sh)
    for agent_id, shifts in by_agent.items():
        a = inst.agent_index.get(agent_id)
        if a is None:
            out.append(Violation("unknown agent", agent_id, None, "not in the scenario"))
            continue
        shifts.sort(key=lambda s: (s.day, s.start_min))
        out += _check_shifts(inst, a, shifts)
        out += _check_rest(inst, a, shifts)
        out += _check_weeks(inst, a, shifts)
        out += _check_runs(inst, a, shifts)
    for (a, d), o in inst.locked.items():
        opt = inst.catalogue[o]
        sh = roster.shift_of(inst.agents[a].id, inst.days[d])
        if sh is None or (sh.template, sh.start_min, sh.end_min, tuple(sh.breaks)) != \
                (opt.template, opt.start_min, opt.end_min, opt.fixed_breaks):
            out.append(Violation("locked shift", inst.agents[a].id, inst.days[d],
                                 f"locked shift {opt.template} {_hhmm(opt.start_min)}–{_hhmm(opt.end_min)} was changed"))
    budget = inst.budget_min()
    if budget is not None and (paid := sum(sh.paid_min for sh in roster.shifts)) > budget:
        out.append(Violation("paid hours budget", None, None,
                             f"{paid / 60:g} h paid in all, budget {budget / 60:g} h"))
    out += _check_meetings(inst, roster)
    if check_cover:
        out += _check_cover(inst, roster)
    return out


def _check_meetings(inst: RosterInstance, roster: Roster) -> list[Violation]:
    """Each team meets once per 7-day block: one off-phone period, the same for every member
    who could work that day, at one of the start times the model offers."""
    out: list[Violation] = []
    opts = inst.options
    im = inst.interval_min
    for team, minutes in opts.meeting_min_per_week:
        dur = -(-minutes // im) * im
        members = [a for a, ag in enumerate(inst.agents) if ag.team == team]
        if not members or dur <= 0:
            continue
        for block in inst.blocks:
            held = False
            for d in block:
                if inst.days[d].weekday() not in opts.meeting_weekdays:
                    continue
                present = [a for a in members if inst.allowed[a][d]]
                if not present:
                    continue
                shifts = [roster.shift_of(inst.agents[a].id, inst.days[d]) for a in present]
                for start in range(opts.meeting_from_min, opts.meeting_to_min - dur + 1, max(im, 30)):
                    if all(sh is not None and (start, start + dur) in sh.breaks for sh in shifts):
                        held = True
                        break
                if held:
                    break
            if not held:
                out.append(Violation("team meeting", None, inst.days[block[0]],
                                     f"team {team} has no {minutes}-minute meeting together in "
                                     f"{inst.days[block[0]]}–{inst.days[block[-1]]}"))
    return out


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}" if m < MINUTES_PER_DAY else f"{(m - MINUTES_PER_DAY) // 60:02d}:{m % 60:02d}+1"


def _check_shifts(inst: RosterInstance, a: int, shifts: list[Shift]) -> list[Violation]:
    """Template, day, skills-independent shift rules: one a day, allowed option, breaks inside."""
    out: list[Violation] = []
    ag = inst.agents[a]
    seen: set[dt.date] = set()
    for sh in shifts:
        d = (sh.day - inst.days[0]).days
        if not 0 <= d < inst.n_days:
            out.append(Violation("horizon", ag.id, sh.day, "shift outside the planned days"))
            continue
        if sh.day in seen:
            out.append(Violation("one shift per day", ag.id, sh.day, "more than one shift on this day"))
        seen.add(sh.day)
        if not ag.available(sh.day):
            out.append(Violation("time off", ag.id, sh.day, "works on a day of approved time off"))
            continue
        if (a, d) in inst.locked:
            continue
        o = inst.option_of(a, d, sh)
        if o is None:
            out.append(Violation("shift template", ag.id, sh.day, _why_not_allowed(inst, a, d, sh)))
            continue
        opt = inst.catalogue[o]
        if sh.unpaid_break_min != opt.unpaid_break_min:
            out.append(Violation("shift template", ag.id, sh.day,
                                 f"unpaid break {sh.unpaid_break_min} min, template has {opt.unpaid_break_min}"))
        out += _check_breaks(inst, ag.id, sh, opt)
    return out


def _why_not_allowed(inst: RosterInstance, a: int, d: int, sh: Shift) -> str:
    ag = inst.agents[a]
    c = inst.scenario.contract(ag.contract)
    label = f"{sh.template} {_hhmm(sh.start_min)}–{_hhmm(sh.end_min)}"
    if sh.template not in c.templates:
        return f"{label}: template not allowed by contract {c.name} ({', '.join(c.templates)})"
    if c.weekend_only and sh.day.weekday() < 5:
        return f"{label}: contract {c.name} works weekends only"
    tpl = next((t for t in inst.scenario.templates if t.name == sh.template), None)
    if tpl is None:
        return f"{label}: unknown template"
    if sh.start_min not in tpl.start_mins or sh.end_min - sh.start_min != tpl.length_min:
        return f"{label}: start or length does not match template {tpl.name}"
    if inst.options.night_needs_capable and not ag.night_capable:
        return f"{label}: touches the night window and the agent is not night-capable"
    return f"{label}: outside the agent's availability"


def _check_breaks(inst: RosterInstance, agent_id: str, sh: Shift, opt: object) -> list[Violation]:
    """Breaks lie inside the shift, do not overlap, and the unpaid lunch is actually taken."""
    out: list[Violation] = []
    breaks = sorted(sh.breaks)
    for b0, b1 in breaks:
        if not (sh.start_min <= b0 < b1 <= sh.end_min):
            out.append(Violation("breaks", agent_id, sh.day, f"break {_hhmm(b0)}–{_hhmm(b1)} outside the shift"))
    for (a0, a1), (b0, b1) in zip(breaks, breaks[1:]):
        if b0 < a1:
            out.append(Violation("breaks", agent_id, sh.day, f"breaks {_hhmm(a0)}–{_hhmm(a1)} and {_hhmm(b0)}–{_hhmm(b1)} overlap"))
    if inst.options.break_mode != "none" and sh.unpaid_break_min > 0 and \
            not any(b1 - b0 >= sh.unpaid_break_min for b0, b1 in breaks):
        out.append(Violation("breaks", agent_id, sh.day, f"no {sh.unpaid_break_min}-minute lunch placed"))
    return out


def _check_rest(inst: RosterInstance, a: int, shifts: list[Shift]) -> list[Violation]:
    rest = inst.scenario.rules.min_rest_min
    out: list[Violation] = []
    for s1, s2 in zip(shifts, shifts[1:]):
        gap = (s2.start_dt() - s1.end_dt()).total_seconds() / 60
        if gap < rest:
            out.append(Violation("minimum rest", s2.agent_id, s2.day,
                                 f"{gap / 60:g} h after the shift of {s1.day} ends, {rest / 60:g} h required"))
    return out


def _check_weeks(inst: RosterInstance, a: int, shifts: list[Shift]) -> list[Violation]:
    """Weekly paid hours, days per week, nights and weekend days per 7-day block."""
    out: list[Violation] = []
    ag = inst.agents[a]
    rules = inst.scenario.rules
    weekend_only = inst.scenario.contract(ag.contract).weekend_only
    nf, nt = inst.night_bounds
    from planner.domain import _overlaps_night
    for block in inst.blocks:
        days = {inst.days[d] for d in block}
        mine = [s for s in shifts if s.day in days]
        label = f"{inst.days[block[0]]}–{inst.days[block[-1]]}"
        lo, hi = inst.paid_bounds(a, block)
        paid = sum(s.paid_min for s in mine)
        if not lo <= paid <= hi:
            out.append(Violation("weekly paid hours", ag.id, inst.days[block[0]],
                                 f"{paid / 60:g} h paid in {label}, contract allows {lo / 60:g}–{hi / 60:g} h"))
        dlo, dhi = inst.days_bounds(a, block)
        if not dlo <= len(mine) <= dhi:
            out.append(Violation("days per week", ag.id, inst.days[block[0]],
                                 f"{len(mine)} working days in {label}, contract allows {dlo}–{dhi}"))
        nights = sum(1 for s in mine if _overlaps_night(s.start_min, s.end_min, nf, nt))
        if nights > rules.max_nights_per_week:
            out.append(Violation("max nights per week", ag.id, inst.days[block[0]],
                                 f"{nights} night shifts in {label}, at most {rules.max_nights_per_week}"))
        weekend = sum(1 for s in mine if s.day.weekday() >= 5)
        if not weekend_only and weekend > rules.max_weekend_days_per_week:
            out.append(Violation("max weekend days per week", ag.id, inst.days[block[0]],
                                 f"{weekend} weekend days in {label}, at most {rules.max_weekend_days_per_week}"))
    return out


def _check_runs(inst: RosterInstance, a: int, shifts: list[Shift]) -> list[Violation]:
    """Max consecutive working days and min consecutive days off."""
    out: list[Violation] = []
    ag = inst.agents[a]
    worked = [False] * inst.n_days
    for s in shifts:
        d = (s.day - inst.days[0]).days
        if 0 <= d < inst.n_days:
            worked[d] = True
    k = inst.scenario.contract(ag.contract).max_consecutive_days
    run = 0
    for d, w in enumerate(worked):
        run = run + 1 if w else 0
        if run == k + 1:
            out.append(Violation("max consecutive days", ag.id, inst.days[d], f"{run} days in a row, at most {k}"))
    m = inst.options.min_consecutive_days_off
    for d in range(inst.n_days):
        if not worked[d]:
            continue
        for length in range(1, m):
            e = d + length + 1
            if e < inst.n_days and worked[e] and not any(worked[d + 1:e]) and \
                    all(ag.available(inst.days[x]) for x in range(d + 1, e)):
                out.append(Violation("min consecutive days off", ag.id, inst.days[d + 1],
                                     f"only {length} day(s) off between shifts, at least {m}"))
    return out


def duty_by_group(inst: RosterInstance, roster: Roster) -> np.ndarray:
    """Int (n_groups, n_t): agents of each skill group on duty and off break."""
    heads = np.zeros((len(inst.groups), inst.n_t), dtype=np.int64)
    for sh in roster.shifts:
        a = inst.agent_index.get(sh.agent_id)
        if a is None:
            continue
        d = (sh.day - inst.days[0]).days
        row = np.zeros(inst.n_t, dtype=bool)
        lo, hi = inst.minute_span(d, sh.start_min, sh.end_min)
        row[lo:hi] = True
        for b0, b1 in sh.breaks:
            blo, bhi = inst.minute_span(d, b0, b1)
            row[blo:bhi] = False
        heads[inst.group_of[a]] += row
    return heads


def _check_cover(inst: RosterInstance, roster: Roster) -> list[Violation]:
    """Floors (split exactly across queues by Hall's condition), VIP floors and minimum staff."""
    heads = duty_by_group(inst, roster)
    out: list[Violation] = []
    serves = [[g for g, (sk, _) in enumerate(inst.groups) if q in sk] for q in range(inst.n_queues)]
    vip_serves = [[g for g in serves[q] if inst.groups[g][1]] for q in range(inst.n_queues)]
    reported: set[tuple[str, int]] = set()

    def report(rule: str, t: int, detail: str) -> None:
        day = t * inst.interval_min // MINUTES_PER_DAY
        if (rule, day) in reported:
            return   # one violation per rule per day keeps the list readable
        reported.add((rule, day))
        out.append(Violation(rule, None, inst.days[day], f"{interval_label(inst, t)}: {detail}"))

    for t in range(inst.n_t):
        need = inst.floor[:, t]
        qs = [q for q in range(inst.n_queues) if need[q] > 0]
        for r in range(1, len(qs) + 1):
            for subset in combinations(qs, r):
                adj = {g for q in subset for g in serves[q]}
                have = int(heads[list(adj), t].sum()) if adj else 0
                want = int(sum(need[q] for q in subset))
                if have < want:
                    names = "+".join(inst.scenario.queues[q].name for q in subset)
                    report("cover floor", t, f"{names} needs {want} heads, only {have} skilled on duty")
        for q in range(inst.n_queues):
            if inst.vip_floor[q, t] > 0:
                have = int(heads[vip_serves[q], t].sum()) if vip_serves[q] else 0
                if have < inst.vip_floor[q, t]:
                    report("cover floor", t, f"{inst.scenario.queues[q].name} needs {int(inst.vip_floor[q, t])} "
                                             f"VIP-certified on duty, {have} present")
        if inst.min_staff[t] > 0 and heads[:, t].sum() < inst.min_staff[t]:
            report("minimum staff", t, f"{int(heads[:, t].sum())} on duty, {int(inst.min_staff[t])} required")
    return out
