"""Erlang B, C and A queueing formulas, vectorised over intervals.

Every function takes numpy arrays (one element per interval) and broadcasts scalars. Nothing
here computes a factorial: Erlang B comes from the stable recursion
``B_k = A·B_{k-1} / (k + A·B_{k-1})`` and Erlang A's waiting states from a log-space product, so
1 to 5,000 agents work without overflow.

Units: ``lam_per_s`` arrivals per second, ``aht_s`` mean handle time in seconds, ``answer_s``
the service-level threshold in seconds, ``patience_s`` mean customer patience in seconds.
``servers`` are integer head-counts (for chat: agents × concurrency).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

ArrayLike = np.ndarray | float | int


@dataclass(frozen=True)
class QueueMetrics:
    """Per-interval results of a queueing model (arrays of equal length)."""

    service_level: np.ndarray   # share of *all* offered contacts answered within answer_s
    asa_s: np.ndarray           # mean wait of answered contacts, seconds (nan when unstable)
    occupancy: np.ndarray       # carried load / servers
    p_abandon: np.ndarray       # share of offered contacts that hang up (0 for Erlang C)
    p_wait: np.ndarray          # share of contacts that find every server busy


def erlang_b(servers: ArrayLike, load: ArrayLike) -> np.ndarray:
    """Blocking probability B(N, A) for each (N, A) pair.

    B = Poisson(N; A) / P(Poisson(A) ≤ N), evaluated in log space with the regularised upper
    incomplete gamma (Σ_{k≤N} e^−A A^k/k! = Q(N+1, A)), so it costs O(1) per pair and never
    forms a factorial. Where Q underflows (N far below A) the stable recursion
    ``B_k = A·B_{k-1} / (k + A·B_{k-1})`` takes over.
    """
    n, a = np.broadcast_arrays(np.asarray(servers, dtype=np.int64), np.asarray(load, dtype=float))
    out = np.ones(n.shape, dtype=float)
    pos = (a > 0) & (n > 0)
    out[(a <= 0) & (n > 0)] = 0.0
    if not pos.any():
        return out
    nn, aa = n[pos].astype(float), a[pos]
    with np.errstate(divide="ignore", under="ignore"):
        q = special.gammaincc(nn + 1.0, aa)
        log_b = nn * np.log(aa) - aa - special.gammaln(nn + 1.0) - np.log(q)
    b = np.exp(np.minimum(log_b, 0.0))
    weak = ~(q > 1e-280)
    if weak.any():
        b[weak] = _erlang_b_recursive(n[pos][weak], aa[weak])
    out[pos] = b
    return out


def _erlang_b_recursive(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    """The stable Erlang B recursion, for the few pairs where the closed form underflows."""
    out = np.ones(n.shape, dtype=float)
    b = np.ones(n.shape, dtype=float)
    for k in range(1, int(n.max(initial=0)) + 1):
        b = a * b / (k + a * b)
        hit = n == k
        out[hit] = b[hit]
    return out


def erlang_c_from_b(servers: np.ndarray, load: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Probability of waiting C(N, A) from B(N, A); 1 where the queue is unstable (A ≥ N)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        c = servers * b / (servers - load * (1.0 - b))
    return np.where(servers > load, np.clip(c, 0.0, 1.0), 1.0)


def erlang_c_metrics(servers: ArrayLike, lam_per_s: ArrayLike, aht_s: ArrayLike,
                     answer_s: ArrayLike) -> QueueMetrics:
    """Erlang C (M/M/N, infinite patience) service level, ASA, occupancy.

    Unstable intervals (load ≥ servers) get service level 0, ASA nan and occupancy 1: the queue
    grows without bound, which the planner must see as a failure, not as a number.
    """
    n, lam, aht, t = np.broadcast_arrays(np.asarray(servers, dtype=np.int64), np.asarray(lam_per_s, float),
                                         np.asarray(aht_s, float), np.asarray(answer_s, float))
    load = lam * aht
    b = erlang_b(n, load)
    c = erlang_c_from_b(n, load, b)
    stable = n > load
    safe_aht = np.where(aht > 0, aht, 1.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        sl = 1.0 - c * np.exp(-(n - load) * t / safe_aht)
        asa = c * aht / (n - load)
        occ = np.where(n > 0, load / np.maximum(n, 1), 1.0)
    idle = load <= 0
    sl = np.where(idle, 1.0, np.where(stable, sl, 0.0))
    asa = np.where(idle, 0.0, np.where(stable, asa, np.nan))
    occ = np.where(idle, 0.0, np.where(stable, occ, 1.0))
    c = np.where(idle, 0.0, c)
    return QueueMetrics(sl, asa, occ, np.zeros_like(sl), c)


def erlang_a_metrics(servers: ArrayLike, lam_per_s: ArrayLike, aht_s: ArrayLike, answer_s: ArrayLike,
                     patience_s: ArrayLike, with_asa: bool = True) -> QueueMetrics:
    """Erlang A (M/M/N+M): exponential patience; abandoned contacts count as not answered.

    Closed form, no truncation. With x = Nμ/θ and y = λ/θ, state N+j (j waiting) has weight
    y^j / ((x+1)…(x+j)) relative to state N. An arrival with j ahead is answered if it outlasts
    the j+1 queue moves ahead of it; writing its wait as the (j+1)-th of x+j exponential lives
    turns 1 − e^{−θW} into a Beta(j+1, x+1) variable, and the sum over j collapses to incomplete
    gamma functions:

    * Σ_j weight_j                = x e^y y^−x Γ(x) P(x, y)                      (arrival waits)
    * Σ_j weight_j P(answered)    = x e^y y^−(x+1) Γ(x+1) P(x+1, y)
    * … and answered within T     = x e^y y^−(x+1) Γ(x+1) [P(x+1, y) − P(x+1, y e^−θT)]

    with P the regularised lower incomplete gamma; states below N carry π_N (1/B − 1) with B
    the Erlang B of the offered load. ASA (mean wait of answered contacts) needs the sum term by
    term, so it is summed over the queue lengths that hold all but 1e-12 of the mass.
    """
    n, lam, aht, t, pat = np.broadcast_arrays(
        np.asarray(servers, dtype=np.int64), np.asarray(lam_per_s, float), np.asarray(aht_s, float),
        np.asarray(answer_s, float), np.asarray(patience_s, float))
    safe_aht = np.where(aht > 0, aht, 1.0)
    theta = 1.0 / np.maximum(pat, 1e-9)
    load = lam * safe_aht
    x = np.maximum(n / safe_aht / theta, 1e-12)
    y = np.maximum(lam / theta, 1e-300)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        b = erlang_b(n, load)
        log_below = np.log1p(-b) - np.log(b)                   # log Σ_{k<N} π_k / π_N
        log_y = np.log(y)
        log_wait = np.log(x) + y - x * log_y + special.gammaln(x) + _log_p(x, y)
        log_scale1 = np.log(x) + y - (x + 1.0) * log_y + special.gammaln(x + 1.0)
        log_p1 = _log_p(x + 1.0, y)
        log_served = log_scale1 + log_p1
        delta = _log_p(x + 1.0, y * np.exp(-theta * t)) - log_p1
        log_within = log_served + np.log1p(-np.exp(np.minimum(delta, 0.0)))
        log_total = np.logaddexp(log_below, log_wait)
        p_wait = np.exp(log_wait - log_total)
        answered_after_wait = np.exp(log_served - log_total)
        sl = (1.0 - p_wait) + np.exp(log_within - log_total)
        p_abandon = np.maximum(p_wait - answered_after_wait, 0.0)
        carried = load * (1.0 - p_abandon)
        occ = carried / np.maximum(n, 1)
    asa = _erlang_a_asa(n, lam, safe_aht, theta, p_wait, 1.0 - p_abandon) if with_asa \
        else np.full(n.shape, np.nan)
    idle = lam <= 0
    no_staff = n <= 0
    sl = np.where(idle, 1.0, np.where(no_staff, 0.0, sl))
    asa = np.where(idle, 0.0, np.where(no_staff, np.nan, asa))
    occ = np.where(idle, 0.0, np.where(no_staff, 1.0, occ))
    p_abandon = np.where(idle, 0.0, np.where(no_staff, 1.0, p_abandon))
    p_wait = np.where(idle, 0.0, np.where(no_staff, 1.0, p_wait))
    return QueueMetrics(np.clip(sl, 0.0, 1.0), asa, np.clip(occ, 0.0, 1.0), np.clip(p_abandon, 0.0, 1.0),
                        np.clip(p_wait, 0.0, 1.0))


def _log_p(a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """log of the regularised lower incomplete gamma P(a, z), without underflow for z ≪ a.

    Below the mode the Kummer series P(a, z) = z^a e^−z / Γ(a+1) · ₁F₁(1; a+1; z) keeps the
    tiny value in log space; above it P is at least about one half and direct evaluation is exact.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        small = z < a
        series = a * np.log(z) - z - special.gammaln(a + 1.0) + np.log(special.hyp1f1(1.0, a + 1.0, np.where(small, z, 0.0)))
        direct = np.log(special.gammainc(a, z))
    return np.where(small, series, direct)


def _erlang_a_asa(n: np.ndarray, lam: np.ndarray, aht: np.ndarray, theta: np.ndarray,
                  p_wait: np.ndarray, answered: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """Mean wait of answered contacts: Σ_j P(N+j) · P(answered | j) · Σ_{i≤j} 1/(Nμ+(i+1)θ)."""
    out = np.full(n.shape, np.nan)
    flat = [v.ravel() for v in (n, lam, aht, theta, p_wait, answered)]
    res = out.ravel()
    for lo in range(0, res.size, chunk):
        nn, ll, aa, th, pw, ans = (v[lo:lo + chunk] for v in flat)
        n_mu = nn / aa
        drift = np.maximum(ll - n_mu, 0.0) / th
        depth = int(np.ceil(np.max(drift + 8.0 * np.sqrt(np.maximum(ll / th, 1.0)) + 12.0, initial=12.0)))
        j = np.arange(depth, dtype=float)[None, :]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            steps = np.log(np.maximum(ll, 1e-300))[:, None] - np.log(n_mu[:, None] + j[:, 1:] * th[:, None])
            log_w = np.concatenate([np.zeros((nn.size, 1)), np.cumsum(steps, axis=1)], axis=1)
            w = np.exp(log_w - log_w.max(axis=1, keepdims=True))
            share = w / w.sum(axis=1, keepdims=True) * pw[:, None]       # P(arrival sees N+j)
            rate = n_mu[:, None] + (j + 1.0) * th[:, None]
            answered_j = n_mu[:, None] / rate
            wait_j = np.cumsum(1.0 / rate, axis=1)
            res[lo:lo + chunk] = np.where(ans > 0, (share * answered_j * wait_j).sum(axis=1) / ans, np.nan)
    return res.reshape(n.shape)


def priority_pool_metrics(servers: ArrayLike, lam_vip_per_s: ArrayLike, lam_ord_per_s: ArrayLike,
                          aht_s: ArrayLike, answer_vip_s: ArrayLike,
                          answer_ord_s: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Service levels (VIP, ordinary) of one pool serving VIP contacts first (non-preemptive).

    M/M/N with two priority classes and a common handle time, so the number of contacts in the
    system is that of M/M/N and both classes wait with the Erlang C probability C(N, A) of the
    pooled load. While every agent is busy, agents free up at rate Nμ:

    * a waiting VIP contact sees only VIP contacts ahead, whose count is geometric with ratio
      λ_vip / Nμ, so its wait is exponential with rate Nμ − λ_vip (exact);
    * a waiting ordinary contact has every queued contact ahead (geometric count, ratio λ / Nμ)
      and is overtaken by each VIP contact that arrives while it waits: its wait is a geometric
      sum of busy periods of an M/M/1 queue (arrivals λ_vip, service Nμ) (exact). Its tail is
      computed by numerical Laplace inversion (``_ordinary_wait_tail``); its mean is Cobham's
      C·Nμ / ((Nμ − λ)(Nμ − λ_vip)). Checked against simulation in benchmarks/sim_validation.py.
    """
    n, lv, lo, aht, tv, to = np.broadcast_arrays(
        np.asarray(servers, dtype=np.int64), np.asarray(lam_vip_per_s, float), np.asarray(lam_ord_per_s, float),
        np.asarray(aht_s, float), np.asarray(answer_vip_s, float), np.asarray(answer_ord_s, float))
    mu = 1.0 / np.where(aht > 0, aht, 1.0)
    lam = lv + lo
    load = lam / mu
    c = erlang_c_from_b(n, load, erlang_b(n, load))
    n_mu = n * mu
    stable = n_mu > lam
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        sl_vip = 1.0 - c * np.exp(-(n_mu - lv) * tv)
        sl_ord = 1.0 - c * _ordinary_wait_tail(n_mu, lv, lam, to, stable)
    idle = lam <= 0
    sl_vip = np.where(idle, 1.0, np.where(stable, sl_vip, 0.0))
    sl_ord = np.where(idle, 1.0, np.where(stable, sl_ord, 0.0))
    return np.clip(sl_vip, 0.0, 1.0), np.clip(sl_ord, 0.0, 1.0)


# Abate & Whitt (1995) EULER inversion: discretisation error ≈ e^−A, then Euler summation of
# the alternating series over partial sums _EULER_N … _EULER_N + _EULER_M.
_EULER_A, _EULER_N, _EULER_M = 18.4, 15, 11
_EULER_WEIGHTS = special.comb(_EULER_M, np.arange(_EULER_M + 1)) / 2.0 ** _EULER_M


def _ordinary_wait_tail(n_mu: np.ndarray, lam_vip: np.ndarray, lam: np.ndarray, t_s: np.ndarray,
                        stable: np.ndarray) -> np.ndarray:
    """P(W_ord > t | the ordinary contact waits) in a non-preemptive two-class M/M/N pool.

    The wait is the sum of M busy periods of an M/M/1 queue with arrival rate λ_vip and service
    rate Nμ, M geometric on {1, 2, …} with ratio ρ = λ / Nμ. Its Laplace transform is
    φ(s) = (1 − ρ)β(s) / (1 − ρβ(s)) with β the busy-period transform
    β(s) = 2Nμ / (λ_vip + Nμ + s + √((λ_vip + Nμ + s)² − 4λ_vip·Nμ)), and the tail's transform is
    (1 − φ(s)) / s, inverted with the Euler algorithm (error about e^−18.4 ≈ 1e-8; the tests
    check 1e-6 against a matrix-exponential chain). 1 where t ≤ 0; nan
    where the pool is unstable. With no VIP load it reduces to FCFS: exp(−(Nμ − λ)t).
    """
    out = np.full(n_mu.shape, np.nan)
    out[stable & (t_s <= 0)] = 1.0
    go = stable & (t_s > 0)
    if not go.any():
        return out
    nm, lv, t = n_mu[go][:, None], lam_vip[go][:, None], t_s[go][:, None]
    rho = lam[go][:, None] / nm
    k = np.arange(_EULER_N + _EULER_M + 1)
    s = (_EULER_A + 2j * np.pi * k) / (2.0 * t)
    total = lv + nm + s
    beta = 2.0 * nm / (total + np.sqrt(total * total - 4.0 * lv * nm))
    phi = (1.0 - rho) * beta / (1.0 - rho * beta)
    terms = np.exp(_EULER_A / 2.0) / t * np.real((1.0 - phi) / s) * np.where(k % 2 == 0, 1.0, -1.0)
    terms[:, 0] *= 0.5
    partial = np.cumsum(terms, axis=1)[:, _EULER_N:]
    out[go] = np.clip(partial @ _EULER_WEIGHTS, 0.0, 1.0)
    return out
