"""Decomposed centres: parts coordinated through the whole centre's starting roster."""
from __future__ import annotations

import dataclasses

import numpy as np
from roster_tiny import tiny_problem

from planner.domain import Roster, RosterOptions, Rules
from planner.rostering.decompose import cover_of, later_cover, part_problem, partition, service_value
from planner.rostering.instance import compile_instance
from planner.rostering.seed_hint import centre_hint
from planner.rostering.solve import solve_roster
from planner.rostering.validate import duty_by_group, validate

PHONE, VIP = 0, 1


def _two_parts() -> tuple:
    problem = tiny_problem(options=RosterOptions(break_mode="fixed", parts=2), n_days=7)
    return problem, partition(problem, 2)


def test_a_part_sees_the_heads_later_parts_are_planned_to_give() -> None:
    problem, groups = _two_parts()
    whole = compile_instance(problem)
    hint = centre_hint(problem, polish_s=1.0)
    ahead = later_cover(whole, hint, groups)
    second = {a.id for a in groups[1]}
    planned = cover_of(whole, tuple(sh for sh in hint.shifts if sh.agent_id in second))
    np.testing.assert_array_equal(ahead[0], planned)
    assert planned.sum() > 100                      # the second part's agents do work in the plan
    np.testing.assert_array_equal(ahead[1], 0)     # nobody comes after the last part
    # the first part values its heads on top of the second part's planned ones
    zero = np.zeros(np.shape(problem.required))
    sub = part_problem(dataclasses.replace(problem, start_hint=hint), groups[0], 2, zero, planned=planned)
    np.testing.assert_array_equal(sub.covered, planned)
    t = int(np.argmax(planned[PHONE]))
    k = int(planned[PHONE, t])
    table = np.asarray(problem.marginal)
    assert sub.marginal[PHONE, t, 0] == (table[PHONE, t, k] if k < table.shape[2] else 0)


def test_cover_splits_every_head_on_duty() -> None:
    """Every head on duty serves a queue it is skilled for (Hall-exact), none is left out."""
    problem, _ = _two_parts()
    whole = compile_instance(problem)
    hint = centre_hint(problem, polish_s=1.0)
    cover = cover_of(whole, hint.shifts)
    heads = duty_by_group(whole, hint)
    open_any = whole.is_open.any(axis=0)
    # the tiny centre's tables value every open queue's heads, so the split places every head
    np.testing.assert_array_equal(cover.sum(axis=0)[open_any], heads.sum(axis=0)[open_any])
    vip_skilled = [g for g, (sk, _) in enumerate(whole.groups) if VIP in sk]
    assert (cover[VIP] <= heads[vip_skilled].sum(axis=0)).all()


def test_planned_heads_lower_a_floor_only_down_to_the_parts_share() -> None:
    """A floor is taken off this part as far as later parts' plan covers it, but the part still
    carries its share, so the last part can meet the floor if the plan moves."""
    problem = tiny_problem(options=RosterOptions(break_mode="fixed", parts=2), n_days=7,
                           rules=Rules(min_rest_min=11 * 60, min_staff=0))
    agents = list(problem.scenario.agents)
    n_q, n_t = np.shape(problem.required)
    zero = np.zeros((n_q, n_t))
    full = compile_instance(problem)
    t = int(np.argmax(full.floor[PHONE]))
    assert full.floor[PHONE, t] == 1
    spread = compile_instance(part_problem(problem, agents, 2, zero))
    assert spread.floor[PHONE, t] == 1                              # ceil(1 / 2)
    planned = zero.copy()
    planned[PHONE, t] = 1
    covered = compile_instance(part_problem(problem, agents, 2, zero, planned=planned))
    assert covered.floor[PHONE, t] == 0                             # the plan covers it
    last = compile_instance(part_problem(problem, agents, 1, zero, planned=zero))
    assert last.floor[PHONE, t] == 1                                # the last part meets what is left


def test_decomposed_result_reports_the_whole_centres_service_value() -> None:
    # (no floors: the tiny centre is too small to hold them in each of two parts)
    problem = tiny_problem(options=RosterOptions(break_mode="fixed", parts=2), n_days=7, floors=(),
                           rules=Rules(min_rest_min=11 * 60, min_staff=0))
    result = solve_roster(problem, time_limit_s=20)
    assert result.status == "FEASIBLE"
    assert validate(result.roster, problem) == []
    whole = compile_instance(problem)
    cover = cover_of(whole, result.roster.shifts)
    np.testing.assert_array_equal(result.coverage, cover)
    assert result.service_gain == service_value(whole, cover)
    penalties = sum(result.penalties.values())
    assert result.objective == result.service_gain - penalties
    assert result.bound >= result.objective


def test_service_value_counts_each_head_once_from_nobody() -> None:
    problem, _ = _two_parts()
    whole = compile_instance(problem)
    table = np.asarray(problem.marginal)
    cover = np.zeros(np.shape(problem.required))
    assert service_value(whole, cover) == 0
    t = int(np.argmax(whole.is_open[PHONE]))
    cover[PHONE, t] = 2
    assert service_value(whole, cover) == table[PHONE, t, 0] + table[PHONE, t, 1]
