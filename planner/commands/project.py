"""``wfm import``, ``wfm export-scenario`` and ``wfm import-staff``: plan files and HR sheets.

``import SCENARIO.toml -o PLAN.wfm`` and ``export-scenario PLAN.wfm -o DIR`` move a centre
between the human-editable scenario files and a plan file without loss: the scenario tables and
the full history go in, and come back out as TOML + CSV. ``import-staff`` brings the agents,
skills, contracts and time off HR keeps in spreadsheets into a plan or scenario — all files or
nothing.
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
    s = sub.add_parser("import-staff", help="import agents, skills, contracts and time off from CSV/XLSX",
                       description="Update a plan file or scenario TOML from HR spreadsheets (formats in "
                                   "docs/formats.md). Every file is checked first; any problem leaves the "
                                   "target untouched.")
    s.add_argument("target", type=Path, help="plan file (.wfm) or scenario .toml to update")
    for flag, what in STAFF_FILES:
        s.add_argument(f"--{flag}", type=Path, metavar="FILE", help=f"{what} (.csv or .xlsx)")
    s.add_argument("--json", action="store_true", help="print one JSON document")
    s.set_defaults(func=run_import_staff)
    v = sub.add_parser("versions", help="list the roster versions kept in a plan file")
    v.add_argument("plan", type=Path, help="plan file (.wfm)")
    v.add_argument("--json", action="store_true", help="print one JSON document")
    v.set_defaults(func=run_versions)
    c = sub.add_parser("compare", help="what changed between two roster versions of a plan",
                       description="Who changed, paid-hours delta per agent and in total, and the "
                                   "service-level change per queue (when the plan holds a forecast).")
    c.add_argument("plan", type=Path, help="plan file (.wfm)")
    c.add_argument("old", help="version id or name to compare from")
    c.add_argument("new", help="version id or name to compare to")
    c.add_argument("--json", action="store_true", help="print one JSON document")
    c.set_defaults(func=run_compare)
    u = sub.add_parser("publish", help="mark a roster version as the published one (the previous is archived)")
    u.add_argument("plan", type=Path, help="plan file (.wfm)")
    u.add_argument("version", help="version id or name")
    u.add_argument("--json", action="store_true", help="print one JSON document")
    u.set_defaults(func=run_publish)


# applied in this order, so agents may name contracts imported in the same run
STAFF_FILES = (("contracts", "contracts: name, max_week_h, templates, …"),
               ("agents", "agents: id, name, contract, queues, …"),
               ("skills", "skills: agent_id, queue (one row per skill)"),
               ("time-off", "time off: agent_id, first, last, reason"))


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


def run_import_staff(args: argparse.Namespace) -> int:
    from planner.errors import InputError, InputProblem
    from planner.importers import IMPORTERS
    from planner.project import Project, is_plan_file
    from planner.scenario import scenario_from_dict, scenario_to_dict

    given = [(flag, getattr(args, flag.replace("-", "_"))) for flag, _ in STAFF_FILES]
    given = [(flag, path) for flag, path in given if path is not None]
    if not given:
        raise InputError("no file to import", column="--agents/--skills/--contracts/--time-off",
                         fix="name at least one file, e.g. --agents agents.xlsx")
    target: Path = args.target
    plan = is_plan_file(target)
    project = Project.open(target) if plan else None
    try:
        if project is not None and project.read_only:
            raise InputError(project.warning or "the plan is open elsewhere", file=str(target),
                             fix="close the plan in the other window and try again")
        scenario = project.scenario if project is not None else _load_toml_scenario(target)
        problems: list[InputProblem] = []
        counts: dict[str, int] = {}
        for flag, path in given:
            try:
                updated = IMPORTERS[flag.replace("-", "_")](path, scenario)
            except InputError as exc:
                problems += exc.problems  # keep checking the other files: report everything at once
                continue
            counts[flag] = _count(flag, scenario, updated)
            scenario = updated
        if problems:
            raise InputError(problems)
        # the whole scenario must still hold together (e.g. a contract minimum no template reaches)
        scenario_from_dict(scenario_to_dict(scenario), file=f"{target} after import", base_dir=target.parent)
        if project is not None:
            project.set_scenario(scenario)
            project.save()
        else:
            _save_toml_scenario(scenario, target)
    finally:
        if project is not None:
            project.close()
    payload = {"ok": True, "target": str(target), "imported": counts, "agents": len(scenario.agents),
               "contracts": len(scenario.contracts)}
    emit(args, payload, f"updated {target}: " + ", ".join(f"{n} {k}" for k, n in counts.items())
         + f" ({len(scenario.agents)} agents, {len(scenario.contracts)} contracts)")
    return 0


def _count(flag: str, before: Any, after: Any) -> int:
    """What took effect: agents in the new list, new or changed contracts, skill sets, absences."""
    if flag == "agents":
        return len(after.agents)
    if flag == "contracts":
        return sum(1 for c in after.contracts if c not in before.contracts)
    if flag == "skills":
        old = {a.id: a.queues for a in before.agents}
        return sum(1 for a in after.agents if old.get(a.id) != a.queues)
    return sum(len(a.time_off) for a in after.agents) - sum(len(a.time_off) for a in before.agents)


def _load_toml_scenario(path: Path) -> Any:
    from planner.scenario import load_scenario
    if path.suffix.lower() != ".toml":
        raise InputError(f"{path.name} is neither a plan file nor a scenario .toml", file=str(path),
                         fix="give a .wfm plan (wfm import makes one) or a scenario .toml")
    return load_scenario(path)


def _save_toml_scenario(scenario: Any, path: Path) -> None:
    """Rewrite the scenario TOML, keeping its history reference as the user wrote it."""
    import tomllib

    from planner.scenario import save_scenario
    head = tomllib.loads(path.read_text(encoding="utf-8-sig")).get("scenario", {})
    history = head.get("history") if isinstance(head, dict) else None
    save_scenario(scenario, path, history=history if isinstance(history, str) else None)


def _ref(text: str) -> int | str:
    """A version is named by its id (digits) or its name."""
    return int(text) if text.isdigit() else text


def run_versions(args: argparse.Namespace) -> int:
    from planner.project import Project
    project = Project.open(args.plan, read_only=True)
    rows = [{"id": v.id, "name": v.name, "status": v.status, "created": v.created.isoformat(),
             "start_date": v.roster.start_date.isoformat(), "days": v.roster.n_days, "shifts": len(v.roster.shifts),
             "paid_hours": round(sum(s.paid_min for s in v.roster.shifts) / 60, 2)}
            for v in project.roster_versions()]
    lines = [f"{r['id']:>3}  {r['status']:<9}  {r['name']}  ({r['start_date']}, {r['days']} days, "
             f"{r['shifts']} shifts, {r['paid_hours']:g} paid h, saved {r['created']})" for r in rows]
    emit(args, {"ok": True, "plan": str(args.plan), "versions": rows},
         "\n".join(lines) if lines else f"{args.plan} holds no roster versions yet")
    return 0


def run_compare(args: argparse.Namespace) -> int:
    from planner.project import Project
    project = Project.open(args.plan, read_only=True)
    a, b = project.version(_ref(args.old)), project.version(_ref(args.new))
    note = ""
    evaluations: tuple[Any, Any] = (None, None)
    if project.forecast is None or not len(project.forecast):
        note = "the plan holds no forecast, so the service-level change is not computed (forecast and save first)"
    else:
        evaluations = (_evaluate(project, a.roster), _evaluate(project, b.roster))
    result = project.compare(a.id, b.id, *evaluations)
    changes = [{"agent_id": c.agent_id, "days": [d.isoformat() for d in c.days_changed], "hours_delta": c.hours_delta}
               for c in result.changes]
    payload = {"ok": True, "old": a.name, "new": b.name, "changed_agents": result.changed_agents,
               "changes": changes, "hours_delta": result.hours_delta,
               "service_level_delta": result.service_level_delta, "note": note or None}
    lines = [f"{a.name} → {b.name}: {len(changes)} agent(s) changed, paid hours {result.hours_delta:+g} h"]
    for ch in changes:
        lines.append(f"  {ch['agent_id']}: {ch['hours_delta']:+g} h on {', '.join(ch['days'])}")
    if result.service_level_delta is not None:
        lines.append("Service level: " + ", ".join(f"{q} {d * 100:+.1f} pt"
                                                  for q, d in result.service_level_delta.items()))
    if note:
        lines.append(note)
    emit(args, payload, "\n".join(lines))
    return 0


def _evaluate(project: Any, roster: Any) -> Any:
    """The roster scored on the plan's stored forecast, as the app scores it."""
    from planner.evaluation import evaluate_roster
    from planner.staffing.requirements import requirements
    scenario = project.scenario
    required = requirements(project.forecast, scenario.queues, scenario.interval_min)
    return evaluate_roster(scenario, roster, project.forecast, required)


def run_publish(args: argparse.Namespace) -> int:
    from planner.project import Project
    project = Project.open(args.plan)
    try:
        if project.read_only:
            raise InputError(project.warning or "the plan is open elsewhere", file=str(args.plan),
                             fix="close the plan in the other window and try again")
        version = project.publish(_ref(args.version))
        project.save()
    finally:
        project.close()
    emit(args, {"ok": True, "published": version.name, "id": version.id},
         f"published version {version.id} ({version.name}) in {args.plan}")
    return 0
