"""Day-window search: it keeps every rule, never loses value, and moves only its window."""
from __future__ import annotations

import dataclasses
import threading
import time

import pytest
from ortools.sat.python import cp_model

import planner.rostering.day_windows as day_windows
import planner.rostering.solve as solve_module
from planner.rostering.day_windows import WINDOW_DAYS, window_search, worth_searching
from planner.rostering.instance import compile_instance
from planner.rostering.model import build_model
from planner.rostering.solve import SolveProgress, solve_roster
from planner.rostering.validate import validate
from roster_tiny import tiny_problem

N_DAYS = 14


def _fixed_breaks(problem):
    return dataclasses.replace(problem, options=dataclasses.replace(problem.options, break_mode="fixed"))


@pytest.fixture(scope="module")
def start():
    """A fortnight of the tiny centre, its model, and a poor complete solution (rules only)."""
    problem = _fixed_breaks(tiny_problem(n_days=N_DAYS))
    built = build_model(compile_instance(problem))
    plain = built.model.clone()
    plain.clear_objective()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 10
    solver.parameters.num_workers = 1
    assert solver.solve(plain) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    values = list(solver.response_proto.solution)
    objective = _objective(built.model, values)
    return problem, built, values, objective


def _objective(model: cp_model.CpModel, values: list[int]) -> float:
    """The model's objective at a complete solution (the solve fixes every variable)."""
    fixed = model.clone()
    for i, value in enumerate(values):
        dom = fixed.proto.variables[i].domain
        dom.clear()
        dom.extend([value, value])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(fixed) == cp_model.OPTIMAL
    return float(solver.objective_value)


def _shift_days(built, solver_like) -> dict[tuple[str, object], tuple[int, int] | None]:
    roster = built.v.extract(solver_like)
    return {(s.agent_id, s.day): (s.start_min, s.end_min) for s in roster.shifts}


def _solve(solver: cp_model.CpSolver, model: cp_model.CpModel) -> int:
    return solver.solve(model)


def test_one_window_changes_only_its_days_and_never_loses_value(start) -> None:
    problem, built, values, objective = start
    # time for exactly one window: the loop needs WINDOW_MIN_S left to start another
    deadline = time.perf_counter() + day_windows.WINDOW_MIN_S + 1.0
    best, best_obj = window_search(built.model, built.v, values, deadline, _solve)
    assert best is not None
    assert best_obj >= objective
    roster = built.v.extract(best)
    assert validate(roster, problem) == []

    before = _shift_days(built, solve_module._Hinted(dict(enumerate(values))))
    after = _shift_days(built, best)
    changed = sorted({(day - problem.start_date).days for key in set(before) | set(after)
                      if before.get(key) != after.get(key) for day in (key[1],)})
    assert changed, "the rules-only start leaves value on the table: the window should move shifts"
    assert changed[-1] - changed[0] < WINDOW_DAYS


def test_windows_until_the_deadline_improve_a_poor_start(start) -> None:
    problem, built, values, objective = start
    reports: list[float] = []
    best, best_obj = window_search(built.model, built.v, values, time.perf_counter() + 8.0, _solve,
                                   report=reports.append)
    assert best is not None and best_obj > objective
    assert reports == sorted(reports) and reports[-1] == best_obj
    assert validate(built.v.extract(best), problem) == []


def test_done_event_ends_the_search_at_once(start) -> None:
    _, built, values, _ = start
    done = threading.Event()
    done.set()
    t0 = time.perf_counter()
    best, best_obj = window_search(built.model, built.v, values, t0 + 30.0, _solve, done=done)
    assert best is None and best_obj == float("-inf")
    assert time.perf_counter() - t0 < 1.0


def test_worth_searching_needs_size_days_and_time() -> None:
    small = compile_instance(tiny_problem(n_days=N_DAYS))            # 8 agents × 14 days = 112 agent-days
    assert not worth_searching(small, 600.0)
    week = compile_instance(tiny_problem(n_days=WINDOW_DAYS))
    assert not worth_searching(week, 600.0)


def test_solve_roster_with_windows_gives_a_valid_roster_and_a_true_bound(monkeypatch) -> None:
    """The whole solve with the windows beside the whole-model search (size gate lowered)."""
    monkeypatch.setattr(day_windows, "MIN_AGENT_DAYS", 0)
    calls: list[int] = []
    original = solve_module._search_with_windows

    def spy(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(solve_module, "_search_with_windows", spy)
    problem = tiny_problem(n_days=N_DAYS)
    reports: list[SolveProgress] = []
    result = solve_roster(problem, time_limit_s=20, progress=reports.append)
    assert calls, "the day windows did not run"
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert validate(result.roster, problem) == []
    assert result.bound >= result.objective
    assert reports and all(p.bound >= p.objective for p in reports)
    # either search's roster, the whole-model bound: the objective only rises, the bound only falls
    assert all(b.objective >= a.objective and b.bound <= a.bound + 1e-6 for a, b in zip(reports, reports[1:]))
    assert result.wall_s < 22


def test_stop_cancels_the_window_search(monkeypatch) -> None:
    monkeypatch.setattr(day_windows, "MIN_AGENT_DAYS", 0)
    problem = tiny_problem(n_days=N_DAYS)
    stop = threading.Event()
    timer = threading.Timer(6.0, stop.set)
    timer.start()
    try:
        result = solve_roster(problem, time_limit_s=60, stop=stop)
    finally:
        timer.cancel()
    assert result.status == "CANCELLED"
    assert result.wall_s < 15
    if result.roster.shifts:
        assert validate(result.roster, problem) == []

