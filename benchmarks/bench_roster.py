"""Roster benchmark: our CP-SAT engine vs pyworkforce on generated centres.

    .venv/bin/python benchmarks/bench_roster.py                 # S, M and L (long: ~8 min + peers)
    .venv/bin/python benchmarks/bench_roster.py --sizes S       # one size
    .venv/bin/python benchmarks/bench_roster.py --sizes S --time-scale 0.5

Sizes (generated like the sample: 4 queues, 15-minute grid, seeded):
  S  50 agents × 2 weeks, 60 s     target: ≤ 1 % gap
  M 200 agents × 4 weeks, 60 s     target: first feasible roster ≤ 60 s
  L 1000 agents × 2 weeks, 300 s   target: feasible ≤ 300 s (solved in parts, see decompose.py)

Each size runs in its own process so peak memory (ru_maxrss) is per size. The peers,
pyworkforce ``MinAbsDifference`` and ``MinRequiredResources``, get the same requirement summed
over queues (they have no skills, contracts, rest rules or breaks, and their shifts cannot cross
midnight, so night shifts are cut at 24:00) and the same time limit. Every result is scored the
same way: heads on shift split across queues (narrow skills first, then by need — the rule of
``planner.evaluation.allocate``; peers' heads count as fully skilled), available agents = heads ×
(1 − shrinkage) as in the requirement, predicted service level by Erlang C per queue-interval
(``planner.staffing.evaluate.evaluate_queue`` once it exists; the local Erlang C until then),
volume-weighted over the horizon.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.roster_centre import erlang_c_sl, make_problem  # noqa: E402
from planner.domain import MINUTES_PER_DAY  # noqa: E402

try:   # the product's split rule; its module needs the staffing package, which may not exist yet
    from planner.evaluation import allocate  # noqa: E402
except ImportError:
    def allocate(duty: np.ndarray, skills: list[frozenset[int]], need: np.ndarray, volume: np.ndarray,
                 is_open: np.ndarray) -> np.ndarray:
        """Same rule as planner.evaluation.allocate: narrow skills first, surplus by volume."""
        n_q, n_t = need.shape
        groups: dict[frozenset[int], list[int]] = {}
        for i, sk in enumerate(skills):
            groups.setdefault(sk, []).append(i)
        alloc = np.zeros((n_q, n_t))
        remaining = need.astype(float).copy()
        surplus = {}
        for g in sorted(groups, key=lambda g: (len(g), sorted(g))):
            qs = sorted(g)
            heads = duty[groups[g]].sum(axis=0).astype(float)
            rem = np.where(is_open[qs], np.maximum(remaining[qs], 0.0), 0.0)
            total = rem.sum(axis=0)
            take = np.minimum(heads, total)
            given = np.divide(rem, total, out=np.zeros_like(rem), where=total > 0) * take
            alloc[qs] += given
            remaining[qs] -= given
            surplus[g] = heads - take
        for g, extra in surplus.items():
            qs = sorted(g)
            w = np.where(is_open[qs], volume[qs] + 1e-9, 0.0)
            wsum = w.sum(axis=0)
            alloc[qs] += np.divide(w, wsum, out=np.zeros_like(w), where=wsum > 0) * extra
        return alloc
from planner.rostering.instance import RosterProblem, compile_instance  # noqa: E402

SIZES = {"S": (50, 14, 60.0), "M": (200, 28, 60.0), "L": (1000, 14, 300.0)}


def predicted_service(problem: RosterProblem, heads_by_group: np.ndarray, skills: list[frozenset[int]]) -> dict:
    """Shortfall, volume-weighted SL and SL per queue of heads on shift (breaks count as shrinkage)."""
    s = problem.scenario
    im = s.interval_min
    need = np.asarray(problem.required, dtype=float)
    volume = np.asarray(problem.volume, dtype=float)
    n_t = need.shape[1]
    minute = (np.arange(n_t) * im) % MINUTES_PER_DAY
    is_open = np.array([[q.is_open(int(m)) for m in minute] for q in s.queues])
    # allocate() takes per-agent duty rows; feed one row per head of each group
    rows, row_skills = [], []
    for g, sk in enumerate(skills):
        top = int(heads_by_group[g].max(initial=0))
        for k in range(top):
            rows.append(heads_by_group[g] > k)
            row_skills.append(sk)
    duty = np.array(rows, dtype=bool).reshape(len(rows), n_t)
    alloc = allocate(duty, row_skills, need, volume, is_open)
    try:
        from planner.staffing.evaluate import evaluate_queue   # the capacity engine, when present
    except ImportError:
        evaluate_queue = None
    answered = np.zeros_like(volume)
    per_queue = {}
    for k, q in enumerate(s.queues):
        avail = alloc[k] * (1 - q.shrinkage)
        if evaluate_queue is not None:
            aht = np.full(n_t, q.aht_s)
            sl = np.asarray(evaluate_queue(q, volume[k], aht, avail, im)["service_level"], dtype=float)
        else:
            aht = q.aht_s / max(1, q.concurrency)
            sl = np.array([erlang_c_sl(float(v), aht, float(a), im, q.answer_s) if v > 0 else 1.0
                           for v, a in zip(volume[k], avail)])
        answered[k] = sl * volume[k]
        per_queue[q.name] = round(float(answered[k].sum() / max(1e-9, volume[k].sum())), 4)
    return {"shortfall_head_h": round(float(np.maximum(0, need - alloc).sum()) * im / 60, 1),
            "sl": round(float(answered.sum() / volume.sum()), 4), "sl_by_queue": per_queue}


def run_ours(size: str, time_scale: float) -> dict:
    from planner.rostering.solve import SolveProgress, solve_roster
    from planner.rostering.validate import duty_by_group, validate
    n, days, limit = SIZES[size]
    limit *= time_scale
    problem = make_problem(n, days, seed=7)
    first: list[float] = []
    trace: list[tuple[float, float, float]] = []

    def on_progress(p: SolveProgress) -> None:
        if not first:
            first.append(p.elapsed_s)
        trace.append((round(p.elapsed_s, 1), p.objective, p.bound))

    t0 = time.perf_counter()
    result = solve_roster(problem, time_limit_s=limit, num_workers=2, progress=on_progress)
    wall = time.perf_counter() - t0
    inst = compile_instance(problem)
    # heads on shift (breaks included: breaks are part of shrinkage in the requirement)
    no_breaks = type(result.roster)(result.roster.start_date, result.roster.n_days,
                                    tuple(s.__class__(**{**s.__dict__, "breaks": ()}) for s in result.roster.shifts))
    heads = duty_by_group(inst, no_breaks)
    out = {"size": size, "agents": n, "days": days, "time_limit_s": limit, "status": result.status,
           "wall_s": round(wall, 1), "first_feasible_s": round(first[0], 1) if first else None,
           "objective": result.objective, "bound": result.bound, "gap": round(result.gap, 4),
           "paid_h": round(sum(s.paid_min for s in result.roster.shifts) / 60, 1),
           "shifts": len(result.roster.shifts), "violations": len(validate(result.roster, problem)),
           "stages": result.stages, "trace_tail": trace[-3:]}
    out.update(predicted_service(problem, heads, [sk for sk, _ in inst.groups]))
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def run_peer(size: str, model: str, time_scale: float) -> dict:
    from pyworkforce.scheduling import MinAbsDifference, MinRequiredResources
    n, days, limit = SIZES[size]
    limit *= time_scale
    problem = make_problem(n, days, seed=7)
    s = problem.scenario
    im = s.interval_min
    per_day = MINUTES_PER_DAY // im
    total = np.asarray(problem.required).sum(axis=0).reshape(days, per_day)
    coverage, paid = {}, {}
    for t in s.templates:
        for st in t.start_mins:
            row = [0] * per_day
            for p in range(st // im, min(per_day, (st + t.length_min) // im)):
                row[p] = 1
            coverage[f"{t.name}@{st}"] = row
            paid[f"{t.name}@{st}"] = t.paid_min
    cls = MinAbsDifference if model == "MinAbsDifference" else MinRequiredResources
    t0 = time.perf_counter()
    solver = cls(num_days=days, periods=per_day, shifts_coverage=coverage, required_resources=total.tolist(),
                 max_period_concurrency=n, max_shift_concurrency=n, max_search_time=limit, num_search_workers=2)
    sol = solver.solve()
    wall = time.perf_counter() - t0
    heads = np.zeros(days * per_day)
    paid_min = 0
    for r in sol["resources_shifts"]:
        if r["resources"] <= 0:
            continue
        d, name = r["day"], r["shift"]
        row = np.array(coverage[name]) * r["resources"]
        heads[d * per_day:(d + 1) * per_day] += row
        paid_min += paid[name] * r["resources"]
    out = {"size": size, "model": model, "status": sol["status"], "wall_s": round(wall, 1),
           "paid_h": round(paid_min / 60, 1), "max_heads_on_duty": int(heads.max())}
    all_queues = frozenset(range(len(s.queues)))
    out.update(predicted_service(problem, heads[None, :], [all_queues]))
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="S,M,L")
    ap.add_argument("--time-scale", type=float, default=1.0, help="multiply every time limit (quick runs)")
    ap.add_argument("--peers", default="MinAbsDifference,MinRequiredResources")
    ap.add_argument("--one", help=argparse.SUPPRESS)          # internal: run one job in this process
    ap.add_argument("--out", type=Path, default=None, help="append JSON lines here")
    args = ap.parse_args()
    if args.one:
        size, who = args.one.split(":")
        res = run_ours(size, args.time_scale) if who == "ours" else run_peer(size, who, args.time_scale)
        print(json.dumps(res, default=str))
        return 0
    jobs = [(size, who) for size in args.sizes.split(",") for who in ["ours", *filter(None, args.peers.split(","))]]
    for size, who in jobs:
        cmd = [sys.executable, __file__, "--one", f"{size}:{who}", "--time-scale", str(args.time_scale)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        line = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else json.dumps(
            {"size": size, "who": who, "error": proc.stderr[-2000:]})
        print(line, flush=True)
        if args.out:
            with args.out.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
