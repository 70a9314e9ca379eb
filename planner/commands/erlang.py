"""``wfm erlang``: staffing for one interval, or the metrics of a given staffing.

    wfm erlang --volume 100 --interval-min 30 --aht-s 180 --answer-s 20 --target-sl 80
    → agents 14, service_level 0.888, asa_s 7.8, occupancy 0.714, p_abandon 0
"""
from __future__ import annotations

import argparse
import math
from typing import Any

import numpy as np

from planner.cli import emit
from planner.domain import Queue
from planner.errors import InputError
from planner.staffing.live import live_metrics, required_live_agents


def register(sub: Any) -> None:
    p = sub.add_parser("erlang", help="agents needed for one interval (Erlang C / A, chat)",
                       description="Smallest staffing meeting the target for one interval, or the "
                                   "metrics of --agents N.")
    p.add_argument("--volume", type=float, required=True, help="contacts offered in the interval")
    p.add_argument("--interval-min", type=int, default=30, help="interval length in minutes (default 30)")
    p.add_argument("--aht-s", type=float, required=True, help="average handle time in seconds")
    p.add_argument("--answer-s", type=float, default=20.0, help="answer-time threshold T in seconds")
    p.add_argument("--target-sl", type=float, default=0.8, help="share answered within T: 0.8 or 80")
    p.add_argument("--patience-s", type=float, default=None, help="mean caller patience → Erlang A")
    p.add_argument("--concurrency", type=int, default=1, help="chats one agent handles at once")
    p.add_argument("--max-occupancy", type=float, default=1.0, help="highest allowed occupancy: 0.85 or 85")
    p.add_argument("--max-asa-s", type=float, default=None, help="highest allowed ASA in seconds")
    p.add_argument("--max-abandon", type=float, default=None, help="highest allowed abandonment: 0.05 or 5")
    p.add_argument("--agents", type=int, default=None, help="report the metrics of this staffing instead")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def _share(value: float | None, name: str) -> float | None:
    """Accept 0.8 or 80 for a share; reject what is neither."""
    if value is None:
        return None
    share = value / 100.0 if value > 1.0 else value
    if not 0.0 <= share <= 1.0 or math.isnan(share):
        raise InputError(f"{name} {value} is not a share", column=name,
                         fix="give a share between 0 and 1, or a percentage between 0 and 100")
    return share


def run(args: argparse.Namespace) -> int:
    checks = {"--volume": args.volume >= 0, "--interval-min": args.interval_min > 0,
              "--aht-s": args.aht_s > 0, "--answer-s": args.answer_s >= 0,
              "--concurrency": args.concurrency >= 1,
              "--patience-s": args.patience_s is None or args.patience_s > 0,
              "--agents": args.agents is None or args.agents >= 0}
    bad = [name for name, ok in checks.items() if not ok]
    if bad:
        raise InputError(f"invalid value for {', '.join(bad)}", column=bad[0],
                         fix="volume, answer-s and agents must be ≥ 0; interval, AHT, patience > 0; concurrency ≥ 1")
    queue = Queue("queue", channel="chat" if args.concurrency > 1 else "voice",
                  target_sl=_share(args.target_sl, "--target-sl") or 0.0, answer_s=args.answer_s,
                  max_asa_s=args.max_asa_s, patience_s=args.patience_s,
                  max_abandon=_share(args.max_abandon, "--max-abandon"),
                  max_occupancy=_share(args.max_occupancy, "--max-occupancy") or 1.0,
                  concurrency=args.concurrency, shrinkage=0.0, aht_s=args.aht_s)
    lam = np.array([args.volume / (args.interval_min * 60.0)])
    aht = np.array([args.aht_s])
    agents = args.agents if args.agents is not None else int(required_live_agents(queue, lam, aht)[0])
    m = live_metrics(queue, np.array([agents]), lam, aht)
    payload = {"agents": agents, "service_level": float(m.service_level[0]),
               "asa_s": None if np.isnan(m.asa_s[0]) else float(m.asa_s[0]),
               "occupancy": float(m.occupancy[0]), "p_abandon": float(m.p_abandon[0]),
               "p_wait": float(m.p_wait[0]),
               "offered_load_erlangs": float(lam[0] * aht[0]),
               "model": ("Erlang A" if args.patience_s else "Erlang C")
               + (f", {args.concurrency} chats per agent" if args.concurrency > 1 else "")}
    asa = "unbounded (queue unstable)" if payload["asa_s"] is None else f"{payload['asa_s']:.1f} s"
    text = (f"agents        {agents}\n"
            f"service_level {payload['service_level']:.1%} answered within {args.answer_s:g} s\n"
            f"asa_s         {asa}\n"
            f"occupancy     {payload['occupancy']:.1%}\n"
            f"p_abandon     {payload['p_abandon']:.1%}\n"
            f"model         {payload['model']}, offered load {payload['offered_load_erlangs']:.2f} Erlangs")
    emit(args, payload, text)
    return 0
