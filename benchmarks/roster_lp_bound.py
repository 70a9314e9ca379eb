"""LP relaxation of the shift-stage roster model: how far can a proven bound come down?

    .venv/bin/python benchmarks/roster_lp_bound.py              # S: 50 agents × 2 weeks (~2 min)
    .venv/bin/python benchmarks/roster_lp_bound.py --encoding steps   # the same LP, other encoding

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

from benchmarks.roster_centre import make_case  # noqa: E402
from planner.rostering.instance import compile_instance  # noqa: E402
from planner.rostering.lp_bound import lp_bound  # noqa: E402
from planner.rostering.model import build_model  # noqa: E402


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
    model = build_model(compile_instance(problem)).model
    proto = model.proto
    t0 = time.perf_counter()
    bound, dropped = lp_bound(model)
    wall_s = time.perf_counter() - t0
    if bound is None:
        raise SystemExit("GLOP found no optimum of the relaxation; if it is infeasible, the roster problem "
                         "has no roster either (so for the generated 10- and 20-agent weeks: their floors)")
    print(f"{args.agents} agents × {args.days} days: {len(proto.variables):,} variables, "
          f"{len(proto.constraints):,} constraints ({dropped:,} dropped)")
    print(f"LP relaxation bound {bound:,.0f} (GLOP {wall_s:.1f} s)")


if __name__ == "__main__":
    main()
