"""CP-SAT variables of the roster model and the queries the rules use.

Per agent and day: one Boolean per allowed shift option (``x``) and ``works`` (at most one
option). Per agent, day and break slot: one Boolean per allowed absolute start (``brk``).
Coverage is aggregated by skill group before it reaches the interval constraints: per group,
day and option the number of agents working it (``n_shift``), and likewise for break starts,
so an interval constraint has one term per option or break start that touches it, not one per
agent. ``cov[q, t]`` is the number of agents the solver allots to queue q in interval t.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.domain import Roster, Shift
from planner.rostering.instance import RosterInstance

BreakKey = tuple[int, str, int, int]   # (slot ordinal, kind, duration_min, absolute start on day clock)


@dataclass
class RosterVariables:
    """The decision variables; built by :func:`build_variables`."""

    inst: RosterInstance
    model: cp_model.CpModel
    x: dict[tuple[int, int, int], cp_model.IntVar] = field(default_factory=dict)
    works: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    brk: dict[tuple[int, int], dict[BreakKey, cp_model.IntVar]] = field(default_factory=dict)
    heads: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)   # (group, t)
    off_phone: dict[tuple[int, int], list[tuple[int, cp_model.IntVar]]] = field(default_factory=dict)
    cov: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)     # (queue, t)
    cov_ub: dict[tuple[int, int], int] = field(default_factory=dict)

    # ------------------------------------------------------------------ queries
    def works_on(self, a: int, d: int) -> cp_model.IntVar | int:
        return self.works.get((a, d), 0)

    def options(self, a: int, d: int) -> list[tuple[int, cp_model.IntVar]]:
        return [(o, self.x[(a, d, o)]) for o in self.inst.allowed[a][d]]

    def paid_min(self, a: int, days: list[int]) -> cp_model.LinearExpr:
        return sum((self.inst.catalogue[o].paid_min * v for d in days for o, v in self.options(a, d)),
                   cp_model.LinearExpr.constant(0))

    def heads_in(self, groups: list[int], t: int) -> cp_model.LinearExpr:
        return sum((self.heads[(g, t)] for g in groups if (g, t) in self.heads),
                   cp_model.LinearExpr.constant(0))

    # --------------------------------------------------------------- extraction
    def extract(self, solver: cp_model.CpSolver) -> Roster:
        """The roster of the solver's current solution."""
        inst = self.inst
        shifts: list[Shift] = []
        for (a, d), w in self.works.items():
            if not solver.value(w):
                continue
            o = next(o for o, v in self.options(a, d) if solver.value(v))
            opt = inst.catalogue[o]
            if opt.fixed_breaks is not None:
                breaks = list(opt.fixed_breaks)
            else:
                breaks = [(m, m + dur) for (_, _, dur, m), v in self.brk.get((a, d), {}).items() if solver.value(v)]
            breaks += [(s, e) for s, e, v in self.meetings_of(a, d) if solver.value(v)]
            shifts.append(Shift(agent_id=inst.agents[a].id, day=inst.days[d], template=opt.template,
                                start_min=opt.start_min, end_min=opt.end_min,
                                unpaid_break_min=opt.unpaid_break_min, breaks=tuple(sorted(breaks)),
                                locked=opt.locked))
        shifts.sort(key=lambda s: (s.day, s.agent_id))
        return Roster(start_date=inst.days[0], n_days=inst.n_days, shifts=tuple(shifts))

    # meetings are added by the TeamMeetings rule: (agent, day) → [(start, end, literal)]
    meeting_slots: dict[tuple[int, int], list[tuple[int, int, cp_model.IntVar]]] = field(default_factory=dict)

    def meetings_of(self, a: int, d: int) -> list[tuple[int, int, cp_model.IntVar]]:
        return self.meeting_slots.get((a, d), [])


def build_variables(inst: RosterInstance, model: cp_model.CpModel) -> RosterVariables:
    """Shift and break Booleans with their structural links (one shift a day, breaks in shift)."""
    v = RosterVariables(inst=inst, model=model)
    im = inst.interval_min
    for a in range(len(inst.agents)):
        for d in range(inst.n_days):
            opts = inst.allowed[a][d]
            if not opts:
                continue
            for o in opts:
                v.x[(a, d, o)] = model.new_bool_var(f"x[{a},{d},{o}]")
            w = model.new_bool_var(f"works[{a},{d}]")
            v.works[(a, d)] = w
            # at most one shift per day: exactly one option iff working
            model.add(sum(v.x[(a, d, o)] for o in opts) == w)
            _add_breaks(v, a, d, opts, im)
    return v


def _add_breaks(v: RosterVariables, a: int, d: int, opts: list[int], im: int) -> None:
    """Break-start Booleans of one agent-day, tied to the chosen shift option.

    Slots are keyed by (ordinal, kind, duration): for each key, exactly one start is chosen iff
    the worked option has that slot, and a start can only be chosen if it lies in the window of
    the worked option. With at most one option per day this is exact.
    """
    inst = v.inst
    supports: dict[BreakKey, list[int]] = {}
    owners: dict[tuple[int, str, int], list[int]] = {}
    for o in opts:
        opt = inst.catalogue[o]
        for j, slot in enumerate(opt.slots):
            owners.setdefault((j, slot.kind, slot.duration_min), []).append(o)
            for rel in slot.starts(im):
                supports.setdefault((j, slot.kind, slot.duration_min, opt.start_min + rel), []).append(o)
    if not supports:
        return
    model = v.model
    bvars: dict[BreakKey, cp_model.IntVar] = {}
    for key, os_ in supports.items():
        b = model.new_bool_var(f"brk[{a},{d},{key[0]},{key[3]}]")
        bvars[key] = b
        model.add(b <= sum(v.x[(a, d, o)] for o in os_))
    for (j, kind, dur), os_ in owners.items():
        model.add(sum(b for k, b in bvars.items() if k[:3] == (j, kind, dur))
                  == sum(v.x[(a, d, o)] for o in os_))
    v.brk[(a, d)] = bvars

