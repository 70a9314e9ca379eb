"""Analytic queue models against discrete-event simulation (benchmarks/sim_models.py, simpy).

The slow tests replicate each simulation until its 95 % confidence half-width is at most 1 pp
and require the analytic service level within 2 pp of the simulated one, so a model error of a
few points cannot hide in the noise. The fast test checks the simulator itself on M/M/1, whose
answers are textbook: P(wait) = ρ, mean wait ρ/(μ − λ), SL(T) = 1 − ρ·e^{−(μ−λ)T}.
"""
from __future__ import annotations

import math
from typing import Callable

import pytest

from benchmarks.sim_models import Estimate, replicate, simulate_chat, simulate_priority, simulate_voice
from planner.staffing.erlang import erlang_a_metrics, erlang_c_metrics, priority_pool_metrics

TARGET = 0.02        # |analytic − simulated| service level
CI = 0.01            # 95 % half-width the simulation must reach for the comparison to count


def _run(fn: Callable[[int, int], dict[str, float]], watch: tuple[str, ...], seed: int) -> Estimate:
    est = replicate(fn, seed=seed, arrivals_per_rep=20_000, min_reps=10, max_reps=100,
                    target_half_width=CI, watch=watch)
    for key in watch:
        assert est.half_width[key] <= CI, f"simulation not decisive for {key}: ±{est.half_width[key]:.3f}"
    return est


def test_simulator_reproduces_mm1() -> None:
    lam, aht_s, answer_s = 0.005, 100.0, 60.0          # ρ = 0.5
    rho, mu = lam * aht_s, 1.0 / aht_s
    r = simulate_voice(1, lam, aht_s, answer_s, None, n_arrivals=30_000, seed=3)
    assert r["p_wait"] == pytest.approx(rho, abs=0.02)
    assert r["occupancy"] == pytest.approx(rho, abs=0.02)
    assert r["asa_s"] == pytest.approx(rho / (mu - lam), abs=15.0)
    assert r["service_level"] == pytest.approx(1 - rho * math.exp(-(mu - lam) * answer_s), abs=0.022)
    assert r["p_abandon"] == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("n, rho, aht_s, patience_s, answer_s", [
    (11, 10 / 11, 180.0, 120.0, 20.0),    # DOMAIN.md worked example
    (30, 0.90, 180.0, 600.0, 20.0),
    (20, 1.05, 180.0, 120.0, 20.0),       # offered load above the agents: only patience keeps it stable
])
def test_erlang_a_matches_simulation(n: int, rho: float, aht_s: float, patience_s: float, answer_s: float) -> None:
    lam = rho * n / aht_s
    m = erlang_a_metrics(n, lam, aht_s, answer_s, patience_s)
    est = _run(lambda arr, s: simulate_voice(n, lam, aht_s, answer_s, patience_s, arr, s),
               ("service_level", "p_abandon"), seed=n)
    assert float(m.service_level) == pytest.approx(est.mean["service_level"], abs=TARGET)
    assert float(m.p_abandon) == pytest.approx(est.mean["p_abandon"], abs=TARGET)
    assert float(m.asa_s) == pytest.approx(est.mean["asa_s"], rel=0.1)


@pytest.mark.slow
@pytest.mark.parametrize("agents, concurrency, rho, aht_s, answer_s", [
    (5, 3, 0.85, 480.0, 30.0), (10, 2, 0.90, 360.0, 30.0)])
def test_chat_slots_match_simulation(agents: int, concurrency: int, rho: float, aht_s: float,
                                     answer_s: float) -> None:
    servers = agents * concurrency
    lam = rho * servers / aht_s
    m = erlang_c_metrics(servers, lam, aht_s, answer_s)
    est = _run(lambda arr, s: simulate_chat(agents, concurrency, lam, aht_s, answer_s, arr, s),
               ("service_level",), seed=agents)
    assert float(m.service_level) == pytest.approx(est.mean["service_level"], abs=TARGET)


@pytest.mark.slow
@pytest.mark.parametrize("n, rho, vip_share, aht_s, answer_vip_s, answer_ord_s", [
    (14, 10 / 14, 0.2, 180.0, 10.0, 20.0), (20, 0.85, 0.3, 240.0, 15.0, 30.0), (40, 0.85, 0.5, 300.0, 20.0, 60.0)])
def test_priority_pool_matches_simulation(n: int, rho: float, vip_share: float, aht_s: float,
                                          answer_vip_s: float, answer_ord_s: float) -> None:
    lam = rho * n / aht_s
    lv, lo = vip_share * lam, (1 - vip_share) * lam
    sl_vip, sl_ord = priority_pool_metrics(n, lv, lo, aht_s, answer_vip_s, answer_ord_s)
    est = _run(lambda arr, s: simulate_priority(n, lv, lo, aht_s, answer_vip_s, answer_ord_s, arr, s),
               ("vip_service_level", "ord_service_level"), seed=n)
    assert float(sl_vip) == pytest.approx(est.mean["vip_service_level"], abs=TARGET)
    assert float(sl_ord) == pytest.approx(est.mean["ord_service_level"], abs=TARGET)
