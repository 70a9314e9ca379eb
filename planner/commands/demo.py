"""``wfm demo --out DIR``: the whole pipeline on the bundled sample centre."""
from __future__ import annotations

import argparse
from typing import Any

from planner.commands.plan import add_plan_options, execute


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="run the whole pipeline on the bundled sample centre")
    add_plan_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from planner.service import PlanSession
    return execute(PlanSession.sample_path(), args)
