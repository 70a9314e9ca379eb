"""Erlang B/C/A against published values and an independent brute-force chain."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import expm

from planner.staffing.erlang import (erlang_a_metrics, erlang_b, erlang_c_metrics, priority_pool_metrics,
                                     _erlang_b_recursive)

LAM = 100 / 1800  # DOMAIN.md worked example: 100 calls in 30 minutes, AHT 180 s → A = 10


def test_erlang_b_matches_the_published_table() -> None:
    # Erlang B tables (e.g. the ITU-T E.800-series traffic tables): 10 lines at 5 Erlangs block
    # 1.84 %; 5 lines at 2 Erlangs block 3.67 %; 1 line at 1 Erlang blocks 50 %.
    assert erlang_b(np.array([10, 5, 1]), np.array([5.0, 2.0, 1.0])) == pytest.approx([0.018385, 0.036697, 0.5], abs=2e-6)


def test_erlang_c_worked_example_from_domain_doc() -> None:
    m = erlang_c_metrics(np.array([13, 14]), LAM, 180.0, 20.0)
    assert m.service_level == pytest.approx([0.796, 0.888], abs=5e-4)
    assert m.asa_s[1] == pytest.approx(7.8, abs=0.05)
    assert m.occupancy[1] == pytest.approx(0.714, abs=5e-4)


def test_erlang_c_small_textbook_case() -> None:
    # M/M/3 at 2 Erlangs: P(wait) = 4/9 (Kleinrock, Queueing Systems vol. 1, §3.5)
    m = erlang_c_metrics(3, 2.0 / 100.0, 100.0, 0.0)
    assert m.p_wait == pytest.approx(4 / 9, rel=1e-9)
    assert m.service_level == pytest.approx(5 / 9, rel=1e-9)


def test_erlang_c_unstable_and_idle_queues() -> None:
    m = erlang_c_metrics(np.array([10, 9, 0, 3]), np.array([LAM, LAM, LAM, 0.0]), 180.0, 20.0)
    assert list(m.service_level) == [0.0, 0.0, 0.0, 1.0]      # load ≥ agents never meets a target
    assert np.isnan(m.asa_s[:3]).all() and m.asa_s[3] == 0.0
    assert m.occupancy[3] == 0.0


def test_erlang_b_closed_form_equals_recursion_up_to_5000_agents() -> None:
    n = np.array([1, 7, 50, 400, 2500, 5000, 5000, 10])
    a = np.array([0.3, 9.0, 45.0, 390.0, 2400.0, 4900.0, 5200.0, 3000.0])
    assert erlang_b(n, a) == pytest.approx(_erlang_b_recursive(n, a), rel=1e-9)


def test_huge_queue_is_finite_and_sensible() -> None:
    m = erlang_c_metrics(np.array([5000]), 4900 / 180.0, 180.0, 20.0)
    assert 0.0 < m.service_level[0] < 1.0 and np.isfinite(m.asa_s[0])
    a = erlang_a_metrics(np.array([5000]), 4900 / 180.0, 180.0, 20.0, 120.0)
    assert 0.0 < a.service_level[0] <= 1.0 and np.isfinite(a.asa_s[0])


def test_erlang_a_worked_example_from_domain_doc() -> None:
    m = erlang_a_metrics(11, LAM, 180.0, 20.0, 120.0)
    assert m.service_level[()] == pytest.approx(0.74, abs=0.005)
    assert m.p_abandon[()] == pytest.approx(0.094, abs=0.001)


def _brute_force_erlang_a(n: int, lam: float, aht_s: float, answer_s: float, patience_s: float,
                          depth: int = 200) -> tuple[float, float]:
    """SL and abandonment from the truncated birth–death chain and a matrix exponential."""
    mu, theta = 1 / aht_s, 1 / patience_s
    k_max = n + depth
    rate = [min(k, n) * mu + max(k - n, 0) * theta for k in range(k_max + 1)]
    pi = np.ones(k_max + 1)
    for k in range(1, k_max + 1):
        pi[k] = pi[k - 1] * lam / rate[k]
    pi /= pi.sum()
    # tagged arrival with j ahead: moves down at n·mu + i·theta, leaves at theta, served from 0
    size = depth + 2                       # positions 0..depth, plus "served" as the last state
    q = np.zeros((size, size))
    for i in range(depth + 1):
        if i == 0:
            q[i, size - 1] = n * mu                 # an agent frees up: answered
        else:
            q[i, i - 1] = n * mu + i * theta        # someone ahead is answered or hangs up
        q[i, i] = -(q[i].sum() + theta)             # … or the caller hangs up (lost)
    start = np.zeros(size)
    start[: depth + 1] = pi[n: n + depth + 1]
    served_by_t = (start @ expm(q * answer_s))[size - 1]
    sl = pi[:n].sum() + served_by_t
    queue_len = sum(pi[k] * (k - n) for k in range(n, k_max + 1))
    return sl, theta * queue_len / lam


@pytest.mark.parametrize("n, lam, aht, t, patience", [
    (11, LAM, 180.0, 20.0, 120.0), (3, 0.01, 240.0, 30.0, 60.0), (25, 0.12, 200.0, 15.0, 300.0),
    (8, 0.06, 150.0, 60.0, 90.0)])
def test_erlang_a_closed_form_equals_brute_force_chain(n: int, lam: float, aht: float, t: float,
                                                       patience: float) -> None:
    sl, p_ab = _brute_force_erlang_a(n, lam, aht, t, patience)
    m = erlang_a_metrics(n, lam, aht, t, patience)
    assert m.service_level[()] == pytest.approx(sl, abs=1e-7)
    assert m.p_abandon[()] == pytest.approx(p_ab, abs=1e-7)


def test_erlang_a_tends_to_erlang_c_as_patience_grows() -> None:
    a = erlang_a_metrics(14, LAM, 180.0, 20.0, 1e9)
    c = erlang_c_metrics(14, LAM, 180.0, 20.0)
    assert a.service_level[()] == pytest.approx(c.service_level[()], abs=1e-6)
    assert a.asa_s[()] == pytest.approx(c.asa_s[()], rel=1e-4)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.001, 2.0), st.floats(30.0, 900.0), st.floats(0.0, 120.0), st.floats(20.0, 600.0))
def test_service_level_rises_with_agents(lam: float, aht: float, t: float, patience: float) -> None:
    n = np.arange(1, 80)
    for m in (erlang_c_metrics(n, lam, aht, t), erlang_a_metrics(n, lam, aht, t, patience)):
        assert np.all(np.diff(m.service_level) >= -1e-9)
        assert np.all((m.service_level >= 0) & (m.service_level <= 1))
    a = erlang_a_metrics(n, lam, aht, t, patience)
    assert np.all(np.diff(a.p_abandon) <= 1e-9)


def test_priority_pool_vip_does_better_than_pooled_fcfs_and_ordinary_worse() -> None:
    n, lv, lo = 14, 0.01, LAM - 0.01
    sl_vip, sl_ord = priority_pool_metrics(n, lv, lo, 180.0, 20.0, 20.0)
    fcfs = erlang_c_metrics(n, LAM, 180.0, 20.0).service_level[()]
    assert sl_vip[()] > fcfs > sl_ord[()]
    # volume-weighted mean waits obey conservation exactly, so the SLs straddle FCFS closely
    assert (lv * sl_vip[()] + lo * sl_ord[()]) / LAM == pytest.approx(fcfs, abs=0.01)


def _brute_force_ordinary_sl(n: int, lam_vip: float, lam_ord: float, aht_s: float, answer_s: float,
                             depth: int = 300) -> float:
    """Ordinary SL in a non-preemptive VIP pool from the tagged contact's position chain.

    A waiting ordinary contact at position m (contacts to be answered before it, itself
    included) moves down when an agent frees up (rate Nμ) and up when a VIP contact arrives
    (rate λ_vip); it is answered on leaving position 1. The queue it finds is geometric with
    ratio λ/Nμ (the pooled M/M/N), so the start is geometric on positions 1, 2, ….
    """
    n_mu, lam = n / aht_s, lam_vip + lam_ord
    rho = lam / n_mu
    q = np.zeros((depth, depth))                    # state i ↔ position i + 1
    for i in range(depth):
        if i > 0:
            q[i, i - 1] = n_mu
        if i < depth - 1:
            q[i, i + 1] = lam_vip
        q[i, i] = -(n_mu + (lam_vip if i < depth - 1 else 0.0))
    start = (1 - rho) * rho ** np.arange(depth)
    still_waiting = (start @ expm(q * answer_s)).sum()
    p_wait = erlang_c_metrics(n, lam, aht_s, 0.0).p_wait[()]
    return 1.0 - p_wait * still_waiting


@pytest.mark.parametrize("n, rho, vip_share, aht, t", [
    (5, 0.70, 0.2, 180.0, 20.0), (30, 0.95, 0.5, 180.0, 20.0), (20, 0.90, 0.3, 240.0, 30.0),
    (60, 0.90, 0.4, 240.0, 60.0)])
def test_priority_pool_ordinary_sl_equals_position_chain(n: int, rho: float, vip_share: float, aht: float,
                                                         t: float) -> None:
    # A waiting ordinary contact is overtaken by every VIP arrival; an exponential wait with
    # Cobham's mean (the earlier approximation) was up to 2 pp pessimistic against simulation.
    lam = rho * n / aht
    lv, lo = vip_share * lam, (1 - vip_share) * lam
    _, sl_ord = priority_pool_metrics(n, lv, lo, aht, 10.0, t)
    assert sl_ord[()] == pytest.approx(_brute_force_ordinary_sl(n, lv, lo, aht, t), abs=1e-6)


def test_priority_pool_without_vip_load_is_erlang_c() -> None:
    n = np.array([12, 14, 20])
    _, sl_ord = priority_pool_metrics(n, 0.0, LAM, 180.0, 20.0, np.array([0.0, 20.0, 45.0]))
    fcfs = erlang_c_metrics(n, LAM, 180.0, np.array([0.0, 20.0, 45.0])).service_level
    assert sl_ord == pytest.approx(fcfs, abs=1e-7)
