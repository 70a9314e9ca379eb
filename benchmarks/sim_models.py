"""Discrete-event simulations (simpy) of the queues ``planner.staffing`` models analytically.

Three models, each a single stationary interval run long, with exponential inter-arrival,
handle and patience times (the assumptions of the formulas under test):

* ``simulate_voice``: M/M/N, or M/M/N+M when ``patience_s`` is given (Erlang A). A caller who
  is not answered before their patience runs out hangs up.
* ``simulate_chat``: N agents with C slots each; one FCFS queue; a chat goes to the least
  loaded agent with a free slot. ``stretch_per_chat`` (0 by default) lengthens a chat by that
  share for every other chat its agent holds when it starts, to show what the slot model
  misses when agents slow down as they juggle chats.
* ``simulate_priority``: one pool of N agents, VIP contacts served before ordinary ones
  (non-preemptive: a call in progress is never interrupted), FCFS within a class.

Service level is the share of *all* arrivals answered within the threshold: an abandoned
contact counts as not answered, whenever it hangs up. This is the definition
``erlang_a_metrics`` uses. Statistics come from independent replications (own seeds), each
discarding a warm-up stretch so the empty start does not bias the result; ``replicate`` turns
them into a mean and a Student-t 95 % confidence half-width.
"""
from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import simpy
from scipy import stats

WARMUP_SHARE = 0.1   # share of each replication's arrivals discarded as warm-up


@dataclass
class Tally:
    """Counts of one class of contacts over the measured (post-warm-up) arrivals."""

    answer_s: float
    arrivals: int = 0
    answered: int = 0
    in_target: int = 0
    abandoned: int = 0
    waited: int = 0
    wait_answered_s: float = 0.0
    handle_s: float = 0.0

    def record_answer(self, wait_s: float) -> None:
        """A measured contact reached an agent after ``wait_s`` seconds."""
        self.answered += 1
        self.wait_answered_s += wait_s
        self.in_target += wait_s <= self.answer_s
        self.waited += wait_s > 0.0

    def record_abandon(self) -> None:
        """A measured contact hung up before reaching an agent."""
        self.abandoned += 1
        self.waited += 1

    def metrics(self) -> dict[str, float]:
        """Shares over all measured arrivals; ASA over answered contacts."""
        n = max(self.arrivals, 1)
        return {"service_level": self.in_target / n,
                "asa_s": self.wait_answered_s / self.answered if self.answered else math.nan,
                "p_abandon": self.abandoned / n,
                "p_wait": self.waited / n,
                "aht_realised_s": self.handle_s / self.answered if self.answered else math.nan}


@dataclass
class _Clock:
    """Busy-time accounting for occupancy over the measured window."""

    start_s: float = math.inf
    busy_s: float = 0.0
    busy_now: int = 0
    last_s: float = 0.0
    measuring: bool = False

    def change(self, now_s: float, delta: int) -> None:
        if self.measuring:
            self.busy_s += self.busy_now * (now_s - self.last_s)
        self.last_s = now_s
        self.busy_now += delta

    def begin(self, now_s: float) -> None:
        self.last_s, self.start_s, self.measuring = now_s, now_s, True

    def occupancy(self, now_s: float, servers: int) -> float:
        self.change(now_s, 0)
        span = now_s - self.start_s
        return self.busy_s / (servers * span) if span > 0 else math.nan


def simulate_voice(servers: int, lam_per_s: float, aht_s: float, answer_s: float,
                   patience_s: float | None, n_arrivals: int, seed: int) -> dict[str, float]:
    """One replication of M/M/N (Erlang C) or M/M/N+M (Erlang A); metrics of measured arrivals."""
    rng = random.Random(seed)
    env = simpy.Environment()
    pool = simpy.Resource(env, capacity=servers)
    warmup = int(n_arrivals * WARMUP_SHARE)
    tally = Tally(answer_s)
    clock = _Clock()

    def contact(measured: bool) -> simpy.events.ProcessGenerator:
        arrived = env.now
        if measured:
            tally.arrivals += 1
        with pool.request() as req:
            if patience_s is None:
                yield req
            else:
                outcome = yield req | env.timeout(rng.expovariate(1.0 / patience_s))
                if req not in outcome:
                    if measured:
                        tally.record_abandon()
                    return
            handle = rng.expovariate(1.0 / aht_s)
            if measured:
                tally.record_answer(env.now - arrived)
                tally.handle_s += handle
            clock.change(env.now, +1)
            yield env.timeout(handle)
            clock.change(env.now, -1)

    def source() -> simpy.events.ProcessGenerator:
        for i in range(n_arrivals):
            yield env.timeout(rng.expovariate(lam_per_s))
            if i == warmup:
                clock.begin(env.now)
            env.process(contact(i >= warmup))

    env.process(source())
    env.run()
    out = tally.metrics()
    out["occupancy"] = clock.occupancy(env.now, servers)
    return out


def simulate_chat(agents: int, concurrency: int, lam_per_s: float, aht_s: float, answer_s: float,
                  n_arrivals: int, seed: int, stretch_per_chat: float = 0.0) -> dict[str, float]:
    """One replication of a chat team: ``agents`` × ``concurrency`` slots, one FCFS queue.

    A waiting chat goes to the first slot that frees; an arriving chat that finds free slots
    goes to the agent holding the fewest chats. Its handle time is exponential with mean
    ``aht_s × (1 + stretch_per_chat × other chats its agent holds at its start)``.
    """
    rng = random.Random(seed)
    env = simpy.Environment()
    load = [0] * agents
    waiting: deque[tuple[float, bool]] = deque()
    warmup = int(n_arrivals * WARMUP_SHARE)
    tally = Tally(answer_s)
    clock = _Clock()

    def serve(agent: int, arrived: float, measured: bool) -> simpy.events.ProcessGenerator:
        others = load[agent]
        load[agent] += 1
        handle = rng.expovariate(1.0 / aht_s) * (1.0 + stretch_per_chat * others)
        if measured:
            tally.record_answer(env.now - arrived)
            tally.handle_s += handle
        clock.change(env.now, +1)
        yield env.timeout(handle)
        clock.change(env.now, -1)
        load[agent] -= 1
        if waiting:
            queued_at, queued_measured = waiting.popleft()
            env.process(serve(agent, queued_at, queued_measured))

    def source() -> simpy.events.ProcessGenerator:
        for i in range(n_arrivals):
            yield env.timeout(rng.expovariate(lam_per_s))
            if i == warmup:
                clock.begin(env.now)
            measured = i >= warmup
            if measured:
                tally.arrivals += 1
            agent = min(range(agents), key=load.__getitem__)
            if load[agent] < concurrency and not waiting:
                env.process(serve(agent, env.now, measured))
            else:
                waiting.append((env.now, measured))

    env.process(source())
    env.run()
    out = tally.metrics()
    out["occupancy"] = clock.occupancy(env.now, agents * concurrency)
    return out


def simulate_priority(servers: int, lam_vip_per_s: float, lam_ord_per_s: float, aht_s: float,
                      answer_vip_s: float, answer_ord_s: float, n_arrivals: int,
                      seed: int) -> dict[str, float]:
    """One replication of a VIP/ordinary pool with non-preemptive priority; per-class metrics.

    Keys are ``vip_<metric>`` and ``ord_<metric>``; each class's service level counts its own
    contacts answered within its own threshold.
    """
    rng = random.Random(seed)
    env = simpy.Environment()
    pool = simpy.PriorityResource(env, capacity=servers)
    warmup = int(n_arrivals * WARMUP_SHARE)
    tallies = {"vip": Tally(answer_vip_s), "ord": Tally(answer_ord_s)}
    clock = _Clock()
    lam = lam_vip_per_s + lam_ord_per_s
    p_vip = lam_vip_per_s / lam

    def contact(kind: str, measured: bool) -> simpy.events.ProcessGenerator:
        arrived = env.now
        tally = tallies[kind]
        if measured:
            tally.arrivals += 1
        with pool.request(priority=0 if kind == "vip" else 1) as req:
            yield req
            handle = rng.expovariate(1.0 / aht_s)
            if measured:
                tally.record_answer(env.now - arrived)
                tally.handle_s += handle
            clock.change(env.now, +1)
            yield env.timeout(handle)
            clock.change(env.now, -1)

    def source() -> simpy.events.ProcessGenerator:
        for i in range(n_arrivals):
            yield env.timeout(rng.expovariate(lam))
            if i == warmup:
                clock.begin(env.now)
            env.process(contact("vip" if rng.random() < p_vip else "ord", i >= warmup))

    env.process(source())
    env.run()
    out = {f"{kind}_{k}": v for kind, t in tallies.items() for k, v in t.metrics().items()}
    out["occupancy"] = clock.occupancy(env.now, servers)
    return out


@dataclass
class Estimate:
    """Mean over replications and the 95 % confidence half-width, per metric."""

    mean: dict[str, float]
    half_width: dict[str, float]
    replications: int
    arrivals: int
    runs: list[dict[str, float]] = field(repr=False, default_factory=list)


def summarise(runs: list[dict[str, float]], arrivals: int) -> Estimate:
    """Student-t 95 % interval across independent replications."""
    keys = runs[0].keys()
    r = len(runs)
    t = stats.t.ppf(0.975, r - 1) if r > 1 else math.inf
    mean, half = {}, {}
    for k in keys:
        v = np.array([run[k] for run in runs], dtype=float)
        v = v[np.isfinite(v)]
        mean[k] = float(v.mean()) if v.size else math.nan
        half[k] = float(t * v.std(ddof=1) / math.sqrt(v.size)) if v.size > 1 else math.inf
    return Estimate(mean, half, r, arrivals, runs)


def replicate(run: Callable[[int, int], dict[str, float]], *, seed: int, arrivals_per_rep: int,
              min_reps: int, max_reps: int, target_half_width: float,
              watch: tuple[str, ...] = ("service_level",)) -> Estimate:
    """Replicate ``run(n_arrivals, seed)`` until every watched metric's 95 % half-width is at
    most ``target_half_width`` (or ``max_reps`` is reached: the estimate says how wide it is).
    """
    runs: list[dict[str, float]] = []
    while True:
        runs.append(run(arrivals_per_rep, seed * 10_007 + len(runs)))
        if len(runs) >= min_reps:
            est = summarise(runs, arrivals_per_rep * len(runs))
            if all(est.half_width[k] <= target_half_width for k in watch) or len(runs) >= max_reps:
                return est


def simulate_vip_split(n_vip: int, n_ord: int, lam_vip_per_s: float, lam_ord_per_s: float,
                       aht_vip_s: float, aht_ord_s: float, answer_vip_s: float, answer_ord_s: float,
                       n_arrivals: int, seed: int, vip_agents_take_ordinary: bool = True) -> dict[str, float]:
    """One replication of a VIP line and its ordinary line staffed as two groups of agents.

    ``n_vip`` VIP-certified agents serve VIP contacts first and, when no VIP contact waits,
    ordinary ones (unless ``vip_agents_take_ordinary`` is False); ``n_ord`` agents serve
    ordinary contacts only. An ordinary contact goes to a free ordinary agent first, then to a
    free VIP agent. Non-preemptive; FCFS within a class. Keys ``vip_*``, ``ord_*``.
    """
    rng = random.Random(seed)
    env = simpy.Environment()
    free = {"vip": n_vip, "ord": n_ord}
    queues: dict[str, deque[tuple[float, bool]]] = {"vip": deque(), "ord": deque()}
    warmup = int(n_arrivals * WARMUP_SHARE)
    tallies = {"vip": Tally(answer_vip_s), "ord": Tally(answer_ord_s)}
    aht = {"vip": aht_vip_s, "ord": aht_ord_s}
    clock = _Clock()
    lam = lam_vip_per_s + lam_ord_per_s
    p_vip = lam_vip_per_s / lam

    def serve(group: str, kind: str, arrived: float, measured: bool) -> simpy.events.ProcessGenerator:
        handle = rng.expovariate(1.0 / aht[kind])
        if measured:
            tallies[kind].record_answer(env.now - arrived)
            tallies[kind].handle_s += handle
        clock.change(env.now, +1)
        yield env.timeout(handle)
        clock.change(env.now, -1)
        nxt = ("vip", "ord") if group == "vip" and vip_agents_take_ordinary else (group,)
        for k in nxt:
            if queues[k]:
                queued_at, queued_measured = queues[k].popleft()
                env.process(serve(group, k, queued_at, queued_measured))
                return
        free[group] += 1

    def source() -> simpy.events.ProcessGenerator:
        for i in range(n_arrivals):
            yield env.timeout(rng.expovariate(lam))
            if i == warmup:
                clock.begin(env.now)
            measured = i >= warmup
            kind = "vip" if rng.random() < p_vip else "ord"
            if measured:
                tallies[kind].arrivals += 1
            groups = ("vip",) if kind == "vip" else (("ord", "vip") if vip_agents_take_ordinary else ("ord",))
            for g in groups:
                if free[g] > 0:
                    free[g] -= 1
                    env.process(serve(g, kind, env.now, measured))
                    break
            else:
                queues[kind].append((env.now, measured))

    env.process(source())
    env.run()
    out = {f"{kind}_{k}": v for kind, t in tallies.items() for k, v in t.metrics().items()}
    out["occupancy"] = clock.occupancy(env.now, n_vip + n_ord)
    return out
