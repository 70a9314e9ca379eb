"""The paid-hours budget: a hard cap on the roster's total paid hours, also across parts."""
from __future__ import annotations

import dataclasses

from roster_tiny import tiny_problem

from planner.domain import RosterOptions, Rules
from planner.rostering.decompose import budget_share
from planner.rostering.instance import compile_instance
from planner.rostering.solve import solve_roster
from planner.rostering.validate import validate


def test_share_is_the_minimum_plus_spare_in_proportion_to_room() -> None:
    # 100 min left; minimums 20 + 30 leave 50 spare; rooms 30 and 10 → this part gets 3/4 of it
    assert budget_share(100, [(20, 50), (30, 40)]) == 20 + 37
    assert budget_share(50, [(20, 50), (30, 40)]) == 20          # no spare: the minimum
    assert budget_share(40, [(20, 50), (30, 40)]) == 20 - 7      # below the minimums: infeasible part


def test_a_binding_budget_caps_the_decomposed_roster() -> None:
    # (no floors: the tiny centre is too small to hold them in each of two parts)
    free = tiny_problem(options=RosterOptions(break_mode="fixed", parts=2), n_days=7, floors=(),
                        rules=Rules(min_staff=0))
    unconstrained = solve_roster(free, time_limit_s=10)
    assert unconstrained.status == "FEASIBLE"
    paid_h = sum(sh.paid_min for sh in unconstrained.roster.shifts) / 60
    floor_h = compile_instance(free).contract_min_paid() / 60
    assert paid_h > floor_h + 8    # room for a budget between the two
    budget_h = float(int((paid_h + floor_h) / 2))
    capped = dataclasses.replace(free, options=dataclasses.replace(free.options, paid_hours_budget=budget_h))
    result = solve_roster(capped, time_limit_s=10)
    assert result.status == "FEASIBLE", result.conflicts
    assert sum(sh.paid_min for sh in result.roster.shifts) / 60 <= budget_h
    assert validate(result.roster, capped) == []
    # the validator holds the roster to the budget too
    tight = dataclasses.replace(capped, options=dataclasses.replace(capped.options, paid_hours_budget=floor_h))
    assert any(v.rule == "paid hours budget" for v in validate(unconstrained.roster, tight))


def test_a_decomposed_centre_names_a_budget_below_its_contracts_at_once() -> None:
    problem = tiny_problem(options=RosterOptions(break_mode="fixed", parts=2), n_days=7, floors=(),
                           rules=Rules(min_staff=0))
    floor_h = compile_instance(problem).contract_min_paid() / 60
    short = dataclasses.replace(problem, options=dataclasses.replace(problem.options, paid_hours_budget=floor_h - 1))
    result = solve_roster(short, time_limit_s=10)
    assert result.status == "INFEASIBLE" and result.wall_s < 5
    assert [c.rule for c in result.conflicts] == ["paid hours budget"]
    assert f"{len(problem.scenario.agents)} agents" in result.conflicts[0].detail
    assert f"{floor_h:.0f} h" in result.conflicts[0].detail
