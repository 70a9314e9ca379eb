"""LP relaxation of the shift-stage roster model: how far can a proven bound come down?

    .venv/bin/python benchmarks/roster_lp_bound.py              # S: 50 agents × 2 weeks (~2 min)
    .venv/bin/python benchmarks/roster_lp_bound.py --agents 20 --days 7

CP-SAT's bound after a minute sits above the model's own LP relaxation (its LP worker is still
converging). This script solves that relaxation exactly with GLOP, read off the CP-SAT model
itself: every linear constraint without an enforcement literal is kept, every other
constraint (implications, the max of a fairness spread) is dropped and integrality relaxed.
Dropping constraints only enlarges the feasible set, so the result is a valid upper bound on
any roster's objective: the gap a perfect LP bound would still show.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ortools.linear_solver import pywraplp  # noqa: E402

from benchmarks.roster_centre import make_case  # noqa: E402
from planner.rostering.instance import compile_instance  # noqa: E402
from planner.rostering.model import build_model  # noqa: E402

BIG = 2 ** 62   # CP-SAT writes unbounded sides as ±2^63 − 1


def lp_relaxation(proto) -> tuple[pywraplp.Solver, int]:
    """GLOP model of the proto's linear part; returns it and the number of constraints dropped."""
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--agents", type=int, default=50)
    ap.add_argument("--days", type=int, default=14)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--encoding", choices=("steps", "lines"), default="lines",
                    help="gain encoding of the model read (the same LP; lines has far fewer variables)")
    args = ap.parse_args()
    problem = make_case(args.agents, args.days, seed=args.seed).problem
    problem = dataclasses.replace(problem, options=dataclasses.replace(problem.options, break_mode="fixed",
                                                                             gain_encoding=args.encoding))
    proto = build_model(compile_instance(problem)).model.proto
    lp, dropped = lp_relaxation(proto)
    t0 = time.perf_counter()
    status = lp.Solve()
    wall_s = time.perf_counter() - t0
    if status != pywraplp.Solver.OPTIMAL:
        raise SystemExit(f"GLOP status {status}: no bound")
    scale = proto.objective.scaling_factor or 1.0
    bound = (lp.Objective().Value() + proto.objective.offset) * scale
    print(f"{args.agents} agents × {args.days} days: {len(proto.variables):,} variables, "
          f"{len(proto.constraints):,} constraints ({dropped:,} dropped)")
    print(f"LP relaxation bound {bound:,.0f} (GLOP {wall_s:.1f} s)")


if __name__ == "__main__":
    main()
