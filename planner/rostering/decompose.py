"""Large centres: roster in parts, coordinated through the residual marginal value.

A 1,000-agent fortnight is too large for one CP-SAT model on two cores. The agents are split
into parts of similar make-up (round-robin over skill group and contract, so each part is a
small copy of the centre; or whole teams when team meetings are configured). Parts are solved
one after another. Before the first, one starting roster is planned for the whole centre
(``centre_hint``); each part then sees the heads earlier parts gave plus the heads later parts'
agents are planned to give (:func:`later_cover`), split across queues as the evaluator splits
them (:func:`cover_of`):

- requirement: ``max(0, required − those heads)`` per queue and interval;
- marginal value: the table shifted by those heads, so the k-th head of this part is valued as
  the (k + already)-th head of the centre: each part improves its share of the plan;
- deferred queues (email): the backlog model counts the work of those heads as capacity in
  hand, so this part's heads clear what is still waiting;
- floors and minimum staff: what earlier parts cover is subtracted; later parts' planned heads
  take off at most what leaves this part its share of the rest (``ceil(rest / parts_left)``),
  so the last part can always be asked for what is missing and no part carries more than its
  share.

The merged result's service term is recomputed from the merged roster (:func:`service_value`),
so the objective is the whole centre's.

Per-agent rules (rest, hours, days, nights, locks) live entirely inside one part, so the union
of valid part rosters is a valid roster.
"""
from __future__ import annotations

import dataclasses
import threading
import time
from typing import Callable

import numpy as np

from planner.domain import Agent, Roster
from planner.errors import Conflict
from planner.head_split import split_heads
from planner.rostering.backlog import deferred_work, edf_value
from planner.rostering.explain import budget_conflict
from planner.rostering.instance import RosterInstance, RosterProblem, compile_instance
from planner.rostering.validate import duty_by_group


CENTRE_HINT_SHARE = 0.08   # at most this share of the limit planning the whole centre's start (repair + local search)
HAND_SHARE = 0.04          # of the limit kept in hand: parts overrun their share by seconds (L: 297 s of 300 at 2 %)


def partition(problem: RosterProblem, parts: int) -> list[list[Agent]]:
    """Split agents into ``parts`` groups of similar composition."""
    agents = list(problem.scenario.agents)
    if problem.options.meeting_min_per_week:
        # meetings need whole teams together: bin-pack teams, largest first
        teams: dict[str, list[Agent]] = {}
        for a in agents:
            teams.setdefault(a.team, []).append(a)
        bins: list[list[Agent]] = [[] for _ in range(parts)]
        for members in sorted(teams.values(), key=len, reverse=True):
            min(bins, key=len).extend(members)
        return [b for b in bins if b]
    key = {id(a): (sorted(a.queues), a.vip, a.contract, a.night_capable) for a in agents}
    ordered = sorted(agents, key=lambda a: (key[id(a)], a.id))
    out: list[list[Agent]] = [[] for _ in range(parts)]
    for i, a in enumerate(ordered):
        out[i % parts].append(a)
    return [p for p in out if p]


def _paid_ranges(inst: RosterInstance, groups: list[list[Agent]]) -> list[tuple[int, int]]:
    """(contract minimum, maximum) paid minutes of each part; empty without a budget."""
    if inst.options.paid_hours_budget <= 0:
        return []
    out = []
    for agents in groups:
        who = [inst.agent_index[a.id] for a in agents]
        out.append((inst.contract_min_paid(who),
                    sum(inst.paid_bounds(a, block)[1] for a in who for block in inst.blocks)))
    return out


def later_cover(inst: RosterInstance, hint: Roster, groups: list[list[Agent]]) -> list[np.ndarray]:
    """Per part, the heads per queue and interval the centre start gives the parts after it.

    A part that sees only what earlier parts left takes the best of the requirement for itself,
    although the centre start meant some of it for later parts' agents; counting those agents'
    planned shifts as cover in hand lets each part improve its own share of a plan for the whole
    centre instead. The later parts' on-duty heads are split across queues the way the
    evaluator splits them (Hall-exact, by marginal value).
    """
    part_of = {a.id: i for i, agents in enumerate(groups) for a in agents}
    return [cover_of(inst, tuple(sh for sh in hint.shifts if part_of.get(sh.agent_id, -1) > i))
            for i in range(len(groups))]


def cover_of(inst: RosterInstance, shifts: tuple) -> np.ndarray:
    """Heads per queue and interval that ``shifts`` give, split across queues as the evaluator
    splits them (Hall-exact, by marginal value).

    A part's own coverage variables are only pushed up where a head still has value, so they
    can leave out heads that could serve a queue; later parts must see every head there is.
    """
    problem = inst.problem
    table = np.asarray(problem.marginal)
    heads = duty_by_group(inst, Roster(inst.days[0], inst.n_days, shifts))
    return split_heads(heads, [frozenset(sk) for sk, _ in inst.groups], [table[q] for q in range(inst.n_queues)],
                       inst.is_open, np.asarray(problem.volume, dtype=float)).astype(float)


def service_value(inst: RosterInstance, cover: np.ndarray) -> float:
    """The objective's service term for heads ``cover`` per queue and interval, from nobody.

    Gain-table queues sum their first ``cover`` marginal values; deferred queues count the
    on-time work their backlog model achieves with those heads.
    """
    problem = inst.problem
    heads = np.rint(cover).astype(np.int64)
    table = np.asarray(problem.marginal, dtype=np.int64)
    deferred = deferred_work(problem, inst.is_open)
    k = np.arange(table.shape[2])[None, None, :]
    taken = np.where(k < heads[:, :, None], np.maximum(table, 0), 0).sum(axis=2)
    total = sum(int(taken[q].sum()) for q in range(inst.n_queues) if q not in deferred)
    return float(total + sum(edf_value(dw, heads[q]) for q, dw in deferred.items()))


def budget_share(left_min: int, ranges: list[tuple[int, int]]) -> int:
    """The next part's share of the budget left: its contract minimum plus the budget above
    all remaining parts' minimums in proportion to its room (maximum − minimum)."""
    lo, hi = ranges[0]
    spare = left_min - sum(r[0] for r in ranges)
    room = sum(r[1] - r[0] for r in ranges)
    return lo + (int(spare * (hi - lo) / room) if room > 0 else 0)


def part_problem(problem: RosterProblem, agents: list[Agent], parts_left: int, allotted: np.ndarray,
                 counted: bool = False, planned: np.ndarray | None = None) -> RosterProblem:
    """The sub-problem of one part given the heads earlier parts already allotted.

    ``counted``: earlier parts' objectives already hold the deferred work of ``allotted``.
    ``planned``: heads later parts are planned to give (see :func:`later_cover`), valued as if
    in hand.
    """
    scenario = dataclasses.replace(problem.scenario, agents=tuple(agents))
    if planned is not None:
        allotted = allotted + planned
    done = np.rint(allotted).astype(np.int64)
    required = np.maximum(0, np.asarray(problem.required) - done)
    marginal = None
    if problem.marginal is not None:
        table = np.asarray(problem.marginal)
        k_max = table.shape[2]
        idx = np.minimum(done[:, :, None] + np.arange(k_max)[None, None, :], k_max)
        padded = np.concatenate([table, np.zeros(table.shape[:2] + (1,), dtype=table.dtype)], axis=2)
        marginal = np.take_along_axis(padded, idx, axis=2)
    return dataclasses.replace(problem, scenario=scenario, required=required, marginal=marginal,
                               covered=done, floor_share=parts_left, covered_counted=counted, planned=planned)


def solve_in_parts(problem: RosterProblem, parts: int, *, time_limit_s: float, num_workers: int,
                   progress: Callable[[object], None] | None, stop: threading.Event | None,
                   solve_one: Callable[..., object]) -> object:
    """Solve ``parts`` sub-problems in sequence and merge them into one RosterResult."""
    from planner.rostering.solve import RosterResult, SolveProgress, relative_gap
    t0 = time.perf_counter()
    n_q, n_t = np.shape(problem.required)
    groups = partition(problem, parts)
    whole = compile_instance(problem)
    ranges = _paid_ranges(whole, groups)
    budget_min = int(round(problem.options.paid_hours_budget * 60))
    if ranges and sum(lo for lo, _ in ranges) > budget_min:
        conflict = budget_conflict(budget_min, sum(lo for lo, _ in ranges), len(problem.scenario.agents))
        return RosterResult(roster=Roster(problem.start_date, problem.n_days, ()), status="INFEASIBLE",
                            objective=0.0, bound=0.0, gap=0.0, wall_s=time.perf_counter() - t0,
                            coverage=np.zeros((n_q, n_t)), conflicts=[conflict])
    if problem.previous is None and problem.marginal is not None:
        from planner.rostering.seed_hint import centre_hint
        problem = dataclasses.replace(problem, start_hint=centre_hint(problem, CENTRE_HINT_SHARE * time_limit_s))
    ahead = (later_cover(whole, problem.start_hint, groups) if problem.start_hint is not None
             and problem.marginal is not None else None)
    allotted = np.zeros((n_q, n_t))
    shifts: list = []
    objective = slack = gain = 0.0
    penalties: dict[str, float] = {}
    stages: dict[str, dict[str, object]] = {}
    statuses: list[str] = []
    used_min = 0
    for i, agents in enumerate(groups):
        remaining = time_limit_s - (time.perf_counter() - t0)
        # keep 4 % (at least a second) in hand for merging and the last part's extraction:
        # every part's share includes its own model build
        budget = max(1.0, (remaining - max(1.0, HAND_SHARE * time_limit_s)) / (len(groups) - i))
        sub = part_problem(problem, agents, len(groups) - i, allotted, counted=i > 0,
                           planned=None if ahead is None else ahead[i])
        if ranges:
            sub = dataclasses.replace(sub, budget_min=budget_share(budget_min - used_min, ranges[i:]))
        done_obj = objective

        def relay(p: SolveProgress, base: float = done_obj, offset: float = time.perf_counter() - t0) -> None:
            if progress is not None:
                progress(SolveProgress(base + p.objective, base + p.bound, offset + p.elapsed_s))

        r = solve_one(sub, time_limit_s=budget, num_workers=num_workers, progress=relay, stop=stop)
        statuses.append(r.status)
        stages[f"part {i + 1}/{len(groups)}"] = {"agents": len(agents), "status": r.status,
                                                 "objective": r.objective, "bound": r.bound,
                                                 "wall_s": round(r.wall_s, 2)}
        if r.status == "INFEASIBLE":
            conflicts = [Conflict(c.rule, f"(part {i + 1} of {len(groups)}, {len(agents)} agents) {c.detail}")
                         for c in r.conflicts]
            return RosterResult(roster=Roster(problem.start_date, problem.n_days, ()), status="INFEASIBLE",
                                objective=0.0, bound=0.0, gap=0.0, wall_s=time.perf_counter() - t0,
                                coverage=np.zeros((n_q, n_t)), conflicts=conflicts, stages=stages)
        if not r.roster.shifts and r.status not in ("OPTIMAL",):
            break   # no roster for this part (time out or cancelled)
        shifts.extend(r.roster.shifts)
        used_min += sum(sh.paid_min for sh in r.roster.shifts)
        allotted = cover_of(whole, tuple(shifts)) if ahead is not None else allotted + r.coverage
        objective += r.objective
        slack += max(r.bound - r.objective, 0.0)
        gain += r.service_gain
        for k, v in r.penalties.items():
            penalties[k] = penalties.get(k, 0.0) + v
        if stop is not None and stop.is_set():
            break
    complete = len(statuses) == len(groups) and all(s in ("OPTIMAL", "FEASIBLE") for s in statuses)
    if ahead is not None and problem.marginal is not None:
        # parts valued their heads against later parts' planned ones: re-add the service term
        # for the heads the parts really gave, so the objective is the whole centre's
        centre_gain = service_value(whole, allotted)
        objective += centre_gain - gain
        gain = centre_gain
    bound = objective + slack
    status = "FEASIBLE" if complete else ("CANCELLED" if stop is not None and stop.is_set() else "UNKNOWN")
    roster = Roster(problem.start_date, problem.n_days, tuple(sorted(shifts, key=lambda s: (s.day, s.agent_id))))
    if not complete and status == "UNKNOWN":
        roster = Roster(problem.start_date, problem.n_days, ())
    return RosterResult(roster=roster, status=status, objective=objective, bound=bound,
                        gap=relative_gap(objective, bound), wall_s=time.perf_counter() - t0, coverage=allotted,
                        penalties=penalties, service_gain=gain, stages=stages)
