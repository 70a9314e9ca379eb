"""The CP-SAT roster on the tiny centre: every rule checked on the solver's output.

Each test reads the roster the solver returned and checks one rule directly (not only through
the validator), so a bug shared by model and validator still shows.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from itertools import combinations

import numpy as np
import pytest

from planner.domain import Shift
from planner.rostering.instance import RosterOptions, compile_instance
from planner.rostering.solve import RosterResult, SolveProgress, solve_roster
from planner.rostering.validate import duty_by_group, validate
from roster_tiny import START, tiny_marginal, tiny_problem

LIMIT_S = 4.0


@pytest.fixture(scope="module")
def solved() -> tuple[object, RosterResult]:
    problem = tiny_problem()
    return problem, solve_roster(problem, time_limit_s=LIMIT_S)


def test_solver_returns_a_valid_roster(solved: tuple) -> None:
    problem, result = solved
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert result.roster.shifts
    assert validate(result.roster, problem) == []
    assert result.bound >= result.objective
    # two-stage solve: the gap is the one proven for the shift stage (breaks at nominal times)
    shifts = result.stages["shifts"]
    assert result.gap == pytest.approx(abs(shifts["bound"] - shifts["objective"]) / max(1.0, abs(shifts["objective"])))
    assert result.objective >= shifts["objective"]   # placing breaks only improves
    assert result.coverage.shape == problem.required.shape


def test_at_most_one_shift_per_day_and_templates_of_contract(solved: tuple) -> None:
    problem, result = solved
    seen = set()
    for sh in result.roster.shifts:
        assert (sh.agent_id, sh.day) not in seen
        seen.add((sh.agent_id, sh.day))
        agent = problem.scenario.agent(sh.agent_id)
        contract = problem.scenario.contract(agent.contract)
        tpl = problem.scenario.template(sh.template)
        assert sh.template in contract.templates
        assert sh.start_min in tpl.start_mins and sh.end_min - sh.start_min == tpl.length_min


def test_min_rest_between_shifts(solved: tuple) -> None:
    problem, result = solved
    by_agent: dict[str, list[Shift]] = {}
    for sh in result.roster.shifts:
        by_agent.setdefault(sh.agent_id, []).append(sh)
    for shifts in by_agent.values():
        shifts.sort(key=lambda s: s.start_dt())
        for a, b in zip(shifts, shifts[1:]):
            assert (b.start_dt() - a.end_dt()).total_seconds() / 60 >= problem.scenario.rules.min_rest_min


def test_weekly_paid_minutes_within_contract(solved: tuple) -> None:
    problem, result = solved
    for agent in problem.scenario.agents:
        c = problem.scenario.contract(agent.contract)
        paid = sum(s.paid_min for s in result.roster.shifts if s.agent_id == agent.id)
        off = sum(1 for d in range(7) if not agent.available(START + dt.timedelta(days=d)))
        assert c.min_week_min * (7 - off) // 7 <= paid <= c.max_week_min


def test_time_off_is_respected(solved: tuple) -> None:
    problem, result = solved
    a5 = problem.scenario.agent("a5")
    assert not [s for s in result.roster.shifts if s.agent_id == "a5" and not a5.available(s.day)]


def test_lunch_placed_inside_shift_near_the_middle(solved: tuple) -> None:
    _, result = solved
    for sh in result.roster.shifts:
        if sh.unpaid_break_min:
            lunch = [b for b in sh.breaks if b[1] - b[0] == sh.unpaid_break_min]
            assert len(lunch) == 1
            mid = (sh.start_min + sh.end_min) / 2
            assert abs((lunch[0][0] + lunch[0][1]) / 2 - mid) <= 60 + 15
        assert all(sh.start_min < b0 < b1 < sh.end_min for b0, b1 in sh.breaks)


def test_coverage_split_is_exact_and_respects_skills_and_vip(solved: tuple) -> None:
    """Hall's condition: every subset of queues gets no more heads than the agents able to serve it."""
    problem, result = solved
    inst = compile_instance(problem)
    heads = duty_by_group(inst, result.roster)
    cov = result.coverage
    n_q = len(problem.scenario.queues)
    for r in range(1, n_q + 1):
        for subset in combinations(range(n_q), r):
            able = [g for g, (sk, _) in enumerate(inst.groups) if sk & set(subset)]
            assert (cov[list(subset)].sum(axis=0) <= heads[able].sum(axis=0) + 1e-9).all()
    vip = [k for k, q in enumerate(problem.scenario.queues) if q.is_vip][0]
    vip_groups = [g for g, (sk, is_vip) in enumerate(inst.groups) if vip in sk]
    assert all(inst.groups[g][1] for g in vip_groups)   # only VIP-certified agents can serve VIP
    assert (cov[vip] <= heads[vip_groups].sum(axis=0)).all()
    closed = ~inst.is_open
    assert (cov[closed] == 0).all()


def test_floors_hold(solved: tuple) -> None:
    problem, result = solved
    inst = compile_instance(problem)
    assert (result.coverage >= inst.floor).all()
    heads = duty_by_group(inst, result.roster)
    assert (heads.sum(axis=0) >= inst.min_staff).all()


def test_shortfall_objective_without_marginal() -> None:
    problem = tiny_problem(marginal=False)
    result = solve_roster(problem, time_limit_s=LIMIT_S)
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert validate(result.roster, problem) == []
    assert result.objective <= 0   # minus weighted shortfall and penalties


def test_progress_is_reported_and_stop_cancels() -> None:
    problem = tiny_problem()
    reports: list[SolveProgress] = []
    stop = threading.Event()

    def on_progress(p: SolveProgress) -> None:
        reports.append(p)
        stop.set()   # cancel at the first solution

    result = solve_roster(problem, time_limit_s=30, progress=on_progress, stop=stop)
    assert reports and reports[0].elapsed_s >= 0
    assert result.status == "CANCELLED"
    assert result.wall_s < 20
    if result.roster.shifts:   # the best roster so far is still a valid one
        assert validate(result.roster, problem) == []


def test_reported_bound_never_rises_across_the_two_stages() -> None:
    """The break stage's own bound holds only for the shifts it was given, so the progress shows
    the shift stage's bound and it never goes up. The one exception: placing breaks freely can
    beat the shift stage's bound (that bound holds for breaks at their nominal times), and then
    the shown bound can only follow the objective up, never sit below it."""
    reports: list[SolveProgress] = []
    result = solve_roster(tiny_problem(n_days=7), time_limit_s=15, progress=reports.append)
    assert result.status in ("FEASIBLE", "OPTIMAL") and len(reports) >= 2
    for before, after in zip(reports, reports[1:]):
        assert after.bound <= before.bound + 1e-6 or after.bound == after.objective, (before, after)
    assert all(p.bound >= p.objective for p in reports)
    shift_bound = result.stages["shifts"]["bound"] if result.stages else result.bound
    assert all(p.bound <= max(reports[0].bound, p.objective) for p in reports)
    assert result.bound == max(shift_bound, result.objective)


def test_stop_before_start_returns_cancelled_at_once() -> None:
    stop = threading.Event()
    stop.set()
    result = solve_roster(tiny_problem(), time_limit_s=30, stop=stop)
    assert result.status == "CANCELLED" and result.wall_s < 5


def test_locked_shift_is_kept_and_reroster_moves_few(solved: tuple) -> None:
    problem, first = solved
    locked = dataclasses.replace(next(s for s in first.roster.shifts if s.agent_id == "a3"), locked=True)
    rest = tuple(s for s in first.roster.shifts if s is not None and (s.agent_id, s.day) != (locked.agent_id, locked.day))
    previous = dataclasses.replace(first.roster, shifts=rest + (locked,))
    again = solve_roster(dataclasses.replace(problem, previous=previous), time_limit_s=LIMIT_S)
    assert again.roster.shift_of(locked.agent_id, locked.day) == locked
    assert validate(again.roster, dataclasses.replace(problem, previous=previous)) == []
    before = {(s.agent_id, s.day): (s.template, s.start_min) for s in first.roster.shifts}
    after = {(s.agent_id, s.day): (s.template, s.start_min) for s in again.roster.shifts}
    changed = sum(before.get(k) != after.get(k) for k in set(before) | set(after))
    assert changed <= len(before) // 4


def test_bad_shapes_are_reported_clearly() -> None:
    from planner.errors import ScenarioError
    problem = tiny_problem()
    with pytest.raises(ScenarioError, match="required has shape"):
        solve_roster(dataclasses.replace(problem, required=np.zeros((1, 5), dtype=int)))


def test_gain_encodings_reach_the_same_optimum() -> None:
    """Ordered steps and tangent lines are two exact encodings of the same concave value."""
    from test_roster_rules import TEAM, centre
    base = centre(floors=(), agents=TEAM)
    minute = (np.arange(base.n_intervals) * 15) % 1440
    required = np.where((minute >= 9 * 60) & (minute < 19 * 60), 2, 0)[None, :].astype(np.int64)
    volume = 4.0 * required + 1.0
    base = dataclasses.replace(base, required=required, volume=volume, marginal=tiny_marginal(required, volume),
                               options=RosterOptions(break_mode="fixed", relative_gap_limit=0.0))
    results = [solve_roster(dataclasses.replace(base, options=dataclasses.replace(base.options, gain_encoding=enc)),
                            time_limit_s=20) for enc in ("steps", "lines")]
    assert [r.status for r in results] == ["OPTIMAL", "OPTIMAL"]
    assert results[0].objective == results[1].objective > 0
    assert results[0].service_gain == results[1].service_gain
    for r in results:
        assert validate(r.roster, base) == []
