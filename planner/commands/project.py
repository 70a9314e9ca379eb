"""``wfm import SCENARIO.toml -o PLAN.wfm`` and ``wfm export-scenario PLAN.wfm -o DIR``.

Together they move a centre between the human-editable scenario files and a plan file without
loss: the scenario tables and the full history go in, and come back out as TOML + CSV.
"""
from __future__ import annotations

import argparse
import gzip
import os
import tempfile
from pathlib import Path
from typing import Any

from planner.cli import emit
from planner.errors import InputError


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="turn a scenario TOML (and its history) into a plan file")
    p.add_argument("scenario", type=Path, help="scenario .toml")
    p.add_argument("-o", "--out", type=Path, required=True, help="plan file to write (.wfm)")
    p.add_argument("--force", action="store_true", help="overwrite an existing plan file")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(func=run_import)
    e = sub.add_parser("export-scenario", help="write a plan's scenario TOML and history CSV to a folder")
    e.add_argument("plan", type=Path, help="plan file (.wfm)")
    e.add_argument("-o", "--out", type=Path, required=True, help="folder to write scenario.toml and history.csv.gz")
    e.add_argument("--json", action="store_true", help="print one JSON document")
    e.set_defaults(func=run_export)


def run_import(args: argparse.Namespace) -> int:
    from forecasting.io import read_history
    from planner.project import Project
    from planner.scenario import load_scenario

    out: Path = args.out
    if out.exists() and not args.force:
        raise InputError(f"{out} already exists", file=str(out), fix="choose another name or pass --force")
    if not out.parent.is_dir():
        raise InputError(f"folder {out.parent} does not exist", file=str(out), fix="create it first")
    scenario = load_scenario(args.scenario)
    if not scenario.history_path:
        raise InputError("the scenario names no history file", file=str(args.scenario),
                         column="scenario.history", fix="add history = \"history.csv\" to [scenario]")
    history = read_history(scenario.history_path)
    if out.exists():
        out.unlink()
    project = Project.create(out, scenario, history)
    project.close()
    payload = {"ok": True, "plan": str(out), "scenario": scenario.name, "agents": len(scenario.agents),
               "queues": len(scenario.queues), "history_rows": int(len(history))}
    emit(args, payload, f"wrote {out}: {scenario.name}, {len(scenario.agents)} agents, "
                        f"{len(scenario.queues)} queues, {len(history)} history rows")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from planner.export import file_mode
    from planner.project import Project, history_to_csv
    from planner.scenario import save_scenario

    project = Project.open(args.plan, read_only=True)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    history_file = out / "history.csv.gz"
    data = gzip.compress(history_to_csv(project.history).encode("utf-8"), mtime=0)
    fd, tmp = tempfile.mkstemp(dir=out, prefix=".history.", suffix=".tmp")
    os.chmod(tmp, file_mode(history_file))
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, history_file)
    scenario_file = out / "scenario.toml"
    save_scenario(project.scenario, scenario_file, history=history_file.name)
    payload = {"ok": True, "scenario": str(scenario_file), "history": str(history_file),
               "roster_versions": [v.name for v in project.roster_versions()]}
    emit(args, payload, f"wrote {scenario_file} and {history_file}")
    return 0
