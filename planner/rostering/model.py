"""The composer: variables → rules → objective. Thin on purpose; the rules hold the logic.

Objective (maximised, integer units):
  service gain (marginal value of each allotted head, volume-weighted answered-in-target
  contacts × 1000; deferred queues: tickets done by their deadline × 1000 from the
  deadline-flow model of their backlog in backlog.py; or, without marginal tables, minus
  weighted shortfall vs ``required``)
  − paid head-minutes over requirement − fairness spread − preferences − changes to the
  published roster. The weights in :class:`RosterOptions` keep these roughly lexicographic.
A previous roster enters as solver *hints* and the change penalty, never as a constraint.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from planner.rostering.backlog import add_deadline_flow, deferred_work, edf_value
from planner.rostering.coverage import build_coverage
from planner.rostering.instance import RosterInstance
from planner.rostering.rules import BuildContext, Penalty, TeamMeetings, hard_rules, soft_rules
from planner.rostering.variables import RosterVariables, build_variables


@dataclass
class BuiltModel:
    model: cp_model.CpModel
    v: RosterVariables
    ctx: BuildContext
    penalties: list[Penalty] = field(default_factory=list)
    gain: cp_model.LinearExprT = 0
    # deferred queue → its on-time tickets × 1000 in the backlog model (all heads, earlier
    # parts' included)
    ontime: dict[int, cp_model.LinearExprT] = field(default_factory=dict)


def build_model(inst: RosterInstance, *, explain: bool = False, with_objective: bool = True) -> BuiltModel:
    """Build the CP-SAT model of an instance.

    Args:
        inst: the compiled instance.
        explain: put every hard rule behind assumption literals (``ctx.guards``).
        with_objective: False for a pure feasibility model (explanations).
    """
    model = cp_model.CpModel()
    v = build_variables(inst, model)
    ctx = BuildContext(inst=inst, v=v, model=model, explain=explain, unit=inst.value_unit())
    TeamMeetings().apply(ctx)   # before coverage: meetings take people off the phones
    build_coverage(v)
    for rule in hard_rules():
        rule.apply(ctx)
    built = BuiltModel(model=model, v=v, ctx=ctx)
    if not with_objective:
        return built
    built.ontime = _deferred_ontime(inst, v, model)
    gain = _service_gain(inst, v, model, built.penalties, skip=set(built.ontime))
    gain += sum(built.ontime.values(), cp_model.LinearExpr.constant(-_counted_ontime(inst)))
    built.penalties += _over_staffing(inst, v, model)
    for rule in soft_rules():
        built.penalties += rule.apply(ctx)
    built.gain = gain
    model.maximize(gain - sum((p.weight * p.expr for p in built.penalties), cp_model.LinearExpr.constant(0)))
    _add_hints(inst, v, model)
    return built


def _deferred_ontime(inst: RosterInstance, v: RosterVariables,
                     model: cp_model.CpModel) -> dict[int, cp_model.LinearExprT]:
    """On-time tickets × 1000 (× priority) of each deferred queue, from its backlog (with
    marginal tables only: the shortfall objective has other units)."""
    if inst.problem.marginal is None:
        return {}
    covered = inst.problem.covered
    out = {}
    for q, dw in deferred_work(inst.problem, inst.is_open).items():
        cov = {t: var for (k, t), var in v.cov.items() if k == q}
        out[q] = add_deadline_flow(model, dw, cov, None if covered is None else np.asarray(covered)[q])
    return out


def _counted_ontime(inst: RosterInstance) -> int:
    """On-time value earlier parts of a decomposed centre already counted for their heads.

    Each part's backlog includes the work of earlier parts' heads; subtracting what those heads
    alone achieve makes the parts' objectives add up to the whole centre's.
    """
    problem = inst.problem
    if not problem.covered_counted or problem.covered is None or problem.marginal is None:
        return 0
    covered = np.asarray(problem.covered)
    return sum(edf_value(dw, covered[q])
               for q, dw in deferred_work(problem, inst.is_open).items())


def _service_gain(inst: RosterInstance, v: RosterVariables, model: cp_model.CpModel,
                  penalties: list[Penalty], skip: Collection[int] = ()) -> cp_model.LinearExprT:
    """Marginal value of allotted heads (concave per queue-interval), or minus shortfall.

    Queues in ``skip`` (deferred queues valued by their backlog) are left out of the tables.
    """
    marginal = inst.problem.marginal
    if marginal is None:
        required = np.asarray(inst.problem.required)
        volume = np.asarray(inst.problem.volume, dtype=float)
        terms = []
        for q in range(inst.n_queues):
            for t in range(inst.n_t):
                need = int(required[q, t])
                if need <= 0:
                    continue
                w = inst.options.shortfall_weight + int(round(10 * volume[q, t]))
                cov = v.cov.get((q, t))
                short = model.new_int_var(0, need, f"short[{q},{t}]")
                model.add(short >= need - cov) if cov is not None else model.add(short == need)
                terms.append(w * short)
        if terms:
            penalties.append(Penalty("shortfall vs requirement", sum(terms), 1))
        return cp_model.LinearExpr.constant(0)
    table = np.asarray(marginal, dtype=np.int64)
    gains = []
    lines = gain_encoding(inst) == "lines"
    for (q, t), cov in v.cov.items():
        if q in skip:
            continue
        ub = v.cov_ub[(q, t)]
        row = table[q, t, :ub]
        ks = [k for k in range(len(row)) if row[k] > 0]
        if not ks:
            continue
        ks = list(range(ks[-1] + 1))
        if lines:
            # concave gain as the minimum of its tangent lines: g ≤ G(k) + gain_k·(cov − k);
            # exact at integer cov, and the same LP as the ordered steps with no Booleans
            cum = np.concatenate([[0], np.cumsum(row[:len(ks)])]).astype(np.int64)
            g = model.new_int_var(0, int(cum[-1]), f"gain[{q},{t}]")
            for k in ks:
                model.add(g <= int(cum[k]) + int(row[k]) * (cov - k))
            gains.append(g)
            continue
        ys = [model.new_bool_var(f"y[{q},{t},{k}]") for k in ks]
        model.add(sum(ys) <= cov)
        for a, b in zip(ys, ys[1:]):
            model.add_implication(b, a)   # k-th head counts only after the (k-1)-th
        gains.extend(int(row[k]) * y for k, y in zip(ks, ys))
    return sum(gains, cp_model.LinearExpr.constant(0))


LINES_ABOVE_AGENT_DAYS = 1000   # measured: lines wins on 67 agents × 4 weeks, steps on 50 × 2


def gain_encoding(inst: RosterInstance) -> str:
    """The encoding to use: as set, or for ``auto`` by size.

    On a 67-agent, 4-week part ``lines`` had 65 k variables instead of 218 k and five times the
    objective after 30 s; on 50 agents × 2 weeks and smaller, ``steps`` found better rosters and
    used a previous roster's hints far better (3 changes instead of 36 on a re-roster).
    """
    if inst.options.gain_encoding != "auto":
        return inst.options.gain_encoding
    return "lines" if len(inst.agents) * inst.n_days > LINES_ABOVE_AGENT_DAYS else "steps"


def _over_staffing(inst: RosterInstance, v: RosterVariables, model: cp_model.CpModel) -> list[Penalty]:
    """Head-minutes on duty beyond the total requirement of the interval."""
    required = np.asarray(inst.problem.required).sum(axis=0)
    groups = list(range(len(inst.groups)))
    terms = []
    for t in range(inst.n_t):
        if not any((g, t) in v.heads for g in groups):
            continue
        over = model.new_int_var(0, len(inst.agents), f"over[{t}]")
        model.add(over >= v.heads_in(groups, t) - int(required[t]))
        terms.append(over)
    if not terms:
        return []
    return [Penalty("paid time over requirement", sum(terms),
                    inst.options.over_staff_weight_per_min * inst.interval_min)]


def _add_hints(inst: RosterInstance, v: RosterVariables, model: cp_model.CpModel) -> None:
    """The previous roster as a starting point (hints, not constraints)."""
    if not inst.previous:
        return
    for (a, d), o in inst.previous.items():
        for o2, x in v.options(a, d):
            model.add_hint(x, o2 == o)
        w = v.works.get((a, d))
        if w is not None:
            model.add_hint(w, o is not None and o >= 0)
