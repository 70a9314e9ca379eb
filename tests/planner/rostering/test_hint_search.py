"""The local search that moves the starting roster's shifts to where they are worth most."""
from __future__ import annotations

import dataclasses

import numpy as np
from roster_tiny import tiny_problem

from planner.domain import Roster, RosterOptions, Shift
from planner.rostering import hint_search
from planner.rostering.hint_search import _Rules, _State, _total, _value_table, polish
from planner.rostering.instance import RosterInstance, compile_instance
from planner.rostering.seed_hint import demand_roster
from planner.rostering.validate import validate


def _afternoon_problem(n_days: int = 14):  # type: ignore[no-untyped-def]
    problem = tiny_problem(options=RosterOptions(break_mode="fixed"), n_days=n_days)
    minute = (np.arange(problem.n_intervals) * 15) % 1440
    afternoon = (minute >= 14 * 60) & (minute < 21 * 60)
    required = (np.where(afternoon[None, :], 1, 0) * np.array([[3], [0], [0]])).astype(np.int64)
    marginal = np.asarray(problem.marginal).copy()
    marginal[:, ~afternoon, :] = 0
    marginal[1:, :, :] = 0
    return dataclasses.replace(problem, required=required, marginal=marginal)


def _as_roster(inst: RosterInstance, chosen: dict[tuple[int, int], int]) -> Roster:
    shifts = []
    for (a, d), o in chosen.items():
        opt = inst.catalogue[o]
        shifts.append(Shift(agent_id=inst.agents[a].id, day=inst.days[d], template=opt.template,
                            start_min=opt.start_min, end_min=opt.end_min, unpaid_break_min=opt.unpaid_break_min,
                            breaks=tuple(opt.fixed_breaks or ())))
    return Roster(inst.days[0], inst.n_days, tuple(sorted(shifts, key=lambda s: (s.day, s.agent_id))))


def _earliest_roster(inst: RosterInstance) -> dict[tuple[int, int], int]:
    """Four days a week (or the contract's maximum), the first ones, earliest start: far from demand."""
    chosen: dict[tuple[int, int], int] = {}
    for a in range(len(inst.agents)):
        for block in inst.blocks:
            _, hi_days = inst.days_bounds(a, block)
            days = [d for d in block if inst.allowed[a][d]][:min(4, hi_days)]
            for d in days:
                chosen[(a, d)] = min(inst.allowed[a][d], key=lambda o: inst.catalogue[o].start_min)
    return chosen


def test_moves_shifts_onto_the_demand() -> None:
    inst = compile_instance(_afternoon_problem())
    start = _earliest_roster(inst)
    value = _value_table(inst)
    before = _total(value, _State(inst, start).heads)
    after_roster = polish(inst, start, time_limit_s=10)
    after = _total(value, _State(inst, after_roster).heads)
    assert after > before
    # demand is 14:00–21:00: the full-timers' late shifts (12:00–13:30 starts) cover it
    ft_starts = [inst.catalogue[o].start_min for (a, _d), o in after_roster.items() if inst.agents[a].contract == "ft"]
    assert ft_starts and sum(s >= 12 * 60 for s in ft_starts) / len(ft_starts) >= 0.9


def test_polished_roster_breaks_no_rule_the_start_kept() -> None:
    """Moves keep rest, runs and weekly limits; what the greedy start already breaks (it gives
    minimum days, not hours, and does not look across weeks) may stay but never spreads."""
    problem = _afternoon_problem()
    inst = compile_instance(problem)
    start = demand_roster(inst)
    before = {(v.rule, v.agent_id, v.day) for v in validate(_as_roster(inst, start), problem, check_cover=False)}
    assert before
    polished = polish(inst, start, time_limit_s=10)
    assert polished != start
    after = {(v.rule, v.agent_id, v.day) for v in validate(_as_roster(inst, polished), problem, check_cover=False)}
    assert after <= before


def test_never_worse_and_reproducible() -> None:
    inst = compile_instance(tiny_problem(options=RosterOptions(break_mode="fixed")))
    start = demand_roster(inst)
    value = _value_table(inst)
    first = polish(inst, start, time_limit_s=10)
    assert first == polish(inst, start, time_limit_s=10)
    assert _total(value, _State(inst, first).heads) >= _total(value, _State(inst, start).heads)


def test_locked_days_stay() -> None:
    problem = _afternoon_problem(n_days=7)
    inst = compile_instance(problem)
    start = _earliest_roster(inst)
    a, d = next(iter(start))
    inst.locked[(a, d)] = start[(a, d)]
    assert polish(inst, start, time_limit_s=10)[(a, d)] == start[(a, d)]


def test_each_part_starts_from_its_agents_shifts_in_the_centre_hint() -> None:
    from planner.domain import Rules
    from planner.rostering.decompose import part_problem, partition
    from planner.rostering.seed_hint import centre_hint, hinted_roster
    from planner.rostering.solve import solve_roster

    problem = tiny_problem(options=RosterOptions(break_mode="fixed", parts=2), n_days=7, floors=(),
                           rules=Rules(min_staff=0))
    hint = centre_hint(problem, polish_s=2.0)
    whole = compile_instance(problem)
    can_work = {ag.id for a, ag in enumerate(whole.agents) if any(whole.allowed[a])}
    assert {sh.agent_id for sh in hint.shifts} == can_work   # one roster for the whole centre
    with_hint = dataclasses.replace(problem, start_hint=hint)
    for agents in partition(with_hint, 2):
        part = compile_instance(part_problem(with_hint, agents, 2, np.zeros(np.shape(problem.required))))
        chosen = hinted_roster(part)
        mine = [sh for sh in hint.shifts if sh.agent_id in {a.id for a in agents}]
        assert len(chosen) == len(mine) > 0
        assert {(part.agents[a].id, part.days[d], part.catalogue[o].start_min) for (a, d), o in chosen.items()} == \
            {(sh.agent_id, sh.day, sh.start_min) for sh in mine}
    result = solve_roster(problem, time_limit_s=10)
    assert result.status == "FEASIBLE" and validate(result.roster, problem) == []


def test_repair_mends_what_the_greedy_start_breaks(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The greedy start gives minimum days, not hours; the repair fills the weeks' hours (and
    any rest or run it breaks) before the search moves shifts, at the least loss of value."""
    problem = _afternoon_problem()
    inst = compile_instance(problem)
    start = demand_roster(inst)
    rules = _Rules(inst)

    def broken(chosen: dict[tuple[int, int], int]) -> int:
        st = _State(inst, chosen)
        return sum(rules.broken(st, a, range(inst.n_days)) for a in range(len(inst.agents)))

    def rule_breaks(chosen: dict[tuple[int, int], int]) -> set[tuple[str, str, object]]:
        return {(v.rule, v.agent_id, v.day) for v in validate(_as_roster(inst, chosen), problem, check_cover=False)}

    assert broken(start) > 20
    assert any(rule == "weekly paid hours" for rule, _, _ in rule_breaks(start))
    repaired = polish(inst, start, time_limit_s=10)
    assert broken(repaired) == 0
    assert rule_breaks(repaired) == set()
    monkeypatch.setattr(hint_search, "REPAIR", False)
    assert broken(polish(inst, start, time_limit_s=10)) > 20   # the search alone only keeps them
