"""LP relaxation of a roster model, solved with GLOP: a bound no CP-SAT bound can beat.

Every linear constraint without an enforcement literal is kept; every other constraint
(implications, the max of a fairness spread) is dropped and integrality relaxed. Dropping
constraints only enlarges the feasible set, so the optimum is a valid upper bound on any
roster's objective. Used by ``benchmarks/roster_lp_bound.py`` to show where the gap lies; too
slow for the solve itself (50 agents × 2 weeks: 101–186 s on one core).
"""
from __future__ import annotations

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

BIG = 2 ** 62   # CP-SAT writes unbounded sides as ±2^63 − 1


def lp_relaxation(proto: object) -> tuple[pywraplp.Solver, int]:
    """GLOP model of a CP-SAT model proto's linear part; returns it and the number of
    constraints dropped."""
    lp = pywraplp.Solver.CreateSolver("GLOP")
    inf = lp.infinity()
    xs = [lp.NumVar(float(list(v.domain)[0]), float(list(v.domain)[-1]), "") for v in proto.variables]
    dropped = 0
    for c in proto.constraints:
        if len(c.enforcement_literal) or not c.has_linear():
            dropped += 1
            continue
        dom = list(c.linear.domain)
        row = lp.Constraint(float(dom[0]) if dom[0] > -BIG else -inf, float(dom[-1]) if dom[-1] < BIG else inf)
        for var, coef in zip(c.linear.vars, c.linear.coeffs):
            if var < 0:   # a negated literal ¬x = 1 − x (not written by the roster model)
                raise ValueError("negated literal in a linear constraint")
            row.SetCoefficient(xs[var], row.GetCoefficient(xs[var]) + coef)
    obj = lp.Objective()
    for var, coef in zip(proto.objective.vars, proto.objective.coeffs):
        obj.SetCoefficient(xs[var], obj.GetCoefficient(xs[var]) + coef)
    obj.SetMinimization()   # CP-SAT stores a maximisation as minimising −objective
    return lp, dropped


def lp_bound(model: cp_model.CpModel) -> tuple[float | None, int]:
    """The LP relaxation's optimum in the model's objective units (None when GLOP finds no
    optimum, e.g. the rules themselves are infeasible) and the number of constraints dropped."""
    proto = model.proto
    lp, dropped = lp_relaxation(proto)
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None, dropped
    return (lp.Objective().Value() + proto.objective.offset) * (proto.objective.scaling_factor or 1.0), dropped
