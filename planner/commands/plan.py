"""``wfm plan SCENARIO.toml --weeks N --out DIR``: the whole pipeline, headless."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.cli import emit
from planner.errors import InputError


def add_plan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--weeks", type=int, default=1, help="horizon in weeks (1–8, default 1)")
    parser.add_argument("--out", required=True, type=Path, help="directory for roster.xlsx, roster.csv, "
                        "coverage.csv and summary.json")
    parser.add_argument("--time-limit", type=float, default=60.0, metavar="S",
                        help="solver time limit in seconds (default 60)")
    parser.add_argument("--model", default="auto", help="forecast model: auto or a model name")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def register(sub: Any) -> None:
    p = sub.add_parser("plan", help="forecast, staff, roster, evaluate and export a scenario",
                       description="Run the whole planning pipeline on a scenario TOML or plan file.")
    p.add_argument("scenario", type=Path, help="scenario .toml (or plan .wfm)")
    add_plan_options(p)
    p.set_defaults(func=run)


def execute(scenario_path: Path, args: argparse.Namespace) -> int:
    """Shared by ``plan`` and ``demo``."""
    from planner.service import PlanSession, run_plan
    if args.time_limit <= 0:
        raise InputError(f"time limit {args.time_limit} s must be positive", column="--time-limit",
                         fix="give a number of seconds such as 60")
    session = PlanSession.open(scenario_path)
    log = None if args.json else (lambda msg: print(msg, file=sys.stderr))
    summary = run_plan(session, args.out, weeks=args.weeks, time_limit_s=args.time_limit,
                       model=args.model, log=log)
    lines = [f"Planned {summary['days']} days from {summary['start_date']} for {summary['agents']} agents: "
             f"{summary['shifts']} shifts, {summary['paid_hours']:.0f} paid hours."]
    if "solver" in summary:
        s = summary["solver"]
        lines.append(f"Solver: {s['status']}, gap {s['gap']:.2%}, {s['time_s']} s.")
    lines.append("Predicted service level: " + ", ".join(
        f"{q} {v:.1%}" for q, v in summary["service_level"].items()))
    lines.append(f"Understaffed intervals: {summary['understaffed_intervals']}; "
                 f"rule violations: {len(summary['violations'])}.")
    lines.append("Wrote " + ", ".join(summary["files"].values()))
    emit(args, {"ok": True, **summary}, "\n".join(lines))
    return 0 if not summary["violations"] else 1


def run(args: argparse.Namespace) -> int:
    return execute(args.scenario, args)
