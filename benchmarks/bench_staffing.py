"""Speed of the capacity engine, with pyworkforce's Erlang C on the same inputs in the same run.

(a) ``requirements`` for 100,000 intervals: 4 queues × 25,000 fifteen-minute intervals (about
    260 days): phone (Erlang C), phone_vip (its VIP line, staffed as a dedicated line), hotline
    (Erlang A, 90 s patience, abandonment ≤ 8 %) and chat (3 chats per agent). Median of 5.
    The same at 4 × 100,000 intervals is reported too (median of 3).
(b) the evaluator on 4 queues × 4 weeks × 96 intervals: ``evaluate_queue`` per queue on
    fractional available agents (each line on its own heads, as ``planner.evaluation`` does),
    with and without ASA. Median of 50.
(c) pyworkforce ``ErlangC`` on the phone queue's Erlang C inputs (one object per interval, as
    its API takes them): agents required for 80 % in 20 s at ≤ 90 % occupancy, and the service
    level at those agents, against ours on the same intervals; time and agreement.

Run (a few minutes, most of it pyworkforce):

    .venv/bin/python benchmarks/bench_staffing.py [--pyworkforce-intervals 25000]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.domain import Queue  # noqa: E402
from planner.staffing.erlang import erlang_c_metrics  # noqa: E402
from planner.staffing.evaluate import evaluate_queue  # noqa: E402
from planner.staffing.live import required_live_agents  # noqa: E402
from planner.staffing.requirements import requirements  # noqa: E402

INTERVAL_MIN = 15
SEED = 11

QUEUES = (
    Queue("phone", channel="voice", target_sl=0.8, answer_s=20, max_occupancy=0.9, shrinkage=0.3, aht_s=300),
    Queue("phone_vip", channel="voice", target_sl=0.9, answer_s=10, max_occupancy=0.85, shrinkage=0.3,
          vip_of="phone", aht_s=360, open_from_min=8 * 60, open_to_min=22 * 60),
    Queue("hotline", channel="voice", target_sl=0.8, answer_s=30, patience_s=90, max_abandon=0.08,
          max_occupancy=0.9, shrinkage=0.3, aht_s=240),
    Queue("chat", channel="chat", target_sl=0.8, answer_s=30, concurrency=3, max_occupancy=0.9,
          shrinkage=0.25, aht_s=600, open_from_min=8 * 60, open_to_min=24 * 60),
)
PEAK_PER_INTERVAL = {"phone": 160.0, "phone_vip": 18.0, "hotline": 70.0, "chat": 60.0}


def forecast_frame(n_intervals: int, seed: int = SEED) -> pd.DataFrame:
    """Seeded 15-minute forecast per queue: intraday double peak, weekly shape, noise."""
    rng = np.random.default_rng(seed)
    start = pd.date_range("2026-01-05", periods=n_intervals, freq=f"{INTERVAL_MIN}min")
    hour = start.hour.to_numpy() + start.minute.to_numpy() / 60.0
    day = np.exp(-((hour - 10.5) / 2.2) ** 2) + 0.8 * np.exp(-((hour - 15.5) / 2.5) ** 2) + 0.03
    week = np.where(start.dayofweek.to_numpy() >= 5, 0.7, 1.0)
    frames = []
    for q in QUEUES:
        mean = PEAK_PER_INTERVAL[q.name] * day * week
        volume = rng.poisson(mean).astype(float)
        aht = q.aht_s * rng.normal(1.0, 0.08, n_intervals).clip(0.7, 1.3)
        frames.append(pd.DataFrame({"start": start, "queue": q.name, "volume": volume, "aht_s": aht}))
    return pd.concat(frames, ignore_index=True)


def median_s(fn: Callable[[], object], runs: int, warmup: int = 1) -> tuple[float, list[float]]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def bench_requirements(n_per_queue: int, runs: int) -> tuple[float, pd.DataFrame]:
    frame = forecast_frame(n_per_queue)
    med, times = median_s(lambda: requirements(frame, QUEUES, INTERVAL_MIN), runs)
    req = requirements(frame, QUEUES, INTERVAL_MIN)
    print(f"(a) requirements, {len(frame):,} intervals ({len(QUEUES)} queues × {n_per_queue:,}): "
          f"median {med * 1000:.0f} ms of {runs} ({', '.join(f'{t * 1000:.0f}' for t in times)} ms); "
          f"peak agents_net {req.groupby('queue')['agents_net'].max().to_dict()}")
    return med, req


def bench_evaluator(runs: int) -> dict[str, float]:
    n_t = 4 * 7 * 96
    frame = forecast_frame(n_t, seed=SEED + 1)
    req = requirements(frame, QUEUES, INTERVAL_MIN)
    rng = np.random.default_rng(SEED)
    by = {q.name: req.loc[req["queue"] == q.name] for q in QUEUES}
    # a hand-edited roster: the requirement give or take a head, after shrinkage
    avail = {q.name: np.maximum(by[q.name]["agents_required"].to_numpy() + rng.integers(-1, 2, n_t), 0)
             * (1.0 - q.shrinkage) for q in QUEUES}
    vol = {q.name: by[q.name]["volume"].to_numpy() for q in QUEUES}
    aht = {q.name: by[q.name]["aht_s"].to_numpy() for q in QUEUES}

    def evaluate_all(with_asa: bool) -> None:
        for q in QUEUES:   # every line on its own heads, VIP lines included, as planner.evaluation does
            evaluate_queue(q, vol[q.name], aht[q.name], avail[q.name], INTERVAL_MIN, with_asa=with_asa)

    out = {}
    for with_asa in (True, False):
        med, times = median_s(lambda: evaluate_all(with_asa), runs, warmup=3)
        out["with ASA" if with_asa else "without ASA"] = med
        print(f"(b) evaluator, 4 queues × {n_t} intervals, {'with' if with_asa else 'without'} ASA: "
              f"median {med * 1000:.2f} ms of {runs} (min {min(times) * 1000:.2f}, max {max(times) * 1000:.2f})")
    return out


def bench_pyworkforce(n_intervals: int) -> dict[str, float]:
    from pyworkforce.queuing import ErlangC

    q = Queue("phone_c", channel="voice", target_sl=0.8, answer_s=20, max_occupancy=0.9, shrinkage=0.0, aht_s=300)
    frame = forecast_frame(n_intervals)
    f = frame.loc[(frame["queue"] == "phone") & (frame["volume"] > 0)]
    volume, aht = f["volume"].to_numpy(), f["aht_s"].to_numpy()
    lam = volume / (INTERVAL_MIN * 60.0)

    def ours() -> tuple[np.ndarray, np.ndarray]:
        n = required_live_agents(q, lam, aht)
        return n, erlang_c_metrics(n, lam, aht, q.answer_s).service_level

    def theirs() -> tuple[np.ndarray, np.ndarray]:
        n_out, sl_out = np.empty(len(volume), dtype=np.int64), np.empty(len(volume))
        for i, (v, a) in enumerate(zip(volume, aht)):
            r = ErlangC(transactions=v, aht=a / 60.0, asa=q.answer_s / 60.0, interval=INTERVAL_MIN)
            res = r.required_positions(service_level=q.target_sl, max_occupancy=q.max_occupancy)
            n_out[i], sl_out[i] = res["raw_positions"], res["service_level"]
        return n_out, sl_out

    t_ours, _ = median_s(ours, 5)
    t_theirs, _ = median_s(theirs, 3, warmup=0)
    n_p, sl_p = theirs()
    n_o, sl_o = ours()
    same_n = float(np.mean(n_o == n_p))
    sl_diff = float(np.max(np.abs(sl_o - sl_p)))
    # the same check on a fixed staffing: service level for N = ceil(load) + 2
    fixed = np.floor(lam * aht).astype(np.int64) + 2
    sl_fixed_o = erlang_c_metrics(fixed, lam, aht, q.answer_s).service_level
    sl_fixed_p = np.array([ErlangC(transactions=v, aht=a / 60.0, asa=q.answer_s / 60.0, interval=INTERVAL_MIN)
                           .service_level(int(n)) for v, a, n in zip(volume, aht, fixed)])
    fixed_diff = float(np.max(np.abs(sl_fixed_o - sl_fixed_p)))
    print(f"(c) Erlang C staffing for {len(volume):,} intervals: ours {t_ours * 1000:.1f} ms (median of 5), "
          f"pyworkforce {t_theirs * 1000:.0f} ms (median of 3), ratio {t_theirs / t_ours:.0f}×; "
          f"same agents in {same_n:.2%} of intervals, max |SL diff| {sl_diff:.2e}; "
          f"SL at N = ⌊A⌋+2: max |diff| {fixed_diff:.2e}")
    return {"ours_s": t_ours, "theirs_s": t_theirs, "same_agents": same_n, "sl_diff": sl_diff,
            "fixed_sl_diff": fixed_diff, "n": len(volume)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pyworkforce-intervals", type=int, default=25_000,
                    help="intervals of the phone queue to staff with both libraries (default 25,000)")
    ap.add_argument("--skip-large", action="store_true", help="skip the 4 × 100,000 requirement run")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start")
    req_s, _ = bench_requirements(25_000, runs=5)
    if not args.skip_large:
        bench_requirements(100_000, runs=3)
    bench_evaluator(runs=50)
    bench_pyworkforce(args.pyworkforce_intervals)
    print(f"load average {os.getloadavg()[0]:.2f} at end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
