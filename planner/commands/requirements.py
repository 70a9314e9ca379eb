"""``wfm requirements SCENARIO --weeks N --out REQ.csv``: forecast and agents needed, no roster.

The "Targets & capacity" page headless: per queue and interval the forecast volume and AHT,
the agents that must be available (``agents_net``), the heads to schedule after shrinkage
(``agents_required``) and, for deferred queues, the backlog the requirement leaves.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from planner.cli import emit

COLUMNS = ("start", "queue", "volume", "aht_s", "agents_net", "agents_required", "backlog")


def register(sub: Any) -> None:
    p = sub.add_parser("requirements", help="agents needed per queue and interval (forecast + capacity)",
                       description="Forecast the scenario's queues and compute the agents each needs "
                                   "per interval to meet its targets.")
    p.add_argument("scenario", type=Path, help="scenario .toml (or plan .wfm)")
    p.add_argument("--weeks", type=int, default=1, help="horizon in weeks (1–8, default 1)")
    p.add_argument("--out", type=Path, help="requirements CSV to write")
    p.add_argument("--model", default="auto", help="forecast model: auto or a model name")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from planner.export import write_frame_csv
    from planner.service import PlanSession
    session = PlanSession.open(args.scenario)
    session.run_forecast(weeks=args.weeks, model=args.model)
    frame = session.requirements
    interval_h = session.scenario.interval_min / 60.0
    per_queue = {}
    for q in session.scenario.queues:
        f = frame[frame["queue"] == q.name]
        peak = f.loc[f["agents_required"].idxmax()] if len(f) else None
        per_queue[q.name] = {
            "volume": round(float(f["volume"].sum()), 1),
            "scheduled_head_hours": round(float(f["agents_required"].sum()) * interval_h, 1),
            "available_agent_hours": round(float(f["agents_net"].sum()) * interval_h, 1),
            "peak_heads": int(peak["agents_required"]) if peak is not None else 0,
            "peak_at": peak["start"].isoformat() if peak is not None else None,
        }
    payload: dict[str, Any] = {"ok": True, "start_date": session.start_date.isoformat(), "days": session.n_days,
                               "interval_min": session.scenario.interval_min, "queues": per_queue}
    if args.out:
        write_frame_csv(args.out, frame[[c for c in COLUMNS if c in frame.columns]])
        payload["file"] = str(args.out)
    lines = [f"Requirements {session.start_date} + {session.n_days} days:"]
    lines += [f"  {q}: {v['scheduled_head_hours']:.0f} head-hours to schedule, peak {v['peak_heads']} heads "
              f"at {v['peak_at']}" for q, v in per_queue.items()]
    if args.out:
        lines.append(f"Wrote {args.out}")
    emit(args, payload, "\n".join(lines))
    return 0
