"""``wfm evaluate SCENARIO --roster ROSTER.csv``: score and check a roster made elsewhere.

A team lead's edits in a spreadsheet, another tool's roster, or last month's published one:
the same forecast, the same capacity engine and the same rule checker as the app give the
predicted service level per queue and day, the understaffed intervals and every broken rule.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from planner.cli import emit
from planner.errors import InputError


def register(sub: Any) -> None:
    p = sub.add_parser("evaluate", help="predicted service level and rule check of a roster CSV/XLSX",
                       description="Score a roster (payroll CSV columns, see docs/formats.md) against the "
                                   "scenario's forecast and check every labour rule.")
    p.add_argument("scenario", type=Path, help="scenario .toml (or plan .wfm)")
    p.add_argument("--roster", required=True, type=Path, help="roster .csv or .xlsx (agent_id, date, start, "
                   "end, template[, paid_h, breaks, locked])")
    p.add_argument("--out", type=Path, help="directory for coverage.csv and summary.json")
    p.add_argument("--model", default="auto", help="forecast model: auto or a model name")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from planner.roster_io import read_roster_csv
    from planner.service import PlanSession
    session = PlanSession.open(args.scenario)
    roster = read_roster_csv(args.roster, session.scenario)
    weeks = -(-roster.n_days // 7)
    if weeks > 8:
        raise InputError(f"the roster spans {roster.n_days} days; at most 8 weeks can be evaluated",
                         file=str(args.roster), column="date", fix="split the roster into shorter files")
    roster = replace(roster, n_days=7 * weeks)          # whole weeks: the forecast's horizon
    session.start_date = roster.start_date
    session.run_forecast(weeks=weeks, model=args.model)
    session.set_roster(roster)
    evaluation = session.evaluate()
    violations = session.violations()
    summary = session.summary(evaluation)
    summary["violations"] = [str(v) for v in violations]
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        session.export_coverage_csv(args.out / "coverage.csv", evaluation)
        (args.out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str),
                                               encoding="utf-8")
        summary["files"] = {"coverage_csv": str(args.out / "coverage.csv"),
                            "summary_json": str(args.out / "summary.json")}
    lines = [f"Roster {summary['start_date']} + {summary['days']} days: {summary['shifts']} shifts, "
             f"{summary['paid_hours']:.0f} paid hours.",
             "Predicted service level: " + ", ".join(f"{q} {v:.1%}" for q, v in summary["service_level"].items()),
             f"Understaffed intervals: {summary['understaffed_intervals']}; rule violations: {len(violations)}."]
    lines += [f"  {v}" for v in violations[:50]]
    emit(args, {"ok": True, **summary}, "\n".join(lines))
    return 0 if not violations else 1
