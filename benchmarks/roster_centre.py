"""Seeded generator of contact centres like the sample, for roster tests and benchmarks.

Four queues (phone 24/7, phone_vip 08–22, chat 08–24, email 08–20), three skill teams, ~1/6
VIP-certified, full-time / part-time / weekend contracts, ~1/4 night-capable. Demand has an
intraday double peak and a weekly shape; requirements and marginal values come from Erlang C
(a local copy so this generator has no dependency on the staffing package being finished).

``make_problem(n_agents, n_days, seed)`` returns a ``RosterProblem``; the centre scales the
demand with the head count so every size is about equally tight.
"""
from __future__ import annotations

import datetime as dt
import math

import numpy as np

from planner.domain import Agent, Contract, CoverFloor, Queue, Rules, Scenario, ShiftTemplate, TimeOff
from planner.rostering.instance import RosterOptions, RosterProblem

MARGINAL_SCALE = 1000
START = dt.date(2026, 1, 5)   # a Monday


def erlang_c_sl(volume: float, aht_s: float, agents: float, interval_min: int, answer_s: float) -> float:
    """Erlang C service level for (possibly fractional) agents, linear between integers."""
    if volume <= 0:
        return 1.0
    a = volume * aht_s / (interval_min * 60.0)
    lo = math.floor(agents)

    def sl(n: int) -> float:
        if n <= a:
            return 0.0
        inv_b = 1.0   # Erlang B by recursion, then C
        for k in range(1, n + 1):
            inv_b = 1.0 + inv_b * k / a
        b = 1.0 / inv_b
        c = n * b / (n - a * (1 - b))
        return max(0.0, 1.0 - c * math.exp(-(n - a) * answer_s / aht_s))

    f = agents - lo
    return sl(lo) if f == 0 else (1 - f) * sl(lo) + f * sl(lo + 1)


def queue_set() -> tuple[Queue, ...]:
    return (
        Queue("phone", "voice", 0, 1440, 0.8, 20.0, shrinkage=0.30, aht_s=300.0),
        Queue("phone_vip", "voice", 8 * 60, 22 * 60, 0.9, 15.0, shrinkage=0.30, vip_of="phone", aht_s=360.0),
        Queue("chat", "chat", 8 * 60, 1440, 0.8, 60.0, shrinkage=0.30, concurrency=2, aht_s=600.0),
        Queue("email", "email", 8 * 60, 20 * 60, 0.9, 3600.0, shrinkage=0.30, aht_s=480.0),
    )


def templates() -> tuple[ShiftTemplate, ...]:
    day_starts = tuple(range(6 * 60, 14 * 60 + 1, 30))
    return (
        ShiftTemplate("day8", day_starts, 510, 30),                        # 8 h paid + 30 min lunch
        ShiftTemplate("late8", tuple(range(14 * 60 + 30, 16 * 60 + 1, 30)), 510, 30),
        ShiftTemplate("night8", (22 * 60, 23 * 60), 510, 30),
        ShiftTemplate("part4", tuple(range(8 * 60, 19 * 60 + 1, 60)), 240, 0),
        ShiftTemplate("part6", tuple(range(8 * 60, 17 * 60 + 1, 60)), 390, 30),
    )


def contracts() -> tuple[Contract, ...]:
    return (
        Contract("full_time", 38 * 60, 40 * 60, ("day8", "late8", "night8"), max_days_per_week=5,
                 min_days_per_week=4, max_consecutive_days=6),
        Contract("part_time", 16 * 60, 24 * 60, ("part4", "part6"), max_days_per_week=5, max_consecutive_days=5),
        Contract("weekend", 0, 16 * 60, ("day8", "part6"), max_days_per_week=2, weekend_only=True),
    )


def agents(n: int, rng: np.random.Generator, start: dt.date, n_days: int, time_off: bool = True) -> tuple[Agent, ...]:
    teams = (("enquiries", ("phone", "chat")), ("complaints", ("phone", "email")),
             ("technical", ("phone", "chat", "email")))
    out = []
    for i in range(n):
        team, qs = teams[i % 3]
        vip = i % 6 == 0
        contract = "full_time" if i % 10 < 7 else ("part_time" if i % 10 < 9 else "weekend")
        night = contract == "full_time" and i % 4 == 1
        qset = tuple(qs) + (("phone_vip",) if vip else ())
        off: tuple[TimeOff, ...] = ()
        if time_off and rng.random() < 0.1:
            d0 = start + dt.timedelta(days=int(rng.integers(0, n_days)))
            off = (TimeOff(d0, d0 + dt.timedelta(days=int(rng.integers(0, 3))), "leave"),)
        out.append(Agent(f"A{i:04d}", f"Agent {i}", team, contract, qset, vip=vip, night_capable=night,
                         time_off=off))
    return tuple(out)


def demand(queues: tuple[Queue, ...], n_days: int, interval_min: int, heads: float,
           rng: np.random.Generator) -> np.ndarray:
    """Forecast contacts (n_queues, n_t) with intraday/weekly shapes, sized to the head count."""
    per_day = MINUTES_PER_DAY // interval_min
    hours = (np.arange(per_day) * interval_min) / 60.0
    shape = np.exp(-((hours - 10.5) / 2.2) ** 2) + 0.8 * np.exp(-((hours - 15.5) / 2.5) ** 2) + 0.06
    share = {"phone": 0.55, "phone_vip": 0.08, "chat": 0.22, "email": 0.15}
    weekly = np.array([1.15, 1.05, 1.0, 1.0, 0.95, 0.75, 0.65])
    vol = np.zeros((len(queues), n_days * per_day))
    for k, q in enumerate(queues):
        open_ = np.array([q.is_open(int(h * 60)) for h in hours])
        # available agent-seconds per interval ≈ heads on duty × 0.7 × occupancy, in contacts
        base = heads * 0.10 * share[q.name] * interval_min * 60 / q.aht_s * 0.85 * max(1, q.concurrency)
        for d in range(n_days):
            wd = (START + dt.timedelta(days=d)).weekday()
            noise = rng.normal(1.0, 0.08, per_day).clip(0.7, 1.3)
            vol[k, d * per_day:(d + 1) * per_day] = base * shape / shape.mean() * weekly[wd] * noise * open_
    return vol


MINUTES_PER_DAY = 1440


def requirement_and_marginal(queues: tuple[Queue, ...], volume: np.ndarray, interval_min: int,
                             k_max: int) -> tuple[np.ndarray, np.ndarray]:
    """Scheduled heads needed per queue-interval and the integer gain of the k-th head."""
    n_q, n_t = volume.shape
    required = np.zeros((n_q, n_t), dtype=np.int64)
    marginal = np.zeros((n_q, n_t, k_max), dtype=np.int64)
    for k, q in enumerate(queues):
        aht = q.aht_s / max(1, q.concurrency)
        cache: dict[float, tuple[int, np.ndarray]] = {}
        for t in range(n_t):
            v = float(round(volume[k, t], 1))
            if v <= 0:
                continue
            if v not in cache:
                answered = [erlang_c_sl(v, aht, j * (1 - q.shrinkage), interval_min, q.answer_s) * v
                            for j in range(k_max + 1)]
                gain = np.maximum(np.diff(answered), 0.0)
                gain = np.minimum.accumulate(gain)
                need = next((j for j in range(k_max + 1)
                             if erlang_c_sl(v, aht, j * (1 - q.shrinkage), interval_min, q.answer_s) >= q.target_sl),
                            k_max)
                cache[v] = (need, np.rint(gain * MARGINAL_SCALE).astype(np.int64))
            required[k, t], marginal[k, t] = cache[v]
    return required, marginal


def make_scenario(n_agents: int, n_days: int, seed: int = 0, interval_min: int = 15,
                  time_off: bool = True) -> Scenario:
    rng = np.random.default_rng(seed)
    floors = (CoverFloor("phone", 0, 8 * 60, max(1, n_agents // 40)),
              CoverFloor("phone_vip", 8 * 60, 22 * 60, 1, vip_only=True))
    return Scenario(name=f"centre-{n_agents}x{n_days}d-s{seed}", queues=queue_set(),
                    agents=agents(n_agents, rng, START, n_days, time_off), contracts=contracts(),
                    templates=templates(), rules=Rules(), floors=floors, interval_min=interval_min,
                    start_date=START)


def make_problem(n_agents: int = 48, n_days: int = 7, seed: int = 0, interval_min: int = 15,
                 marginal: bool = True, options: RosterOptions | None = None,
                 time_off: bool = True) -> RosterProblem:
    """A generated centre as a roster problem (requirements, volumes, marginal values)."""
    scenario = make_scenario(n_agents, n_days, seed, interval_min, time_off)
    rng = np.random.default_rng(seed + 1)
    volume = demand(scenario.queues, n_days, interval_min, heads=n_agents, rng=rng)
    k_max = max(6, int(n_agents * 0.35))
    required, table = requirement_and_marginal(scenario.queues, volume, interval_min, k_max)
    return RosterProblem(scenario=scenario, start_date=START, n_days=n_days, required=required,
                         volume=volume, marginal=table if marginal else None,
                         options=options or RosterOptions())
