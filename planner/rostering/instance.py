"""The roster instance: what to roster, compiled into integer minutes and indices.

:class:`RosterProblem` is the contract the service and the UI build. :func:`compile_instance`
turns it into a :class:`RosterInstance` — every shift option an agent may work on each day,
the break slots inside each option, skill groups, weekly limits per 7-day block and floors per
interval — all in integers, because CP-SAT has no floats. The validator reads the same
instance, so the solver and the validator can never disagree on what a rule means.

No OR-Tools here.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from planner.domain import (MINUTES_PER_DAY, Agent, Availability, Preference, Roster, RosterOptions,  # noqa: F401
                            Scenario, Shift, _overlaps_night)
from planner.errors import ScenarioError


@dataclass(frozen=True)
class RosterProblem:
    """What to roster. See docs/architecture.md for the array conventions."""

    scenario: Scenario
    start_date: dt.date
    n_days: int
    required: np.ndarray                 # int (n_queues, n_intervals) scheduled heads wanted
    volume: np.ndarray                   # float (n_queues, n_intervals) forecast contacts
    marginal: np.ndarray | None = None   # int (n_queues, n_intervals, k_max) gain of k-th head
    previous: Roster | None = None       # hints + change penalty; locked shifts kept exactly
    options: RosterOptions = field(default_factory=RosterOptions)
    # Deferred queues (email) are valued by a deadline flow of their work (backlog.py) when the
    # handle time per interval is given; without it they keep their row of ``marginal``.
    aht_s: np.ndarray | None = None        # float (n_queues, n_intervals) forecast handle time
    shrinkage: np.ndarray | None = None    # float (n_queues, n_intervals); None: each queue's own
    # Set by the decomposition (decompose.py), not by callers: heads other parts already allot
    # per queue-interval, and how many parts (this one included) still share the floors.
    covered: np.ndarray | None = None
    floor_share: int = 1
    # The part of ``covered`` that later parts' agents are planned to give (their shifts in
    # ``start_hint``), not yet rostered: a floor is taken off this part only as far as its
    # share allows, so the last part can still meet it if later parts move away from the plan
    planned: np.ndarray | None = None
    # True for every part after the first: the on-time work of ``covered`` was counted there
    covered_counted: bool = False
    # Set by the decomposition: the whole centre's starting roster (shifts only, see
    # seed_hint.py); each part's seed follows its own agents' shifts in it
    start_hint: Roster | None = None
    # Set by the decomposition: this part's share of ``options.paid_hours_budget`` in minutes
    budget_min: int | None = None

    @property
    def n_intervals(self) -> int:
        return self.n_days * MINUTES_PER_DAY // self.scenario.interval_min


@dataclass(frozen=True)
class BreakSlot:
    """One break inside a shift option, placed by the solver within a window.

    ``earliest_min``/``latest_min`` are the allowed *start* offsets from the shift start.
    """

    kind: Literal["break", "lunch"]
    duration_min: int
    earliest_min: int
    latest_min: int

    def starts(self, grid_min: int) -> range:
        return range(self.earliest_min, self.latest_min + 1, grid_min)


@dataclass(frozen=True)
class ShiftOption:
    """One shift an agent may work on a day: a template at a start time."""

    template: str
    start_min: int
    end_min: int
    unpaid_break_min: int
    night: bool
    slots: tuple[BreakSlot, ...] = ()
    fixed_breaks: tuple[tuple[int, int], ...] | None = None   # locked shift: breaks as given
    locked: bool = False

    @property
    def paid_min(self) -> int:
        return self.end_min - self.start_min - self.unpaid_break_min

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.template, self.start_min, self.end_min)


def break_slots(length_min: int, unpaid_break_min: int, options: RosterOptions,
                grid_min: int) -> tuple[BreakSlot, ...]:
    """Break plan of a shift: lunch mid-shift, short breaks about every ``break_every_min``.

    Windows are snapped to the interval grid and kept disjoint and inside the shift, so any
    choice of starts gives non-overlapping breaks — the model then only picks starts.
    """
    if options.break_mode == "none":
        return ()

    def snap(x: float) -> int:
        return int(round(x / grid_min)) * grid_min

    brk = max(grid_min, math.ceil(options.short_break_min / grid_min) * grid_min) if options.short_break_min else 0
    nominal: list[tuple[str, int, float, int]] = []   # kind, duration, nominal start, half-width
    if unpaid_break_min > 0:
        lunch_dur = math.ceil(unpaid_break_min / grid_min) * grid_min
        lunch_start = (length_min - lunch_dur) / 2
        nominal.append(("lunch", lunch_dur, lunch_start, options.lunch_window_min))
        segments = [(0.0, lunch_start), (lunch_start + lunch_dur, float(length_min))]
    else:
        segments = [(0.0, float(length_min))]
    if brk:
        for a, b in segments:
            n = max(0, math.ceil((b - a) / options.break_every_min) - 1)
            for i in range(1, n + 1):
                nominal.append(("break", brk, a + (b - a) * i / (n + 1) - brk / 2, options.break_window_min))
    nominal.sort(key=lambda x: x[2])
    slots: list[BreakSlot] = []
    floor = grid_min  # never the very first interval of a shift
    for i, (kind, dur, start, half) in enumerate(nominal):
        lo = max(floor, snap(start - half))
        nxt = nominal[i + 1][2] - nominal[i + 1][3] if i + 1 < len(nominal) else float(length_min)
        # keep windows disjoint: this break must end before the next one can start
        hi_cap = (int(nxt) // grid_min) * grid_min - dur if i + 1 < len(nominal) else length_min - grid_min - dur
        hi = min(snap(start + half), hi_cap)
        if hi < lo:
            hi = lo = max(floor, min(snap(start), length_min - grid_min - dur))
        if lo + dur > length_min - grid_min + (0 if kind == "break" else grid_min):
            continue  # shift too short for this break
        slots.append(BreakSlot(kind, dur, lo, hi))
        floor = hi + dur
    return tuple(slots)


@dataclass
class RosterInstance:
    """A :class:`RosterProblem` compiled to integers. Built by :func:`compile_instance`."""

    problem: RosterProblem
    scenario: Scenario
    options: RosterOptions
    interval_min: int
    n_days: int
    n_t: int
    days: list[dt.date]
    agents: list[Agent]
    agent_index: dict[str, int]
    skills: list[frozenset[int]]          # queue indices each agent may serve
    group_of: list[int]                   # agent → skill group
    groups: list[tuple[frozenset[int], bool]]   # (skills, vip)
    catalogue: list[ShiftOption]          # every distinct shift option
    allowed: list[list[list[int]]]        # [agent][day] → catalogue indices
    locked: dict[tuple[int, int], int]    # (agent, day) → catalogue index that must be worked
    previous: dict[tuple[int, int], int | None]  # (agent, day) → previous option (None = off)
    is_open: np.ndarray                   # bool (n_q, n_t)
    floor: np.ndarray                     # int (n_q, n_t) heads allotted to the queue
    vip_floor: np.ndarray                 # int (n_q, n_t) VIP-certified skilled heads on duty
    min_staff: np.ndarray                 # int (n_t,) heads on duty
    floor_names: dict[tuple[int, int], str]  # (q, t) → floor that sets floor/vip_floor there
    blocks: list[list[int]]               # 7-day blocks of day indices
    night_bounds: tuple[int, int]

    @property
    def n_queues(self) -> int:
        return len(self.scenario.queues)

    def day_offset(self, d: int) -> int:
        return d * MINUTES_PER_DAY

    def shift_span(self, d: int, o: int) -> tuple[int, int]:
        """Interval range [lo, hi) a shift option on day d covers, cut at the horizon."""
        opt = self.catalogue[o]
        off = d * MINUTES_PER_DAY
        lo = max(0, (off + opt.start_min) // self.interval_min)
        hi = min(self.n_t, -(-(off + opt.end_min) // self.interval_min))
        return lo, hi

    def minute_span(self, d: int, start_min: int, end_min: int) -> tuple[int, int]:
        off = d * MINUTES_PER_DAY
        lo = max(0, (off + start_min) // self.interval_min)
        hi = min(self.n_t, -(-(off + end_min) // self.interval_min))
        return lo, hi

    def paid_bounds(self, a: int, block: list[int]) -> tuple[int, int]:
        """Paid minutes (min, max) of agent ``a`` in a block of days.

        Partial blocks (horizon not a multiple of 7) scale the limits by the block length;
        approved time off lowers the minimum in proportion to the days lost.
        """
        c = self.scenario.contract(self.agents[a].contract)
        avail = sum(1 for d in block if self.agents[a].available(self.days[d]))
        lo = int(math.floor(c.min_week_min * avail / 7))
        hi = int(math.ceil(c.max_week_min * len(block) / 7))
        return lo, hi

    def days_bounds(self, a: int, block: list[int]) -> tuple[int, int]:
        c = self.scenario.contract(self.agents[a].contract)
        avail = sum(1 for d in block if self.agents[a].available(self.days[d]))
        lo = int(math.floor(c.min_days_per_week * avail / 7))
        hi = int(math.ceil(c.max_days_per_week * len(block) / 7))
        return lo, min(hi, len(block))

    def budget_min(self) -> int | None:
        """Paid minutes this instance may use in all (None = no budget). A part of a decomposed
        centre gets its share (``RosterProblem.budget_min``)."""
        if self.problem.budget_min is not None:
            return self.problem.budget_min
        budget_h = self.options.paid_hours_budget
        return int(round(budget_h * 60)) if budget_h > 0 else None

    def contract_min_paid(self, agents: range | list[int] | None = None) -> int:
        """Sum of the agents' weekly minimum paid minutes over the horizon."""
        who = range(len(self.agents)) if agents is None else agents
        return sum(self.paid_bounds(a, block)[0] for a in who for block in self.blocks)

    def value_unit(self) -> int:
        """Objective value of one head-interval: median gain of the last needed head."""
        marginal = self.problem.marginal
        required = np.asarray(self.problem.required)
        if marginal is None:
            return int(self.options.shortfall_weight)
        table = np.asarray(marginal)
        mask = (required > 0) & self.is_open & (required <= table.shape[2])
        if not mask.any():
            return 1
        q, t = np.nonzero(mask)
        gains = table[q, t, required[q, t] - 1]
        return max(1, int(np.median(gains)))

    def is_weekend(self, d: int) -> bool:
        return self.days[d].weekday() >= 5

    def option_of(self, a: int, d: int, shift: Shift) -> int | None:
        """Catalogue index of an option matching a shift (template, start, end), if allowed."""
        for o in self.allowed[a][d]:
            if self.catalogue[o].key == (shift.template, shift.start_min, shift.end_min):
                return o
        return None


def skill_set(agent: Agent, scenario: Scenario) -> frozenset[int]:
    """Queue indices an agent may serve: trained for, and VIP queues only if VIP-certified."""
    return frozenset(k for k, q in enumerate(scenario.queues)
                     if q.name in agent.queues and (not q.is_vip or agent.vip))


def _available_window(agent_id: str, day: dt.date, start: int, end: int,
                      windows: dict[str, list[Availability]]) -> bool:
    mine = windows.get(agent_id)
    if not mine:
        return True
    return any(w.applies(day) and w.from_min <= start and end <= w.to_min for w in mine)


def compile_instance(problem: RosterProblem) -> RosterInstance:
    """Validate the problem and compile it. Raises ScenarioError on inconsistent input."""
    s = problem.scenario
    opts = problem.options
    im = s.interval_min
    n_q = len(s.queues)
    n_t = problem.n_intervals
    problems: list[str] = []
    if problem.n_days < 1:
        problems.append(f"horizon of {problem.n_days} days: plan at least one day")
    if np.shape(problem.required) != (n_q, n_t):
        problems.append(f"required has shape {np.shape(problem.required)}, expected ({n_q}, {n_t}) "
                        f"= (queues, {problem.n_days} days × {MINUTES_PER_DAY // im} intervals)")
    if np.shape(problem.volume) != (n_q, n_t):
        problems.append(f"volume has shape {np.shape(problem.volume)}, expected ({n_q}, {n_t})")
    if problem.marginal is not None and (np.ndim(problem.marginal) != 3 or np.shape(problem.marginal)[:2] != (n_q, n_t)):
        problems.append(f"marginal has shape {np.shape(problem.marginal)}, expected ({n_q}, {n_t}, k_max)")
    for name in ("aht_s", "shrinkage"):
        grid = getattr(problem, name)
        if grid is not None and np.shape(grid) != (n_q, n_t):
            problems.append(f"{name} has shape {np.shape(grid)}, expected ({n_q}, {n_t})")
    if problem.aht_s is not None and not np.all(np.isfinite(problem.aht_s)):
        problems.append("aht_s has missing values: give every queue and interval a handle time")
    contracts = {c.name for c in s.contracts}
    templates = {t.name for t in s.templates}
    for ag in s.agents:
        if ag.contract not in contracts:
            problems.append(f"agent {ag.id}: unknown contract {ag.contract!r}")
    for c in s.contracts:
        for t in c.templates:
            if t not in templates:
                problems.append(f"contract {c.name}: unknown shift template {t!r}")
    if problems:
        raise ScenarioError([*problems])

    days = [problem.start_date + dt.timedelta(days=i) for i in range(problem.n_days)]
    agents = list(s.agents)
    agent_index = {a.id: i for i, a in enumerate(agents)}
    skills = [skill_set(a, s) for a in agents]
    group_keys: dict[tuple[frozenset[int], bool], int] = {}
    group_of = [group_keys.setdefault((skills[i], agents[i].vip), len(group_keys)) for i in range(len(agents))]
    groups = sorted(group_keys, key=group_keys.__getitem__)
    nf, nt_ = s.rules.night_from_min, s.rules.night_to_min

    catalogue: list[ShiftOption] = []
    cat_index: dict[tuple[str, int, int, tuple[tuple[int, int], ...] | None, bool], int] = {}

    def add_option(opt: ShiftOption) -> int:
        k = (*opt.key, opt.fixed_breaks, opt.locked)
        if k not in cat_index:
            cat_index[k] = len(catalogue)
            catalogue.append(opt)
        return cat_index[k]

    template_opts: dict[str, list[int]] = {}
    for t in s.templates:
        slots = break_slots(t.length_min, t.unpaid_break_min, opts, im)
        template_opts[t.name] = []
        for st in t.start_mins:
            night = _overlaps_night(st, st + t.length_min, nf, nt_)
            if opts.break_mode == "fixed":
                # each break at the middle of its window, snapped to the grid
                fixed = tuple((st + (b.earliest_min + b.latest_min) // 2 // im * im,
                               st + (b.earliest_min + b.latest_min) // 2 // im * im + b.duration_min)
                              for b in slots)
                opt = ShiftOption(t.name, st, st + t.length_min, t.unpaid_break_min, night, (), fixed)
            else:
                opt = ShiftOption(t.name, st, st + t.length_min, t.unpaid_break_min, night, slots)
            template_opts[t.name].append(add_option(opt))

    windows: dict[str, list[Availability]] = {}
    for w in opts.availability:
        windows.setdefault(w.agent_id, []).append(w)

    allowed: list[list[list[int]]] = []
    for ag in agents:
        c = s.contract(ag.contract)
        per_day: list[list[int]] = []
        for day in days:
            if not ag.available(day) or (c.weekend_only and day.weekday() < 5):
                per_day.append([])
                continue
            ok = []
            for tname in c.templates:
                for o in template_opts[tname]:
                    opt = catalogue[o]
                    if opt.night and opts.night_needs_capable and not ag.night_capable:
                        continue
                    if not _available_window(ag.id, day, opt.start_min, opt.end_min, windows):
                        continue
                    ok.append(o)
            per_day.append(ok)
        allowed.append(per_day)

    locked: dict[tuple[int, int], int] = {}
    previous: dict[tuple[int, int], int | None] = {}
    if problem.previous is not None:
        prev_days = {d: i for i, d in enumerate(days)}
        for a in range(len(agents)):
            for d in range(len(days)):
                previous[(a, d)] = None
        for sh in problem.previous.shifts:
            a_i = agent_index.get(sh.agent_id)
            d_i = prev_days.get(sh.day)
            if a_i is None or d_i is None:
                continue
            if sh.locked:
                opt = ShiftOption(sh.template, sh.start_min, sh.end_min, sh.unpaid_break_min,
                                  _overlaps_night(sh.start_min, sh.end_min, nf, nt_), (),
                                  fixed_breaks=tuple(sh.breaks), locked=True)
                o = add_option(opt)
                allowed[a_i][d_i] = [o]
                locked[(a_i, d_i)] = o
                previous[(a_i, d_i)] = o
            else:
                match = next((o for o in allowed[a_i][d_i] if catalogue[o].key ==
                              (sh.template, sh.start_min, sh.end_min)), None)
                # a previous shift that is no longer allowed still counts as "worked that day"
                previous[(a_i, d_i)] = match if match is not None else -1

    is_open = np.zeros((n_q, n_t), dtype=bool)
    floor = np.zeros((n_q, n_t), dtype=np.int64)
    vip_floor = np.zeros((n_q, n_t), dtype=np.int64)
    floor_names: dict[tuple[int, int], str] = {}
    qpos = {q.name: k for k, q in enumerate(s.queues)}
    minute = (np.arange(n_t) * im) % MINUTES_PER_DAY
    day_of_t = (np.arange(n_t) * im) // MINUTES_PER_DAY
    for k, q in enumerate(s.queues):
        is_open[k] = [q.is_open(int(m)) for m in minute]
        if q.min_agents:
            floor[k] = np.where(is_open[k], q.min_agents, 0)
    for fl in s.floors:
        k = qpos.get(fl.queue)
        if k is None:
            raise ScenarioError(f"cover floor names unknown queue {fl.queue!r}")
        for t in range(n_t):
            # a floor only means something while the queue takes contacts
            if is_open[k, t] and fl.applies(days[day_of_t[t]], int(minute[t])):
                target = vip_floor if fl.vip_only else floor
                if fl.min_agents > target[k, t]:
                    target[k, t] = fl.min_agents
                    floor_names[(k, t)] = (f"cover floor {fl.queue} {fl.from_min // 60:02d}:{fl.from_min % 60:02d}–"
                                           f"{fl.to_min // 60:02d}:{fl.to_min % 60:02d} ≥ {fl.min_agents}"
                                           + (" VIP" if fl.vip_only else ""))
    min_staff = np.where(is_open.any(axis=0), s.rules.min_staff, 0).astype(np.int64)
    if problem.covered is not None:
        # a part of a decomposed centre: floors net of what earlier parts provide, spread over
        # the parts still to come (never more than the remainder, so the union meets the floor)
        covered = np.rint(np.asarray(problem.covered)).astype(np.int64)
        planned = (np.zeros_like(covered) if problem.planned is None
                   else np.rint(np.asarray(problem.planned)).astype(np.int64))
        done = covered - planned
        share = max(1, problem.floor_share)

        def part_floor(need: np.ndarray, done: np.ndarray, planned: np.ndarray) -> np.ndarray:
            rest = np.maximum(0, need - done)
            return np.minimum(-(-rest // share), np.maximum(0, rest - planned))

        floor = part_floor(floor, done, planned)
        vip_floor = part_floor(vip_floor, done, planned)
        min_staff = part_floor(min_staff, done.sum(axis=0), planned.sum(axis=0))
    # The first hours of day 0 are covered by night shifts that started the evening before the
    # horizon (the previous roster period), so floors are not enforced there.
    carry_in = max((o.end_min - MINUTES_PER_DAY for o in catalogue), default=0)
    carry_t = max(0, carry_in) // im
    floor[:, :carry_t] = 0
    vip_floor[:, :carry_t] = 0
    min_staff[:carry_t] = 0
    blocks = [list(range(b, min(b + 7, len(days)))) for b in range(0, len(days), 7)]
    return RosterInstance(problem=problem, scenario=s, options=opts, interval_min=im, n_days=len(days),
                          n_t=n_t, days=days, agents=agents, agent_index=agent_index, skills=skills,
                          group_of=group_of, groups=groups, catalogue=catalogue, allowed=allowed,
                          locked=locked, previous=previous, is_open=is_open, floor=floor,
                          vip_floor=vip_floor, min_staff=min_staff, floor_names=floor_names,
                          blocks=blocks, night_bounds=(nf, nt_))


def interval_label(inst: RosterInstance, t: int) -> str:
    """'Sat 02:00' style label of interval t, for explanations."""
    m = t * inst.interval_min
    day = inst.days[m // MINUTES_PER_DAY]
    mm = m % MINUTES_PER_DAY
    return f"{day:%a %Y-%m-%d} {mm // 60:02d}:{mm % 60:02d}"
