"""Seeded generator of contact centres like the sample, for roster tests and benchmarks.

Four queues configured like the sample (phone 24/7 with Erlang A patience, phone_vip 08–22 as
the VIP line of phone, chat 08–24 with concurrency 2, email 08–20 as deferred work: 96 % within
2 opening hours), three skill teams, ~1/6 VIP-certified, full-time / part-time / weekend
contracts, ~1/4 of full-timers night-capable. Demand has an intraday double peak and a weekly
shape, sized to the head count so every size is about equally tight.

Requirements and marginal values come from the product's capacity engine exactly as the app
builds them: ``planner.staffing.requirements.requirements`` on a forecast frame, then
``PlanSession.build_problem`` (marginal tables from ``planner.staffing.marginal``). Rosters are
scored with ``planner.evaluation.evaluate_roster``, the scorer the app shows.

    case = make_case(50, 14, seed=7)      # problem + forecast frame + requirements
    score(case, roster)                   # {"sl": …, "sl_by_queue": {…}, "shortfall_head_h": …}
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd

from planner.domain import (MINUTES_PER_DAY, Agent, Contract, CoverFloor, Queue, Roster, Rules, Scenario,
                            ShiftTemplate, TimeOff)
from planner.evaluation import evaluate_roster, horizon_index, overall_service
from planner.rostering.instance import RosterOptions, RosterProblem
from planner.service import PlanSession
from planner.staffing.requirements import requirements

START = dt.date(2026, 1, 5)   # a Monday


def queue_set() -> tuple[Queue, ...]:
    """The sample's four queues; shrinkage excludes the breaks the roster places."""
    return (
        Queue("phone", "voice", 0, 1440, 0.8, 20.0, patience_s=120.0, max_occupancy=0.88,
              shrinkage=0.15, aht_s=300.0),
        Queue("phone_vip", "voice", 8 * 60, 22 * 60, 0.9, 10.0, patience_s=150.0, max_occupancy=0.85,
              shrinkage=0.15, vip_of="phone", aht_s=360.0),
        Queue("chat", "chat", 8 * 60, 1440, 0.8, 30.0, patience_s=180.0, max_occupancy=0.85,
              concurrency=2, shrinkage=0.15, aht_s=600.0),
        Queue("email", "email", 8 * 60, 20 * 60, 0.96, 7200.0, max_occupancy=0.95, deferred_pct=0.96,
              deferred_hours=2.0, shrinkage=0.15, aht_s=480.0),
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


def forecast_frame(scenario: Scenario, start: dt.date, n_days: int, volume: np.ndarray) -> pd.DataFrame:
    """The long forecast frame (start, queue, volume, aht_s) the capacity engine reads."""
    index = horizon_index(start, n_days, scenario.interval_min)
    return pd.concat([pd.DataFrame({"start": index, "queue": q.name, "volume": volume[k], "aht_s": q.aht_s})
                      for k, q in enumerate(scenario.queues)], ignore_index=True)


@dataclass(frozen=True)
class Centre:
    """A generated centre: the roster problem and the forecast/requirements it was built from."""

    problem: RosterProblem
    forecast: pd.DataFrame
    requirements: pd.DataFrame


def build_from_forecast(scenario: Scenario, start: dt.date, n_days: int, frame: pd.DataFrame,
                        options: RosterOptions | None = None) -> Centre:
    """Requirements and the roster problem exactly as the app builds them (``PlanSession``)."""
    reqs = requirements(frame, scenario.queues, scenario.interval_min)
    session = PlanSession(scenario, pd.DataFrame({"start": pd.to_datetime([]), "queue": []}))
    session.start_date, session.n_days = start, n_days
    session.forecast = SimpleNamespace(frame=frame, model_by_queue={})
    session.requirements = reqs
    problem = session.build_problem()
    if options is not None:
        problem = dataclasses.replace(problem, options=options)
    return Centre(problem, frame, reqs)


def make_scenario(n_agents: int, n_days: int, seed: int = 0, interval_min: int = 15,
                  time_off: bool = True) -> Scenario:
    rng = np.random.default_rng(seed)
    floors = (CoverFloor("phone", 0, 8 * 60, max(1, n_agents // 40)),
              CoverFloor("phone_vip", 8 * 60, 22 * 60, 1, vip_only=True))
    return Scenario(name=f"centre-{n_agents}x{n_days}d-s{seed}", queues=queue_set(),
                    agents=agents(n_agents, rng, START, n_days, time_off), contracts=contracts(),
                    templates=templates(), rules=Rules(), floors=floors, interval_min=interval_min,
                    start_date=START)


TIGHTNESS = 0.8   # required head-hours ÷ the agents' maximum paid hours, at every size


def make_case(n_agents: int = 48, n_days: int = 7, seed: int = 0, interval_min: int = 15,
              options: RosterOptions | None = None, time_off: bool = True) -> Centre:
    """A generated centre with requirements and marginal values from the capacity engine.

    Staffing has economies of scale (Erlang), so demand proportional to heads would make small
    centres tight and large ones slack; the volume is rescaled once so the requirement is
    ``TIGHTNESS`` of the agents' contracted maximum hours at every size.
    """
    scenario = make_scenario(n_agents, n_days, seed, interval_min, time_off)
    rng = np.random.default_rng(seed + 1)
    volume = demand(scenario.queues, n_days, interval_min, heads=n_agents, rng=rng)
    max_paid_h = sum(scenario.contract(a.contract).max_week_min for a in scenario.agents) / 60 * n_days / 7
    for _ in range(2):
        reqs = requirements(forecast_frame(scenario, START, n_days, volume), scenario.queues, interval_min)
        need_h = float(reqs["agents_required"].sum()) * interval_min / 60
        volume = volume * (TIGHTNESS * max_paid_h / max(need_h, 1e-9))
    return build_from_forecast(scenario, START, n_days, forecast_frame(scenario, START, n_days, volume), options)


def make_problem(n_agents: int = 48, n_days: int = 7, seed: int = 0, interval_min: int = 15,
                 marginal: bool = True, options: RosterOptions | None = None,
                 time_off: bool = True) -> RosterProblem:
    """The roster problem of :func:`make_case` (without marginal values if ``marginal`` is False)."""
    problem = make_case(n_agents, n_days, seed, interval_min, options, time_off).problem
    return problem if marginal else dataclasses.replace(problem, marginal=None)


def score(centre: Centre, roster: Roster, scenario: Scenario | None = None) -> dict[str, object]:
    """The app's predicted service for a roster: overall and per queue SL, shortfall in head-hours.

    ``scenario`` overrides the centre's (the peers' rosters use stand-in agents).
    """
    s = scenario or centre.problem.scenario
    ev = evaluate_roster(s, roster, centre.forecast, centre.requirements)
    frame = ev.interval
    answered = float((frame["service_level"] * frame["volume"]).sum())
    short = float(np.maximum(0.0, frame["required"] - frame["scheduled"]).sum()) * s.interval_min / 60
    return {"sl": round(answered / max(1e-9, float(frame["volume"].sum())), 4),
            "sl_by_queue": {q: round(v, 4) for q, v in overall_service(frame).items()},
            "shortfall_head_h": round(short, 1),
            "required_head_h": round(float(frame["required"].sum()) * s.interval_min / 60, 1)}
