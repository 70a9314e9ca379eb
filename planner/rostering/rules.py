"""Roster rules, one class each, with stable human names.

A rule adds hard constraints (each behind the literals from ``ctx.guard(...)`` so an
infeasible model can be explained) and/or returns named, graded :class:`Penalty` terms
(minutes short, days off the wish — not a flat 1). Skills, time off, availability, contract
templates, night capability and locks are enforced earlier, by which shift options exist at
all (see ``instance.compile_instance``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ortools.sat.python import cp_model

from planner.domain import MINUTES_PER_DAY
from planner.errors import Conflict
from planner.rostering.instance import RosterInstance
from planner.rostering.variables import RosterVariables

Expr = cp_model.LinearExprT


@dataclass
class Penalty:
    """A soft term: the objective subtracts ``weight * expr``."""

    name: str
    expr: Expr
    weight: int


@dataclass
class BuildContext:
    """What a rule sees while adding itself to the model."""

    inst: RosterInstance
    v: RosterVariables
    model: cp_model.CpModel
    explain: bool = False
    unit: int = 1    # objective value of one head-interval (RosterInstance.value_unit)
    guards: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)

    def guard(self, rule: str, subject: str) -> list[cp_model.IntVar]:
        """Enforcement literals for a hard constraint of ``rule`` about ``subject``.

        Outside explanation mode there are none (the constraint is unconditional). In
        explanation mode each (rule, subject) gets one assumption literal, so
        ``sufficient_assumptions_for_infeasibility`` can name it.
        """
        if not self.explain:
            return []
        key = (rule, subject)
        if key not in self.guards:
            self.guards[key] = self.model.new_bool_var(f"assume[{rule}|{subject}]")
        return [self.guards[key]]

    def conflict(self, lit_index: int) -> Conflict | None:
        for (rule, subject), lit in self.guards.items():
            if lit.index == lit_index:
                return Conflict(rule, subject)
        return None


class Rule(Protocol):
    name: str

    def apply(self, ctx: BuildContext) -> list[Penalty]: ...


def _add(ctx: BuildContext, ct: cp_model.Constraint, rule: str, subject: str) -> None:
    lits = ctx.guard(rule, subject)
    if lits:
        ct.only_enforce_if(lits)


def _agent_label(ctx: BuildContext, a: int) -> str:
    ag = ctx.inst.agents[a]
    return f"agent {ag.name} ({ag.id})" if ag.name and ag.name != ag.id else f"agent {ag.id}"


def _block_label(ctx: BuildContext, block: list[int]) -> str:
    return f"{ctx.inst.days[block[0]]:%a %Y-%m-%d}–{ctx.inst.days[block[-1]]:%a %Y-%m-%d}"


class MinRest:
    """Minimum rest between the end of one shift and the start of the next (across days)."""

    name = "minimum rest"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v = ctx.inst, ctx.v
        rest = inst.scenario.rules.min_rest_min
        longest = max((o.end_min for o in inst.catalogue), default=0)
        reach = 1 + max(0, (longest + rest) // MINUTES_PER_DAY)
        for a in range(len(inst.agents)):
            for d in range(inst.n_days):
                first = v.options(a, d)
                if not first:
                    continue
                ends = sorted({d * MINUTES_PER_DAY + inst.catalogue[o].end_min for o, _ in first}, reverse=True)
                for d2 in range(d + 1, min(inst.n_days, d + reach + 1)):
                    second = v.options(a, d2)
                    seen: set[int] = set()
                    for e in sorted(ends):
                        early = [x for o, x in second if d2 * MINUTES_PER_DAY + inst.catalogue[o].start_min < e + rest]
                        # the clause of the smallest end with a given set of too-early starts
                        # implies those of later ends with the same set (their 'late' set is smaller)
                        if not early or len(early) in seen:
                            continue
                        seen.add(len(early))
                        late = [x for o, x in first if d * MINUTES_PER_DAY + inst.catalogue[o].end_min >= e]
                        # a pair (shift ending ≥ e, shift starting before e + rest) is forbidden;
                        # one clause per distinct end covers every such pair
                        _add(ctx, ctx.model.add(sum(late) + sum(early) <= 1), self.name,
                             f"{_agent_label(ctx, a)}, {inst.days[d]:%a %d %b}→{inst.days[d2]:%a %d %b} "
                             f"(rest ≥ {rest / 60:g} h)")
        return []


class Locks:
    """A shift a team lead locked is worked exactly as locked (its option is the only one)."""

    name = "locked shift"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v = ctx.inst, ctx.v
        for (a, d), o in inst.locked.items():
            opt = inst.catalogue[o]
            _add(ctx, ctx.model.add(v.x[(a, d, o)] == 1), self.name,
                 f"{_agent_label(ctx, a)}, {inst.days[d]:%a %d %b} {opt.template} "
                 f"{opt.start_min // 60:02d}:{opt.start_min % 60:02d}")
        return []


class WeeklyPaidMinutes:
    """Paid minutes per 7-day block within the contract's min/max."""

    name = "weekly paid hours"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v = ctx.inst, ctx.v
        for a in range(len(inst.agents)):
            for block in inst.blocks:
                lo, hi = inst.paid_bounds(a, block)
                paid = v.paid_min(a, block)
                subject = f"{_agent_label(ctx, a)}, {_block_label(ctx, block)} ({lo / 60:g}–{hi / 60:g} h)"
                _add(ctx, ctx.model.add_linear_constraint(paid, lo, hi), self.name, subject)
        return []


class PaidHoursBudget:
    """Total paid hours of the roster within the planner's budget (``paid_hours_budget``)."""

    name = "paid hours budget"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v = ctx.inst, ctx.v
        budget = inst.budget_min()
        if budget is None:
            return []
        paid = sum((v.paid_min(a, list(range(inst.n_days))) for a in range(len(inst.agents))),
                   cp_model.LinearExpr.constant(0))
        _add(ctx, ctx.model.add(paid <= budget), self.name, f"total paid hours ≤ {budget / 60:g} h")
        return []


class DaysPerWeek:
    """Working days per 7-day block within the contract's min/max (so days off per week)."""

    name = "days per week"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v = ctx.inst, ctx.v
        for a in range(len(inst.agents)):
            for block in inst.blocks:
                lo, hi = inst.days_bounds(a, block)
                if lo == 0 and hi >= len(block):
                    continue
                n = sum((v.works_on(a, d) for d in block), cp_model.LinearExpr.constant(0))
                _add(ctx, ctx.model.add_linear_constraint(n, lo, hi), self.name,
                     f"{_agent_label(ctx, a)}, {_block_label(ctx, block)} ({lo}–{hi} days)")
        return []


class MaxConsecutiveDays:
    """No more than the contract's maximum consecutive working days."""

    name = "max consecutive days"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v = ctx.inst, ctx.v
        for a in range(len(inst.agents)):
            k = inst.scenario.contract(inst.agents[a].contract).max_consecutive_days
            for d in range(0, inst.n_days - k):
                window = [v.works_on(a, e) for e in range(d, d + k + 1)]
                if sum(1 for w in window if not isinstance(w, int)) <= k:
                    continue
                _add(ctx, ctx.model.add(sum(window) <= k), self.name,
                     f"{_agent_label(ctx, a)}, from {inst.days[d]:%a %d %b} (≤ {k} days in a row)")
        return []


class MinConsecutiveDaysOff:
    """A run of days off between two worked days lasts at least N days (approved leave excused)."""

    name = "min consecutive days off"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v = ctx.inst, ctx.v
        m = inst.options.min_consecutive_days_off
        for a in range(len(inst.agents)):
            ag = inst.agents[a]
            for k in range(1, m):
                for d in range(0, inst.n_days - k - 1):
                    first, last = v.works_on(a, d), v.works_on(a, d + k + 1)
                    if isinstance(first, int) or isinstance(last, int):
                        continue
                    middle = list(range(d + 1, d + k + 1))
                    if any(not ag.available(inst.days[e]) for e in middle):
                        continue
                    lits = [first.Not(), last.Not()] + [w for e in middle if not isinstance(w := v.works_on(a, e), int)]
                    _add(ctx, ctx.model.add_bool_or(lits), self.name,
                         f"{_agent_label(ctx, a)}, {inst.days[d + 1]:%a %d %b} (≥ {m} days off in a row)")
        return []


class CoverFloors:
    """Night, weekend and VIP cover floors, queue minimums and the centre-wide minimum staff."""

    name = "cover floor"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v, model = ctx.inst, ctx.v, ctx.model
        vip_groups = {q: [g for g, (sk, vip) in enumerate(inst.groups) if vip and q in sk] for q in range(inst.n_queues)}
        all_groups = list(range(len(inst.groups)))
        for t in range(inst.n_t):
            day = inst.days[t * inst.interval_min // MINUTES_PER_DAY]
            for q in range(inst.n_queues):
                need = int(inst.floor[q, t])
                if need > 0:
                    subject = f"{inst.floor_names.get((q, t), f'queue {inst.scenario.queues[q].name} minimum ≥ {need}')}" \
                              f" on {day:%a %Y-%m-%d}"
                    cov = v.cov.get((q, t), 0)
                    if isinstance(cov, int):
                        # nobody skilled can be on duty here at all: the floor cannot hold
                        _add(ctx, model.add_bool_or([]), self.name, subject)
                    else:
                        _add(ctx, model.add(cov >= need), self.name, subject)
                need_vip = int(inst.vip_floor[q, t])
                if need_vip > 0:
                    subject = f"{inst.floor_names.get((q, t), 'VIP floor')} on {day:%a %Y-%m-%d}"
                    _add(ctx, model.add(v.heads_in(vip_groups[q], t) >= need_vip), self.name, subject)
            if inst.min_staff[t] > 0:
                _add(ctx, model.add(v.heads_in(all_groups, t) >= int(inst.min_staff[t])), "minimum staff",
                     f"≥ {int(inst.min_staff[t])} on duty while open, {day:%a %Y-%m-%d}")
        return []


class NightWeekendLimits:
    """Hard per-agent maxima of night shifts and weekend days per 7-day block."""

    name = "night/weekend maximum"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v = ctx.inst, ctx.v
        rules = inst.scenario.rules
        for a in range(len(inst.agents)):
            weekend_only = inst.scenario.contract(inst.agents[a].contract).weekend_only
            for block in inst.blocks:
                nights = [x for d in block for o, x in v.options(a, d) if inst.catalogue[o].night]
                if len(nights) > rules.max_nights_per_week:
                    _add(ctx, ctx.model.add(sum(nights) <= rules.max_nights_per_week), "max nights per week",
                         f"{_agent_label(ctx, a)}, {_block_label(ctx, block)} (≤ {rules.max_nights_per_week})")
                wk = [v.works_on(a, d) for d in block if inst.is_weekend(d)]
                wk = [w for w in wk if not isinstance(w, int)]
                if not weekend_only and len(wk) > rules.max_weekend_days_per_week:
                    _add(ctx, ctx.model.add(sum(wk) <= rules.max_weekend_days_per_week), "max weekend days per week",
                         f"{_agent_label(ctx, a)}, {_block_label(ctx, block)} (≤ {rules.max_weekend_days_per_week})")
        return []


class Fairness:
    """Soft: spread (max − min) of nights and of weekend days across eligible agents."""

    name = "fairness"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v, model = ctx.inst, ctx.v, ctx.model
        out: list[Penalty] = []
        for label, pick in (("nights", lambda a, d, o: inst.catalogue[o].night),
                            ("weekend days", lambda a, d, o: inst.is_weekend(d))):
            counts = []
            for a in range(len(inst.agents)):
                if inst.scenario.contract(inst.agents[a].contract).weekend_only:
                    continue
                terms = [x for d in range(inst.n_days) for o, x in v.options(a, d) if pick(a, d, o)]
                if terms:
                    c = model.new_int_var(0, inst.n_days, f"{label}[{a}]")
                    model.add(c == sum(terms))
                    counts.append(c)
            if len(counts) < 2:
                continue
            hi = model.new_int_var(0, inst.n_days, f"max {label}")
            lo = model.new_int_var(0, inst.n_days, f"min {label}")
            model.add_max_equality(hi, counts)
            model.add_min_equality(lo, counts)
            out.append(Penalty(f"spread of {label}", hi - lo, round(inst.options.fairness_weight * ctx.unit)))
        return out


class Preferences:
    """Soft: agents' wishes for days off, days on and start times."""

    name = "preferences"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v = ctx.inst, ctx.v
        out: list[Penalty] = []
        for p in inst.options.preferences:
            a = inst.agent_index.get(p.agent_id)
            if a is None:
                continue
            for d, day in enumerate(inst.days):
                if not p.applies(day):
                    continue
                w = v.works_on(a, d)
                if p.wants == "off":
                    expr: Expr = w
                elif p.wants == "work":
                    expr = 1 - w
                else:
                    expr = sum((x for o, x in v.options(a, d)
                                if not p.from_min <= inst.catalogue[o].start_min <= p.to_min),
                               cp_model.LinearExpr.constant(0))
                if isinstance(expr, int) and expr == 0:
                    continue
                out.append(Penalty(f"preference {p.agent_id} {p.wants} {day}", expr, round(p.weight * ctx.unit)))
        return out


class ChangePenalty:
    """Soft: agent-days that differ from the previous (published) roster."""

    name = "changes to published roster"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v = ctx.inst, ctx.v
        terms: list[Expr] = []
        for (a, d), o in inst.previous.items():
            if (a, d) in inst.locked:
                continue
            if o is None:
                w = v.works_on(a, d)
                if not isinstance(w, int):
                    terms.append(w)
            elif o >= 0:
                terms.append(1 - v.x[(a, d, o)])
        if not terms:
            return []
        return [Penalty(self.name, sum(terms), round(inst.options.change_weight * ctx.unit))]


class TeamMeetings:
    """Each team meets N minutes per 7-day block, all present members together, off the phones.

    Must run before coverage is built: attendance is subtracted from the heads on duty, which is
    what steers meetings into low-demand time.
    """

    name = "team meeting"

    def apply(self, ctx: BuildContext) -> list[Penalty]:
        inst, v, model = ctx.inst, ctx.v, ctx.model
        im = inst.interval_min
        opts = inst.options
        for team, minutes in opts.meeting_min_per_week:
            dur = -(-minutes // im) * im
            members = [a for a, ag in enumerate(inst.agents) if ag.team == team]
            if not members or dur <= 0:
                continue
            for block in inst.blocks:
                cands: list[cp_model.IntVar] = []
                for d in block:
                    if inst.days[d].weekday() not in opts.meeting_weekdays:
                        continue
                    present = [a for a in members if v.options(a, d)]
                    if not present:
                        continue
                    for s in range(opts.meeting_from_min, opts.meeting_to_min - dur + 1, max(im, 30)):
                        m = model.new_bool_var(f"meet[{team},{d},{s}]")
                        lo, hi = inst.minute_span(d, s, s + dur)
                        for a in present:
                            ok = [x for o, x in v.options(a, d) if _covers(inst, o, s, s + dur)]
                            model.add(m <= sum(ok, cp_model.LinearExpr.constant(0)))
                            for key, b in v.brk.get((a, d), {}).items():
                                if key[3] < s + dur and s < key[3] + key[2]:
                                    model.add_bool_or([m.Not(), b.Not()])
                            v.meeting_slots.setdefault((a, d), []).append((s, s + dur, m))
                            g = inst.group_of[a]
                            for t in range(lo, hi):
                                v.off_phone.setdefault((g, t), []).append((-1, m))
                        cands.append(m)
                _add(ctx, model.add(sum(cands, cp_model.LinearExpr.constant(0)) == 1), self.name,
                     f"team {team}, {_block_label(ctx, block)} ({minutes} min together)")
        return []


def _covers(inst: RosterInstance, o: int, start: int, end: int) -> bool:
    opt = inst.catalogue[o]
    if not (opt.start_min <= start and end <= opt.end_min):
        return False
    return not any(b0 < end and start < b1 for b0, b1 in opt.fixed_breaks or ())


def hard_rules() -> list[Rule]:
    """Rules added after coverage exists, in a stable order."""
    return [Locks(), MinRest(), WeeklyPaidMinutes(), PaidHoursBudget(), DaysPerWeek(), MaxConsecutiveDays(), MinConsecutiveDaysOff(),
            CoverFloors(), NightWeekendLimits()]


def soft_rules() -> list[Rule]:
    return [Fairness(), Preferences(), ChangePenalty()]

