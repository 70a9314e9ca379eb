"""Large centres: roster in parts, coordinated through the residual marginal value.

A 1,000-agent fortnight is too large for one CP-SAT model on two cores. The agents are split
into parts of similar make-up (round-robin over skill group and contract, so each part is a
small copy of the centre; or whole teams when team meetings are configured). Parts are solved
one after another, and each sees only what the earlier parts left:

- requirement: ``max(0, required − heads already allotted)`` per queue and interval;
- marginal value: the table shifted by the heads already allotted, so the k-th head of this
  part is valued as the (k + already)-th head of the centre — the exact greedy continuation of
  the concave service objective;
- deferred queues (email): the backlog model counts the work of earlier parts' heads as
  capacity in hand, so this part's heads clear what is still waiting; the on-time tickets those
  heads achieved alone (already in earlier parts' objectives) are subtracted from this part's;
- floors and minimum staff: what earlier parts already cover is subtracted, and the rest is
  spread over the parts still to come (``ceil(rest / parts_left)``), so the union always meets
  the floor and no part carries more than its share.

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
from planner.rostering.explain import budget_conflict
from planner.rostering.instance import RosterProblem, compile_instance


CENTRE_HINT_SHARE = 0.03   # at most this share of the limit polishing the whole centre's start
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


def _paid_ranges(problem: RosterProblem, groups: list[list[Agent]]) -> list[tuple[int, int]]:
    """(contract minimum, maximum) paid minutes of each part; empty without a budget."""
    if problem.options.paid_hours_budget <= 0:
        return []
    inst = compile_instance(problem)
    out = []
    for agents in groups:
        who = [inst.agent_index[a.id] for a in agents]
        out.append((inst.contract_min_paid(who),
                    sum(inst.paid_bounds(a, block)[1] for a in who for block in inst.blocks)))
    return out


def budget_share(left_min: int, ranges: list[tuple[int, int]]) -> int:
    """The next part's share of the budget left: its contract minimum plus the budget above
    all remaining parts' minimums in proportion to its room (maximum − minimum)."""
    lo, hi = ranges[0]
    spare = left_min - sum(r[0] for r in ranges)
    room = sum(r[1] - r[0] for r in ranges)
    return lo + (int(spare * (hi - lo) / room) if room > 0 else 0)


def part_problem(problem: RosterProblem, agents: list[Agent], parts_left: int, allotted: np.ndarray,
                 counted: bool = False) -> RosterProblem:
    """The sub-problem of one part given the heads earlier parts already allotted.

    ``counted``: earlier parts' objectives already hold the deferred work of ``allotted``.
    """
    scenario = dataclasses.replace(problem.scenario, agents=tuple(agents))
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
                               covered=done, floor_share=parts_left, covered_counted=counted)


def solve_in_parts(problem: RosterProblem, parts: int, *, time_limit_s: float, num_workers: int,
                   progress: Callable[[object], None] | None, stop: threading.Event | None,
                   solve_one: Callable[..., object]) -> object:
    """Solve ``parts`` sub-problems in sequence and merge them into one RosterResult."""
    from planner.rostering.solve import RosterResult, SolveProgress, relative_gap
    t0 = time.perf_counter()
    n_q, n_t = np.shape(problem.required)
    groups = partition(problem, parts)
    ranges = _paid_ranges(problem, groups)
    budget_min = int(round(problem.options.paid_hours_budget * 60))
    if ranges and sum(lo for lo, _ in ranges) > budget_min:
        conflict = budget_conflict(budget_min, sum(lo for lo, _ in ranges), len(problem.scenario.agents))
        return RosterResult(roster=Roster(problem.start_date, problem.n_days, ()), status="INFEASIBLE",
                            objective=0.0, bound=0.0, gap=0.0, wall_s=time.perf_counter() - t0,
                            coverage=np.zeros((n_q, n_t)), conflicts=[conflict])
    if problem.previous is None and problem.marginal is not None:
        from planner.rostering.seed_hint import centre_hint
        problem = dataclasses.replace(problem, start_hint=centre_hint(problem, CENTRE_HINT_SHARE * time_limit_s))
    allotted = np.zeros((n_q, n_t))
    shifts: list = []
    objective = bound = gain = 0.0
    penalties: dict[str, float] = {}
    stages: dict[str, dict[str, object]] = {}
    statuses: list[str] = []
    used_min = 0
    for i, agents in enumerate(groups):
        remaining = time_limit_s - (time.perf_counter() - t0)
        # keep 4 % (at least a second) in hand for merging and the last part's extraction:
        # every part's share includes its own model build
        budget = max(1.0, (remaining - max(1.0, HAND_SHARE * time_limit_s)) / (len(groups) - i))
        sub = part_problem(problem, agents, len(groups) - i, allotted, counted=i > 0)
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
        allotted += r.coverage
        objective += r.objective
        bound += max(r.bound, r.objective)
        gain += r.service_gain
        for k, v in r.penalties.items():
            penalties[k] = penalties.get(k, 0.0) + v
        if stop is not None and stop.is_set():
            break
    complete = len(statuses) == len(groups) and all(s in ("OPTIMAL", "FEASIBLE") for s in statuses)
    status = "FEASIBLE" if complete else ("CANCELLED" if stop is not None and stop.is_set() else "UNKNOWN")
    roster = Roster(problem.start_date, problem.n_days, tuple(sorted(shifts, key=lambda s: (s.day, s.agent_id))))
    if not complete and status == "UNKNOWN":
        roster = Roster(problem.start_date, problem.n_days, ())
    return RosterResult(roster=roster, status=status, objective=objective, bound=bound,
                        gap=relative_gap(objective, bound), wall_s=time.perf_counter() - t0, coverage=allotted,
                        penalties=penalties, service_gain=gain, stages=stages)
