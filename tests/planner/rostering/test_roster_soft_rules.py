"""Soft rules, parametrised by the rule object: honoured when it costs nothing (penalty 0), and
when a hard rule forces them to give way the roster is still valid and the penalty is reported
under the rule's name with its weight."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable

import pytest

from planner.domain import Agent, Contract, Preference, Roster
from planner.rostering import rules as R
from planner.rostering.instance import Availability, RosterOptions, RosterProblem
from planner.rostering.solve import RosterResult, solve_roster
from planner.rostering.validate import validate
from test_roster_rules import DAY, MON, centre, on, shift

UNIT = 1000   # value of a head-interval without marginal tables (RosterOptions.shortfall_weight)


def _contract(**kw: object) -> Contract:
    base = Contract("ft", 0, 50 * 60, ("early", "late", "night", "short"), max_days_per_week=7, max_consecutive_days=7)
    return dataclasses.replace(base, **kw)


def _weekend_pair(sunday_floor: int) -> RosterProblem:
    """Two agents; a2 may not work Sundays. Saturday needs one head, Sunday ``sunday_floor``."""
    agents = (Agent("a1", "Li Na", "enq", "ft", ("phone",)), Agent("a2", "Wang Wei", "enq", "ft", ("phone",)))
    floors = (on((5,), n=2 if sunday_floor == 0 else 1), on((6,), n=max(1, sunday_floor)))
    options = RosterOptions(break_mode="none", availability=(
        *(Availability("a2", 0, 1440, weekday=w) for w in range(6)),
        *(Availability("a1", 0, 1440, weekday=w) for w in range(7))))
    return centre(floors=floors, agents=agents, options=options)


@dataclass
class SoftCase:
    rule: object
    free: Callable[[], RosterProblem]        # the wish can be met at no cost
    forced: Callable[[], RosterProblem]      # a hard rule makes it give way
    penalty: str                             # name prefix of the penalty term
    broken: Callable[[RosterResult], int]    # how many units of the wish the roster breaks


def _works(result: RosterResult, agent: str, d: int) -> bool:
    return result.roster.shift_of(agent, DAY[d]) is not None


CASES = [
    SoftCase(R.Preferences(),
             # exactly two days, a floor on Monday; Li Na would like Tuesday off
             free=lambda: centre(floors=(on((0,)),), contract=_contract(min_days_per_week=2, max_days_per_week=2),
                                 options=RosterOptions(break_mode="none", preferences=(
                                     Preference("a1", "off", weekday=1, weight=3.0),))),
             forced=lambda: centre(floors=(on((0,)), on((1,))), contract=_contract(min_days_per_week=2, max_days_per_week=2),
                                   options=RosterOptions(break_mode="none", preferences=(
                                       Preference("a1", "off", weekday=1, weight=3.0),))),
             penalty="preference a1 off",
             broken=lambda r: int(_works(r, "a1", 1))),
    SoftCase(R.Fairness(),
             # Saturday needs one head and Sunday one: one each (spread 0) is free …
             free=lambda: _weekend_pair(sunday_floor=1),
             # … but with two on Saturday and a2 unavailable on Sunday, Li Na works both (spread 1)
             forced=lambda: _weekend_pair(sunday_floor=0),
             penalty="spread of weekend days",
             broken=lambda r: abs(sum(_works(r, "a1", d) for d in (5, 6)) - sum(_works(r, "a2", d) for d in (5, 6)))),
    SoftCase(R.ChangePenalty(),
             # the published roster has Li Na on Monday late; a Monday morning floor is new
             free=lambda: centre(floors=(on((0,), "15:00", "16:00"),),
                                 previous=Roster(MON, 7, (shift("a1", 0, "late", 810),))),
             forced=lambda: centre(floors=(on((0,), "07:00", "08:00"),),
                                   previous=Roster(MON, 7, (shift("a1", 0, "late", 810),))),
             penalty="changes to published roster",
             broken=lambda r: int((sh := r.roster.shift_of("a1", MON)) is None or sh.start_min != 810)),
]


def _ids(case: SoftCase) -> str:
    return type(case.rule).__name__


def _penalty(result: RosterResult, prefix: str) -> float:
    return sum(v for k, v in result.penalties.items() if k.startswith(prefix))


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_soft_rule_is_honoured_when_free(case: SoftCase) -> None:
    problem = case.free()
    result = solve_roster(problem, time_limit_s=5)
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert validate(result.roster, problem) == []
    assert case.broken(result) == 0
    assert _penalty(result, case.penalty) == 0


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_soft_rule_gives_way_to_hard_rules_and_is_reported(case: SoftCase) -> None:
    problem = case.forced()
    result = solve_roster(problem, time_limit_s=5)
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert validate(result.roster, problem) == []
    broken = case.broken(result)
    assert broken >= 1
    weight = {"Preferences": 3.0, "Fairness": problem.options.fairness_weight,
              "ChangePenalty": problem.options.change_weight}[type(case.rule).__name__]
    assert _penalty(result, case.penalty) == pytest.approx(broken * weight * UNIT)
