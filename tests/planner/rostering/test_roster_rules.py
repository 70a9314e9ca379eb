"""One feasible and one infeasible case per hard rule, parametrised by the rule object.

Each case is a one- or two-agent centre where cover floors force work on given days, so that
tightening the rule under test makes the problem infeasible. The infeasible case must come
back INFEASIBLE with an explanation naming the rule; the feasible case must solve to a roster
the validator accepts. A third check feeds the validator a hand-made roster that breaks the
rule and expects exactly that rule to be reported.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

from planner.domain import Agent, Contract, CoverFloor, Queue, Roster, Rules, Scenario, Shift, ShiftTemplate, TimeOff
from planner.rostering import rules as R
from planner.rostering.instance import Availability, RosterOptions, RosterProblem
from planner.rostering.solve import solve_roster
from planner.rostering.validate import validate

MON = dt.date(2026, 3, 2)
DAY = [MON + dt.timedelta(days=i) for i in range(7)]


def centre(*, floors: tuple[CoverFloor, ...], contract: Contract | None = None, rules: Rules | None = None,
           agents: tuple[Agent, ...] | None = None, options: RosterOptions | None = None,
           previous: Roster | None = None) -> RosterProblem:
    """One queue 06:00–22:00, early/late/night shifts, agents as given (default: one)."""
    queues = (Queue("phone", "voice", 0, 1440),)
    templates = (ShiftTemplate("early", (6 * 60,), 510, 30), ShiftTemplate("late", (13 * 60 + 30,), 510, 30),
                 ShiftTemplate("short", (9 * 60,), 240, 0), ShiftTemplate("night", (22 * 60,), 510, 30))
    contract = contract or Contract("ft", 0, 50 * 60, ("early", "late", "night", "short"), max_days_per_week=7,
                                    max_consecutive_days=7)
    agents = agents or (Agent("a1", "Li Na", "enq", contract.name, ("phone",), night_capable=True),)
    scenario = Scenario("rules", queues, agents, (contract,), templates,
                        rules=rules or Rules(min_staff=0, max_nights_per_week=7, max_weekend_days_per_week=2),
                        floors=floors, start_date=MON)
    n_t = 7 * 96
    required = np.zeros((1, n_t), dtype=np.int64)
    return RosterProblem(scenario, MON, 7, required, np.zeros((1, n_t)), None,
                         previous=previous, options=options or RosterOptions(break_mode="none"))


def on(days: tuple[int, ...], start: str = "10:00", end: str = "11:00", n: int = 1) -> CoverFloor:
    """A floor forcing ``n`` heads on the given weekdays in a window."""
    h0, m0 = map(int, start.split(":"))
    h1, m1 = map(int, end.split(":"))
    return CoverFloor("phone", h0 * 60 + m0, h1 * 60 + m1, n, days=days)


def shift(agent: str, d: int, template: str, start: int, length: int = 510, unpaid: int = 30,
          locked: bool = False) -> Shift:
    return Shift(agent, DAY[d], template, start, start + length, unpaid, locked=locked)


@dataclass
class Case:
    rule: object                         # the rule object under test
    feasible: Callable[[], RosterProblem]
    infeasible: Callable[[], RosterProblem]
    names: tuple[str, ...]               # conflict / violation rule names that identify it
    bad_roster: Callable[[], Roster]     # breaks the rule, checked against feasible()


TEAM = (Agent("a1", "Li Na", "enq", "ft", ("phone",)), Agent("a2", "Wang Wei", "enq", "ft", ("phone",)))
MEETING = RosterOptions(break_mode="none", meeting_min_per_week=(("enq", 120),))


def _ft(**kw: object) -> Contract:
    base = Contract("ft", 0, 50 * 60, ("early", "late", "night", "short"), max_days_per_week=7, max_consecutive_days=7)
    return dataclasses.replace(base, **kw)


CASES = [
    Case(R.MinRest(),
         feasible=lambda: centre(floors=(on((0,), "20:00", "21:00"), on((1,), "14:00", "15:00"))),
         infeasible=lambda: centre(floors=(on((0,), "21:00", "22:00"), on((1,), "06:00", "07:00"))),
         names=("minimum rest",),
         bad_roster=lambda: Roster(MON, 7, (shift("a1", 0, "late", 810), shift("a1", 1, "early", 360)))),
    Case(R.WeeklyPaidMinutes(),
         feasible=lambda: centre(floors=(on((0, 1, 2)),), contract=_ft(max_week_min=12 * 60)),
         infeasible=lambda: centre(floors=(on((0, 1, 2)),), contract=_ft(max_week_min=11 * 60)),
         names=("weekly paid hours",),
         bad_roster=lambda: Roster(MON, 7, tuple(shift("a1", d, "early", 360) for d in range(7)))),
    Case(R.DaysPerWeek(),
         feasible=lambda: centre(floors=(on((0, 2, 4)),), contract=_ft(max_days_per_week=3)),
         infeasible=lambda: centre(floors=(on((0, 2, 4)),), contract=_ft(max_days_per_week=2)),
         names=("days per week",),
         bad_roster=lambda: Roster(MON, 7, ())),   # min_days set in the check below
    Case(R.MaxConsecutiveDays(),
         feasible=lambda: centre(floors=(on((0, 1, 2)),), contract=_ft(max_consecutive_days=3)),
         infeasible=lambda: centre(floors=(on((0, 1, 2)),), contract=_ft(max_consecutive_days=2)),
         names=("max consecutive days",),
         bad_roster=lambda: Roster(MON, 7, tuple(shift("a1", d, "short", 540, 240, 0) for d in range(4)))),
    Case(R.MinConsecutiveDaysOff(),
         feasible=lambda: centre(floors=(on((0, 3)),), contract=_ft(max_days_per_week=2),
                                 options=RosterOptions(break_mode="none", min_consecutive_days_off=2)),
         infeasible=lambda: centre(floors=(on((0, 2)),), contract=_ft(max_days_per_week=2),
                                   options=RosterOptions(break_mode="none", min_consecutive_days_off=2)),
         names=("min consecutive days off",),
         bad_roster=lambda: Roster(MON, 7, (shift("a1", 0, "short", 540, 240, 0), shift("a1", 2, "short", 540, 240, 0)))),
    Case(R.CoverFloors(),
         feasible=lambda: centre(floors=(on((0,), n=1),)),
         infeasible=lambda: centre(floors=(on((0,), n=2),)),
         names=("cover floor",),
         bad_roster=lambda: Roster(MON, 7, ())),
    Case(R.NightWeekendLimits(),
         feasible=lambda: centre(floors=(on((5, 6)),), rules=Rules(min_staff=0, max_weekend_days_per_week=2)),
         infeasible=lambda: centre(floors=(on((5, 6)),), rules=Rules(min_staff=0, max_weekend_days_per_week=1)),
         names=("max weekend days per week",),
         bad_roster=lambda: Roster(MON, 7, (shift("a1", 5, "short", 540, 240, 0), shift("a1", 6, "short", 540, 240, 0),))),
    Case(R.NightWeekendLimits(),
         feasible=lambda: centre(floors=(on((2, 3), "02:00", "03:00"),), rules=Rules(min_staff=0, max_nights_per_week=2)),
         infeasible=lambda: centre(floors=(on((2, 3), "02:00", "03:00"),), rules=Rules(min_staff=0, max_nights_per_week=1)),
         names=("max nights per week",),
         bad_roster=lambda: Roster(MON, 7, (shift("a1", 1, "night", 1320), shift("a1", 2, "night", 1320)))),
    Case(R.TeamMeetings(),
         feasible=lambda: centre(floors=(on((0,)),), agents=TEAM, options=MEETING),
         # a1 may work only early shifts, a2 only late ones: they overlap 1 h, the meeting needs 2
         infeasible=lambda: centre(floors=(on((0,)),), agents=TEAM, options=dataclasses.replace(MEETING, availability=(
             Availability("a1", 0, 14 * 60 + 30), Availability("a2", 13 * 60 + 30, 22 * 60)))),
         names=("team meeting",),
         bad_roster=lambda: Roster(MON, 7, (shift("a1", 0, "early", 360), shift("a2", 0, "early", 360)))),
    Case(R.PaidHoursBudget(),
         # three mornings of cover need at least three 4-hour shifts: 12 h
         feasible=lambda: centre(floors=(on((0, 1, 2)),), options=RosterOptions(break_mode="none", paid_hours_budget=12)),
         infeasible=lambda: centre(floors=(on((0, 1, 2)),), options=RosterOptions(break_mode="none", paid_hours_budget=11)),
         names=("paid hours budget",),
         bad_roster=lambda: Roster(MON, 7, tuple(shift("a1", d, "early", 360) for d in range(3)))),
    Case(R.Locks(),
         feasible=lambda: centre(floors=(), previous=Roster(MON, 7, (shift("a1", 0, "late", 810, locked=True),))),
         infeasible=lambda: centre(floors=(), previous=Roster(MON, 7, (shift("a1", 0, "late", 810, locked=True),
                                                                     shift("a1", 1, "early", 360, locked=True)))),
         names=("locked shift", "minimum rest"),
         bad_roster=lambda: Roster(MON, 7, ())),
]


def _ids(case: Case) -> str:
    return f"{type(case.rule).__name__}-{case.names[0].replace(' ', '_')}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_feasible_case_solves_to_valid_roster(case: Case) -> None:
    problem = case.feasible()
    result = solve_roster(problem, time_limit_s=5)
    assert result.status in ("OPTIMAL", "FEASIBLE"), result.conflicts
    assert validate(result.roster, problem) == []


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_infeasible_case_is_explained_by_the_rule(case: Case) -> None:
    result = solve_roster(case.infeasible(), time_limit_s=5)
    assert result.status == "INFEASIBLE"
    assert not result.roster.shifts
    named = {c.rule for c in result.conflicts}
    assert named & set(case.names), [str(c) for c in result.conflicts]
    assert all(str(c) for c in result.conflicts)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_validator_reports_the_broken_rule(case: Case) -> None:
    problem = case.infeasible() if isinstance(case.rule, (R.NightWeekendLimits, R.Locks)) else case.feasible()
    if isinstance(case.rule, R.DaysPerWeek):
        problem = dataclasses.replace(problem, scenario=dataclasses.replace(
            problem.scenario, contracts=(_ft(min_days_per_week=2),)))
    if isinstance(case.rule, R.WeeklyPaidMinutes):
        problem = case.infeasible()
    violations = validate(case.bad_roster(), problem)
    assert {v.rule for v in violations} & set(case.names), [str(v) for v in violations]


def test_explanation_names_agent_and_days_for_rest() -> None:
    result = solve_roster(CASES[0].infeasible(), time_limit_s=5)
    rest = [c for c in result.conflicts if c.rule == "minimum rest"]
    assert rest and "a1" in rest[0].detail and "Mon" in rest[0].detail


def test_precheck_names_night_floor_without_night_capable_agents() -> None:
    problem = centre(floors=(on((2,), "01:00", "03:00"),),
                     agents=(Agent("a1", "Li Na", "enq", "ft", ("phone",), night_capable=False),))
    result = solve_roster(problem, time_limit_s=5)
    assert result.status == "INFEASIBLE"
    assert result.conflicts[0].rule == "cover floor" and "01:00" in result.conflicts[0].detail


def test_team_meeting_needs_a_common_time() -> None:
    two = (Agent("a1", "Li Na", "enq", "ft", ("phone",)), Agent("a2", "Wang Wei", "enq", "ft", ("phone",)))
    meet = RosterOptions(break_mode="none", meeting_min_per_week=(("enq", 120),))
    ok = centre(floors=(on((0,)),), agents=two, options=meet)
    result = solve_roster(ok, time_limit_s=5)
    assert result.status in ("OPTIMAL", "FEASIBLE")
    # both agents share one 2-hour off-phone block in the week
    blocks = [set(b for b in s.breaks if b[1] - b[0] == 120) for s in result.roster.shifts]
    common = set.union(*blocks) if blocks else set()
    assert len(common) == 1
    meeting = next(iter(common))
    assert sum(meeting in s.breaks for s in result.roster.shifts) == 2
    # a1 may only work early shifts, a2 only late ones: they overlap 1 h, not 2 → infeasible, named
    early_only = dataclasses.replace(ok, options=dataclasses.replace(meet, availability=(
        Availability("a1", 0, 14 * 60 + 30), Availability("a2", 13 * 60 + 30, 22 * 60))))
    bad = solve_roster(early_only, time_limit_s=5)
    assert bad.status == "INFEASIBLE"
    assert "team meeting" in {c.rule for c in bad.conflicts}


def test_time_off_day_gets_no_shift_even_under_a_floor() -> None:
    agents = (Agent("a1", "Li Na", "enq", "ft", ("phone",), time_off=(TimeOff(DAY[1], DAY[1]),)),
              Agent("a2", "Wang Wei", "enq", "ft", ("phone",)))
    result = solve_roster(centre(floors=(on((1,)),), agents=agents), time_limit_s=5)
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert result.roster.shift_of("a1", DAY[1]) is None and result.roster.shift_of("a2", DAY[1]) is not None


@pytest.mark.parametrize("window, status", [((8 * 60, 20 * 60), "FEASIBLE"), ((12 * 60, 20 * 60), "INFEASIBLE")])
def test_availability_window_limits_the_shifts(window: tuple[int, int], status: str) -> None:
    """Availability is enforced through the shift options: only shifts inside the window exist."""
    problem = centre(floors=(on((0,), "10:00", "11:00"),), options=RosterOptions(
        break_mode="none", availability=(Availability("a1", *window, weekday=0),)))
    result = solve_roster(problem, time_limit_s=5)
    if status == "FEASIBLE":
        assert result.status in ("OPTIMAL", "FEASIBLE") and validate(result.roster, problem) == []
        mon = result.roster.shift_of("a1", MON)
        assert mon is not None and window[0] <= mon.start_min and mon.end_min <= window[1]
    else:
        assert result.status == "INFEASIBLE"
        assert result.conflicts[0].rule == "cover floor" and "10:00" in result.conflicts[0].detail


@pytest.mark.parametrize("vip, status", [(True, "FEASIBLE"), (False, "INFEASIBLE")])
def test_vip_floor_needs_a_vip_certified_agent(vip: bool, status: str) -> None:
    queues_vip = (Agent("a1", "Li Na", "enq", "ft", ("phone",), vip=vip),)
    problem = centre(floors=(CoverFloor("phone", 10 * 60, 11 * 60, 1, days=(0,), vip_only=True),), agents=queues_vip)
    result = solve_roster(problem, time_limit_s=5)
    if status == "FEASIBLE":
        assert result.status in ("OPTIMAL", "FEASIBLE") and validate(result.roster, problem) == []
    else:
        assert result.status == "INFEASIBLE" and {c.rule for c in result.conflicts} == {"cover floor"}
        assert "VIP" in result.conflicts[0].detail


def test_budget_below_the_contracts_minimum_is_named_before_solving() -> None:
    problem = centre(floors=(), contract=_ft(min_week_min=20 * 60),
                     options=RosterOptions(break_mode="none", paid_hours_budget=19.5))
    result = solve_roster(problem, time_limit_s=5)
    assert result.status == "INFEASIBLE"
    assert result.conflicts[0].rule == "paid hours budget"
    assert "19.5 h" in result.conflicts[0].detail and "20 h" in result.conflicts[0].detail
