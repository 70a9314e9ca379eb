"""Roster benchmark: our CP-SAT engine vs pyworkforce on generated centres.

    .venv/bin/python benchmarks/bench_roster.py                      # S, M and L (~10 min + peers)
    .venv/bin/python benchmarks/bench_roster.py --sizes S            # one size
    .venv/bin/python benchmarks/bench_roster.py --sizes M --limit 600 --peers ""   # M gap run (slow)
    .venv/bin/python benchmarks/bench_roster.py --sizes S --time-scale 0.5

Sizes (generated like the sample by ``benchmarks/roster_centre.py``: 4 queues, 15-minute grid,
seed 7; requirements and marginal values from ``planner.staffing`` as the app builds them):
  S  50 agents × 2 weeks, 60 s     target: optimal or ≤ 1 % gap
  M 200 agents × 4 weeks, 60 s     target: first feasible roster ≤ 60 s (≤ 3 % gap in 600 s: --limit 600)
  L 1000 agents × 2 weeks, 300 s   target: feasible ≤ 300 s

Each row runs in its own process, so peak memory (ru_maxrss) is per row. Every roster — ours
and the peers' — is scored by ``planner.evaluation.evaluate_roster``, the scorer the app shows.

The peers get the same requirement summed over queues, on the whole horizon as one day (so
night shifts cross midnight correctly), with one candidate shift per template start and day;
each candidate covers the intervals our nominal break plan leaves on duty, and the resulting
shifts carry those breaks. Their heads are scored twice: as stand-in agents with every skill
(VIP included; ``sl``), which favours them, and with the centre's skill profiles dealt
round-robin over their shifts (``sl_centre_skills``). They have no headcount, contracts or rest
rules either.

* ``MinAbsDifference`` / ``MinRequiredResources``: pyworkforce as shipped
  (``max_period_concurrency`` = head count), each capped at ``--peer-limit`` seconds (60).
* ``MinAbsDifference@ours_h``: the same model (pyworkforce's objective: Σ |heads − required|)
  with one extra constraint, total paid hours ≤ our roster's paid hours, for an equal-hours
  comparison. pyworkforce has no budget parameter, so this model is restated here in a few
  lines of CP-SAT; it needs ``--ours-paid-h`` or runs after ``ours`` of the same size.
* ``MinAbsDifference=ours_h``: the same, made to spend our hours (to within one shift): the
  peer's objective does not want hours beyond the requirement, so "≤" leaves them unspent.
* ``ours@peer_h``: our engine with ``paid_hours_budget`` = MinAbsDifference's paid hours. Where
  the contracts' minimum hours exceed that, our engine says so (INFEASIBLE, the budget named).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.roster_centre import Centre, make_case, score  # noqa: E402
from planner.domain import MINUTES_PER_DAY, Agent, Roster, Shift  # noqa: E402
from planner.rostering.instance import RosterOptions, compile_instance  # noqa: E402

SIZES = {"S": (50, 14, 60.0), "M": (200, 28, 60.0), "L": (1000, 14, 300.0)}
SEED = 7


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_ours(size: str, limit_s: float, options: dict) -> dict:
    from planner.rostering.solve import SolveProgress, solve_roster
    from planner.rostering.validate import validate
    n, days, _ = SIZES[size]
    case = make_case(n, days, seed=SEED)
    problem = case.problem
    if options:
        problem = dataclasses.replace(problem, options=dataclasses.replace(problem.options, **options))
    first: list[float] = []
    trace: list[tuple[float, float, float]] = []

    def on_progress(p: SolveProgress) -> None:
        if not first:
            first.append(p.elapsed_s)
        trace.append((round(p.elapsed_s, 1), p.objective, p.bound))

    t0 = time.perf_counter()
    result = solve_roster(problem, time_limit_s=limit_s, num_workers=2, progress=on_progress)
    wall = time.perf_counter() - t0
    out = {"size": size, "who": "ours", "agents": n, "days": days, "time_limit_s": limit_s,
           "status": result.status, "wall_s": round(wall, 1),
           "first_feasible_s": round(first[0], 1) if first else None,
           "objective": result.objective, "bound": result.bound, "gap": round(result.gap, 4),
           "paid_h": round(sum(s.paid_min for s in result.roster.shifts) / 60, 1),
           "shifts": len(result.roster.shifts), "violations": len(validate(result.roster, problem)),
           "stages": result.stages, "trace_tail": trace[-3:], "options": options,
           "conflicts": [str(c) for c in result.conflicts[:3]]}
    out.update(score(case, result.roster))
    out["peak_rss_mb"] = rss_mb()
    return out


def peer_candidates(case: Centre) -> tuple[list[tuple[int, int, str]], np.ndarray]:
    """Every (day, option) a shift could take, and its on-duty intervals over the horizon.

    Breaks sit at their nominal times (our "fixed" break plan), so a peer's head on duty is
    counted exactly as one of ours would be.
    """
    problem = dataclasses.replace(case.problem, previous=None,
                                  options=dataclasses.replace(case.problem.options, break_mode="fixed"))
    inst = compile_instance(problem)
    cands: list[tuple[int, int, str]] = []
    rows = []
    for d in range(inst.n_days):
        for o, opt in enumerate(inst.catalogue):
            row = np.zeros(inst.n_t, dtype=np.int8)
            lo, hi = inst.shift_span(d, o)
            if hi <= lo:
                continue
            row[lo:hi] = 1
            for b0, b1 in opt.fixed_breaks or ():
                blo, bhi = inst.minute_span(d, b0, b1)
                row[blo:bhi] = 0
            cands.append((d, o, f"{opt.template}@{opt.start_min}#{d}"))
            rows.append(row)
    return cands, np.array(rows)


def peer_roster(case: Centre, cands: list[tuple[int, int, str]], counts: list[int],
                centre_skills: bool = False) -> tuple[Roster, list[Agent]]:
    """Stand-in agents working the peer's shift counts: with every skill, or (``centre_skills``)
    with the centre's skill profiles dealt round-robin over the shifts in time order — the peer
    chooses shifts blind to skills, so this is what its roster would get from the real staff."""
    inst = compile_instance(dataclasses.replace(case.problem, previous=None, options=dataclasses.replace(
        case.problem.options, break_mode="fixed")))
    all_queues = tuple(q.name for q in case.problem.scenario.queues)
    profiles = [(a.queues, a.vip) for a in case.problem.scenario.agents]
    shifts, agents = [], []
    for (d, o, _), k in zip(cands, counts):
        opt = inst.catalogue[o]
        for _ in range(int(k)):
            aid = f"P{len(agents):05d}"
            queues, vip = profiles[len(agents) % len(profiles)] if centre_skills else (all_queues, True)
            agents.append(Agent(aid, aid, "peer", "full_time", queues, vip=vip, night_capable=True))
            shifts.append(Shift(aid, inst.days[d], opt.template, opt.start_min, opt.end_min, opt.unpaid_break_min,
                                tuple(opt.fixed_breaks or ())))
    return Roster(case.problem.start_date, case.problem.n_days, tuple(shifts)), agents


def min_abs_difference_with_budget(cover: np.ndarray, required: np.ndarray, paid_min: np.ndarray,
                                   budget_min: int, max_heads: int, limit_s: float,
                                   floor_min: int = 0) -> tuple[str, list[int]]:
    """pyworkforce's MinAbsDifference objective plus floor ≤ Σ paid minutes ≤ budget."""
    from ortools.sat.python import cp_model
    m = cp_model.CpModel()
    x = [m.new_int_var(0, max_heads, f"x{i}") for i in range(len(cover))]
    diffs = []
    for t in range(cover.shape[1]):
        idx = np.flatnonzero(cover[:, t])
        heads = sum(x[i] for i in idx) if len(idx) else 0
        m.add(heads <= max_heads)
        dev = m.new_int_var(0, max_heads + int(required[t]), f"d{t}")
        m.add(dev >= heads - int(required[t]))
        m.add(dev >= int(required[t]) - heads)
        diffs.append(dev)
    paid = sum(int(p) * v for p, v in zip(paid_min, x))
    m.add(paid <= int(budget_min))
    if floor_min:
        m.add(paid >= int(floor_min))
    m.minimize(sum(diffs))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit_s
    solver.parameters.num_workers = 2
    code = solver.solve(m)
    status = solver.status_name(code)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, [0] * len(x)
    return status, [solver.value(v) for v in x]


def run_peer(size: str, model: str, limit_s: float, ours_paid_h: float | None) -> dict:
    n, days, _ = SIZES[size]
    case = make_case(n, days, seed=SEED)
    cands, cover = peer_candidates(case)
    inst = compile_instance(case.problem)
    paid = np.array([inst.catalogue[o].paid_min for _, o, _ in cands])
    required = np.asarray(case.problem.required).sum(axis=0)
    t0 = time.perf_counter()
    if model in ("MinAbsDifference@ours_h", "MinAbsDifference=ours_h"):
        if ours_paid_h is None:
            return {"size": size, "who": model, "error": "needs --ours-paid-h (run ours first)"}
        # "=": the same hours as ours, to within one shift (shift lengths make exact hours rare)
        floor = int(ours_paid_h * 60) - int(paid.max()) if model.startswith("MinAbsDifference=") else 0
        status, counts = min_abs_difference_with_budget(cover, required, paid, int(ours_paid_h * 60), n, limit_s,
                                                        floor_min=floor)
    else:
        from pyworkforce.scheduling import MinAbsDifference, MinRequiredResources
        coverage = {name: cover[i].tolist() for i, (_, _, name) in enumerate(cands)}
        cls = MinAbsDifference if model == "MinAbsDifference" else MinRequiredResources
        solver = cls(num_days=1, periods=inst.n_t, shifts_coverage=coverage, required_resources=[required.tolist()],
                     max_period_concurrency=n, max_shift_concurrency=n, max_search_time=limit_s,
                     num_search_workers=2)
        sol = solver.solve()
        status = sol["status"]
        by_name = {r["shift"]: r["resources"] for r in sol["resources_shifts"]}
        counts = [max(0, int(by_name.get(name, 0))) for _, _, name in cands]
    wall = time.perf_counter() - t0
    out: dict = {"size": size, "who": model, "status": status, "wall_s": round(wall, 1)}
    if sum(counts) == 0:
        out["peak_rss_mb"] = rss_mb()
        return out
    roster, stand_ins = peer_roster(case, cands, counts)
    scenario = dataclasses.replace(case.problem.scenario, agents=tuple(stand_ins))
    heads = np.array(counts) @ cover
    out.update({"paid_h": round(float(np.dot(counts, paid)) / 60, 1), "shifts": int(sum(counts)),
                "max_heads_on_duty": int(heads.max())})
    out.update(score(case, roster, scenario))
    mixed, mixed_agents = peer_roster(case, cands, counts, centre_skills=True)
    with_mix = score(case, mixed, dataclasses.replace(case.problem.scenario, agents=tuple(mixed_agents)))
    out.update({"sl_centre_skills": with_mix["sl"], "sl_by_queue_centre_skills": with_mix["sl_by_queue"],
                "shortfall_head_h_centre_skills": with_mix["shortfall_head_h"]})
    out["peak_rss_mb"] = rss_mb()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="S,M,L")
    ap.add_argument("--time-scale", type=float, default=1.0, help="multiply every time limit (quick runs)")
    ap.add_argument("--limit", type=float, default=None, help="time limit in seconds (overrides the size's)")
    ap.add_argument("--peers", default="MinAbsDifference,MinRequiredResources,MinAbsDifference@ours_h,"
                                       "MinAbsDifference=ours_h,ours@peer_h")
    ap.add_argument("--options", default="{}", help="JSON RosterOptions overrides for ours, e.g. '{\"parts\": 1}'")
    ap.add_argument("--peer-limit", type=float, default=60.0, help="time limit of each peer run in seconds")
    ap.add_argument("--ours-paid-h", type=float, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--peer-paid-h", type=float, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--one", help=argparse.SUPPRESS)          # internal: run one job in this process
    ap.add_argument("--out", type=Path, default=None, help="append JSON lines here")
    args = ap.parse_args()
    options = json.loads(args.options)
    unknown = set(options) - {f.name for f in dataclasses.fields(RosterOptions)}
    if unknown:
        ap.error(f"unknown RosterOptions field(s): {', '.join(sorted(unknown))}")
    if args.one:
        size, who = args.one.split(":", 1)
        limit = (args.limit or SIZES[size][2]) * args.time_scale
        if who == "ours@peer_h":
            if args.peer_paid_h is None:
                res = {"size": size, "who": who, "error": "needs MinAbsDifference's paid hours (run it first)"}
            else:
                res = run_ours(size, limit, {**options, "paid_hours_budget": args.peer_paid_h})
                res["who"] = who
        elif who == "ours":
            res = run_ours(size, limit, options)
        else:
            res = run_peer(size, who, min(limit, args.peer_limit * args.time_scale), args.ours_paid_h)
        print(json.dumps(res, default=str))
        return 0
    for size in args.sizes.split(","):
        ours_paid_h, peer_paid_h = args.ours_paid_h, args.peer_paid_h
        for who in ["ours", *filter(None, args.peers.split(","))]:
            cmd = [sys.executable, __file__, "--one", f"{size}:{who}", "--time-scale", str(args.time_scale),
                   "--options", args.options, "--peer-limit", str(args.peer_limit)]
            if args.limit:
                cmd += ["--limit", str(args.limit)]
            if ours_paid_h is not None:
                cmd += ["--ours-paid-h", str(ours_paid_h)]
            if peer_paid_h is not None:
                cmd += ["--peer-paid-h", str(peer_paid_h)]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            line = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else json.dumps(
                {"size": size, "who": who, "error": proc.stderr[-2000:]})
            print(line, flush=True)
            if who == "ours":
                ours_paid_h = json.loads(line).get("paid_h", ours_paid_h)
            if who == "MinAbsDifference":
                peer_paid_h = json.loads(line).get("paid_h", peer_paid_h)
            if args.out:
                with args.out.open("a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
