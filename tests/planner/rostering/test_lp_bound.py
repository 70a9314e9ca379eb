"""The LP relaxation of the roster model: a valid bound, and a real one."""
from __future__ import annotations

import dataclasses

from ortools.sat.python import cp_model

from planner.rostering.instance import compile_instance
from planner.rostering.lp_bound import lp_bound
from planner.rostering.model import build_model
from roster_tiny import tiny_problem


def test_lp_relaxation_bounds_the_best_roster_found() -> None:
    """The LP relaxation (every linear row kept, integrality dropped) is never below a roster."""
    problem = tiny_problem()
    problem = dataclasses.replace(problem, options=dataclasses.replace(problem.options, break_mode="fixed"))
    built = build_model(compile_instance(problem))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 10
    solver.parameters.num_workers = 2
    assert solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    bound, _ = lp_bound(built.model)
    assert bound is not None
    assert bound >= solver.objective_value - 1e-6
    # a real relaxation of the rows, not the box: far below every variable at its best bound
    proto = built.model.proto
    box = sum(max(c * list(proto.variables[v].domain)[0], c * list(proto.variables[v].domain)[-1])
              for v, c in zip(proto.objective.vars, [-c for c in proto.objective.coeffs]))
    assert bound < 0.9 * box   # 4.59 M against 5.60 M here
