"""Roster → heads per queue per interval → predicted service level."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from planner.domain import Agent, Contract, Queue, Roster, Scenario, Shift, ShiftTemplate
from planner.evaluation import allocate, daily_service, duty_matrix, evaluate_roster, horizon_index

MONDAY = dt.date(2025, 12, 1)


def test_duty_matrix_cuts_breaks_and_crosses_midnight() -> None:
    shifts = (
        Shift("a", MONDAY, "D", 8 * 60, 17 * 60, 60, breaks=((12 * 60, 13 * 60),)),
        Shift("b", MONDAY, "N", 22 * 60, 32 * 60, 0),  # 22:00 → 08:00 next day
    )
    duty = duty_matrix(Roster(MONDAY, 2, shifts), ["a", "b"], 60)
    assert duty.shape == (2, 48)
    assert duty[0].sum() == 8                       # 9 h shift minus 1 h lunch
    assert not duty[0, 12] and duty[0, 11] and duty[0, 13]
    assert list(np.flatnonzero(duty[1])) == list(range(22, 32))


def test_duty_matrix_cuts_shift_at_horizon_end() -> None:
    shifts = (Shift("b", MONDAY, "N", 22 * 60, 32 * 60, 0),)
    duty = duty_matrix(Roster(MONDAY, 1, shifts), ["b"], 60)
    assert duty[0].sum() == 2                       # 22:00–24:00 only


def _gains(*rows: list[float]) -> list[np.ndarray]:
    """One interval: per queue, the value of its 1st, 2nd, … head."""
    return [np.array([r], dtype=float) for r in rows]


def test_allocate_gives_the_flexible_agent_where_the_next_head_is_worth_most() -> None:
    # agents 0,1 phone only; agent 2 phone+chat; agent 3 chat only
    duty = np.ones((4, 1), dtype=bool)
    skills = [frozenset({0}), frozenset({0}), frozenset({0, 1}), frozenset({1})]
    volume = np.array([[10.0], [10.0]])
    is_open = np.ones((2, 1), dtype=bool)
    # phone's 3rd head is worth 6, chat's 2nd only 1: the flexible agent works phone
    alloc = allocate(duty, skills, _gains([10, 8, 6, 1], [9, 1, 0.5, 0]), volume, is_open)
    assert alloc[:, 0].tolist() == [3, 1]
    # chat's 2nd head worth 7 beats phone's 3rd (6): it works chat
    alloc = allocate(duty, skills, _gains([10, 8, 6, 1], [9, 7, 0.5, 0]), volume, is_open)
    assert alloc[:, 0].tolist() == [2, 2]


def test_allocate_places_heads_beyond_the_valued_range_on_the_busiest_open_queue() -> None:
    duty = np.ones((3, 1), dtype=bool)
    skills = [frozenset({0, 1, 2})] * 3
    volume = np.array([[30.0], [10.0], [50.0]])
    is_open = np.array([[True], [True], [False]])
    alloc = allocate(duty, skills, _gains([0], [0], [5, 5, 5]), volume, is_open)
    assert alloc[:, 0].tolist() == [3, 0, 0]          # queue 2 is closed whatever its value


def _best_by_enumeration(skills: list[frozenset[int]], gains: list[list[float]]) -> float:
    """The most value any assignment of agents to queues (or to none) can give."""
    import itertools
    best = 0.0
    options = [sorted(s) + [-1] for s in skills]
    for choice in itertools.product(*options):
        counts = [choice.count(q) for q in range(len(gains))]
        best = max(best, sum(sum(g[:c]) for g, c in zip(gains, counts)))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_allocate_is_optimal_against_enumerating_every_assignment(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_agents, n_q = int(rng.integers(1, 7)), int(rng.integers(1, 4))
    skills = []
    for _ in range(n_agents):
        sk = frozenset(int(q) for q in np.flatnonzero(rng.random(n_q) < 0.6))
        skills.append(sk or frozenset({int(rng.integers(n_q))}))
    gains = [sorted(rng.uniform(0, 10, n_agents).round(2).tolist(), reverse=True) for _ in range(n_q)]
    alloc = allocate(np.ones((n_agents, 1), dtype=bool), skills, [np.array([g]) for g in gains],
                     np.ones((n_q, 1)), np.ones((n_q, 1), dtype=bool))
    value = sum(sum(g[:c]) for g, c in zip(gains, alloc[:, 0]))
    assert value == pytest.approx(_best_by_enumeration(skills, gains))
    assert alloc[:, 0].sum() == n_agents               # everyone on duty works some queue


def _scenario() -> Scenario:
    q = Queue("phone", "voice", target_sl=0.8, answer_s=20, shrinkage=0.0, max_occupancy=1.0, aht_s=180)
    agents = tuple(Agent(f"a{i}", f"Agent {i}", "enquiries", "ft", ("phone",)) for i in range(14))
    return Scenario("t", (q,), agents, (Contract("ft", 0, 2400, ("D",)),), (ShiftTemplate("D", (0,), 480),),
                    interval_min=30)


def test_evaluate_roster_matches_erlang_c_worked_example() -> None:
    # DOMAIN.md: 100 calls / 30 min, AHT 180 s, 14 agents → SL 88.8 %; 13 → 79.6 %
    s = _scenario()
    index = horizon_index(MONDAY, 1, 30)
    forecast = pd.DataFrame({"start": index, "queue": "phone", "volume": 0.0, "aht_s": 180.0})
    forecast.loc[16, "volume"] = 100.0              # 08:00–08:30
    req = forecast.assign(agents_required=np.where(forecast["volume"] > 0, 14, 0))
    for heads, sl in ((14, 0.888), (13, 0.796)):
        shifts = tuple(Shift(f"a{i}", MONDAY, "D", 8 * 60, 16 * 60) for i in range(heads))
        ev = evaluate_roster(s, Roster(MONDAY, 1, shifts), forecast, req)
        row = ev.interval.iloc[16]
        assert row["scheduled"] == pytest.approx(heads)
        assert row["service_level"] == pytest.approx(sl, abs=0.001)
        assert bool(row["understaffed"]) == (heads < 14)
        day = ev.daily.iloc[0]
        assert day["service_level"] == pytest.approx(sl, abs=0.001)   # only interval with volume


def test_daily_service_is_volume_weighted() -> None:
    frame = pd.DataFrame({"start": pd.to_datetime(["2025-12-01 08:00", "2025-12-01 09:00"]),
                          "queue": "phone", "volume": [100.0, 300.0], "service_level": [0.5, 0.9],
                          "understaffed": [True, False]})
    daily = daily_service(frame)
    assert daily["service_level"].iloc[0] == pytest.approx((50 + 270) / 400)
    assert daily["understaffed_intervals"].iloc[0] == 1
