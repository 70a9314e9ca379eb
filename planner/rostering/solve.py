"""``solve_roster``: run CP-SAT on a roster problem, for the CLI, the service and the UI.

The solve runs on the caller's thread (CP-SAT releases the GIL, so a Qt worker thread keeps the
window live). Progress is copied into an immutable :class:`SolveProgress`, throttled; ``stop``
is watched by a small thread that calls ``stop_search``. Every status is mapped explicitly, and
an infeasible problem comes back with the conflicting rules named (see ``explain``).
"""
from __future__ import annotations

import dataclasses
import math
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from ortools.sat.python import cp_model

from planner.domain import Roster
from planner.errors import Conflict
from planner.rostering.day_windows import window_search, worth_searching
from planner.rostering.explain import explain_infeasible, precheck
from planner.rostering.instance import RosterInstance, RosterOptions, RosterProblem, compile_instance
from planner.rostering.model import BuiltModel, build_model
from planner.rostering.seed_hint import add_demand_hint

__all__ = ["RosterProblem", "RosterOptions", "RosterResult", "SolveProgress", "solve_roster"]

PROGRESS_EVERY_S = 0.3   # a few updates per second are enough for a progress bar
STAGE0_SHARE = 0.75     # at most this share of the time limit for the feasibility seed (it stops at its first roster)
STAGE1_SHARE = 0.85     # share of the rest for the shift stage (breaks at nominal times)
PRESOLVE_ROOM = 4.0     # presolve only with at least this many seed-times left (see _run)
BREAK_STAGE_MIN_S = 15.0  # break stage only with this many seconds for it per 1,000 agent-days
POLISH_SHARE = 0.1      # at most this share of a solve for the local search on the seed's hint
SPLIT_SHARE = 0.15     # at most this share of what is left after the seed for its best queue split
SPLIT_GAP = 0.001      # the split solve stops within this relative gap (see _optimise_split)
SEED_AGREE_EXTRA = 10.0  # after the seed's first roster, this × its time bringing it closer to the hint

_STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}


@dataclass(frozen=True)
class SolveProgress:
    """One progress report: best objective so far, proven bound, seconds since the start."""

    objective: float
    bound: float
    elapsed_s: float


@dataclass(frozen=True)
class RosterResult:
    """Outcome of a solve. ``roster`` is empty unless status is OPTIMAL/FEASIBLE (or CANCELLED
    after a first solution)."""

    roster: Roster
    status: str
    objective: float
    bound: float
    gap: float
    wall_s: float
    coverage: np.ndarray                 # float (n_queues, n_intervals) heads allotted per queue
    conflicts: list[Conflict] = field(default_factory=list)
    penalties: dict[str, float] = field(default_factory=dict)   # named soft terms (weighted)
    service_gain: float = 0.0
    stages: dict[str, dict[str, object]] = field(default_factory=dict)   # two-stage solve details


class _Progress(cp_model.CpSolverSolutionCallback):
    """Copies objective/bound/time out of the solver thread, throttled."""

    def __init__(self, report: Callable[[SolveProgress], None] | None, offset_s: float = 0.0) -> None:
        super().__init__()
        self._report = report
        self._offset_s = offset_s
        self._last = -1.0
        self.solutions = 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        now = self.wall_time
        if self._report is not None and now - self._last >= PROGRESS_EVERY_S:
            self._last = now
            self._report(SolveProgress(float(self.objective_value), float(self.best_objective_bound),
                                       float(now + self._offset_s)))


def relative_gap(objective: float, bound: float) -> float:
    """|bound − objective| / max(1, |objective|) — 0 when proven optimal."""
    return abs(bound - objective) / max(1.0, abs(objective))


def solve_roster(problem: RosterProblem, *, time_limit_s: float = 30, num_workers: int = 2,
                 progress: Callable[[SolveProgress], None] | None = None,
                 stop: threading.Event | None = None) -> RosterResult:
    """Roster ``problem`` with CP-SAT.

    Args:
        problem: requirements, volumes, marginal values and the scenario's rules.
        time_limit_s: wall-clock limit of the main solve (the explanation of an infeasible
            problem may take a few seconds more).
        num_workers: CP-SAT search workers (2 on this machine).
        progress: called from the solver thread with throttled :class:`SolveProgress`.
        stop: set it to cancel; the best roster found so far is returned as CANCELLED.

    Returns:
        A :class:`RosterResult`. INFEASIBLE results carry ``conflicts`` naming rules, agents
        and times. Raises ``ScenarioError`` only for malformed input (bad array shapes,
        unknown contract or template names).
    """
    parts = _parts_for(problem)
    if parts > 1:
        from planner.rostering.decompose import solve_in_parts
        return solve_in_parts(problem, parts, time_limit_s=float(time_limit_s), num_workers=num_workers,  # type: ignore[return-value]
                              progress=progress, stop=stop, solve_one=_solve_whole)
    return _solve_whole(problem, time_limit_s=time_limit_s, num_workers=num_workers, progress=progress, stop=stop)


def _parts_for(problem: RosterProblem) -> int:
    """How many parts to solve a problem in (1 = one model); see ``decompose``."""
    if problem.options.parts:
        return max(1, problem.options.parts)
    agent_days = len(problem.scenario.agents) * problem.n_days
    return max(1, math.ceil(agent_days / problem.options.max_agent_days_per_part))


def _solve_whole(problem: RosterProblem, *, time_limit_s: float = 30, num_workers: int = 2,
                 progress: Callable[[SolveProgress], None] | None = None,
                 stop: threading.Event | None = None) -> RosterResult:
    """One model for all agents (two stages: shifts with nominal breaks, then breaks)."""
    t0 = time.perf_counter()
    inst = compile_instance(problem)
    empty = Roster(problem.start_date, problem.n_days, ())
    zeros = np.zeros((inst.n_queues, inst.n_t))

    def result(status: str, **kw: object) -> RosterResult:
        base: dict[str, object] = dict(roster=empty, status=status, objective=0.0, bound=0.0, gap=0.0,
                                       wall_s=time.perf_counter() - t0, coverage=zeros)
        base.update(kw)
        return RosterResult(**base)  # type: ignore[arg-type]

    found = precheck(inst)
    if found:
        return result("INFEASIBLE", conflicts=found)
    if stop is not None and stop.is_set():
        return result("CANCELLED")

    clock = _Clock(t0, float(time_limit_s))
    two_stage = inst.options.break_mode == "solver" and any(o.slots for o in inst.catalogue)
    # Stage 1 works on shifts with breaks at their nominal times — a much easier model.
    shift_inst = compile_instance(dataclasses.replace(
        problem, options=dataclasses.replace(inst.options, break_mode="fixed"))) if two_stage else inst
    seed_s = clock.remaining() * STAGE0_SHARE
    if not two_stage:
        final = _run(inst, clock.remaining(), num_workers, progress, stop, None, t0, seed_s=seed_s)
        if final.status == "INFEASIBLE":
            budget = max(5.0, min(30.0, float(time_limit_s)))
            final = dataclasses.replace(final, conflicts=explain_infeasible(inst, time_limit_s=budget))
        return dataclasses.replace(final, wall_s=time.perf_counter() - t0)
    # Building the break model and completing its hint cost about 12 s per 1,000 agent-days
    # (50 agents × 2 weeks: 3.4 s + 4.6 s) before it searches at all. Given less, it found
    # nothing in time (that centre at 60 s: 9 s for the stage, no roster), so the shift stage
    # gets the whole limit; at 120 s the break stage ran but did not beat the shift stage.
    break_need_s = BREAK_STAGE_MIN_S * len(inst.agents) * inst.n_days / 1000
    share = STAGE1_SHARE if clock.remaining() * (1 - STAGE1_SHARE) >= break_need_s else 1.0
    warm = _run(shift_inst, clock.remaining() * share, num_workers, progress, stop, None, t0, seed_s=seed_s)
    if stop is not None and stop.is_set():
        return dataclasses.replace(warm, status="CANCELLED", wall_s=time.perf_counter() - t0)
    if warm.status not in ("OPTIMAL", "FEASIBLE"):
        warm = None   # e.g. nominal breaks collide on a floor: the full model starts cold
    elif share == 1.0 or clock.remaining() < break_need_s:
        # the stage-1 roster, breaks at their nominal times, is valid as it is
        return dataclasses.replace(warm, wall_s=time.perf_counter() - t0, stages={
            "shifts": _stage_of(warm),
            "breaks": {"status": "SKIPPED", "objective": warm.objective, "wall_s": 0.0, "kept": "nominal"}})
    shown = progress
    if warm is not None and progress is not None:
        # the break stage's own bound holds only for the shifts it was given: the progress shows
        # the shift stage's bound (as the result does), so the bound on screen never rises
        def shown(p: SolveProgress, cap: float = warm.bound) -> None:
            progress(SolveProgress(p.objective, max(min(p.bound, cap), p.objective), p.elapsed_s))
    final = _run(inst, clock.remaining(), num_workers, shown, stop, warm, t0, fix_shifts=warm is not None,
                 seed_s=0.0 if warm is not None else clock.remaining() * STAGE0_SHARE)
    if warm is not None:
        stages = {"shifts": _stage_of(warm),
                  "breaks": {"status": final.status, "objective": final.objective,
                             "wall_s": final.wall_s - warm.wall_s}}
        if final.status in ("OPTIMAL", "FEASIBLE", "CANCELLED") and final.roster.shifts \
                and final.objective >= warm.objective:
            # The break stage is conditional on the stage-1 shifts, so no bound of the joint
            # problem is proven. Report the shift stage's gap (what the solver proved about the
            # shifts, breaks at nominal times) and never claim OPTIMAL for the joint problem.
            final = dataclasses.replace(final, status="CANCELLED" if final.status == "CANCELLED" else "FEASIBLE",
                                        bound=max(warm.bound, final.objective), gap=warm.gap, stages=stages)
        else:
            # no better break placement in time: the stage-1 roster is valid as it is (its breaks
            # at nominal times are one choice inside the windows), with the same objective
            stages["breaks"]["kept"] = "nominal"
            final = dataclasses.replace(warm, status="CANCELLED" if final.status == "CANCELLED" else warm.status,
                                        stages=stages)
    if final.status == "INFEASIBLE":
        budget = max(5.0, min(30.0, float(time_limit_s)))
        final = dataclasses.replace(final, conflicts=explain_infeasible(inst, time_limit_s=budget))
    return dataclasses.replace(final, wall_s=time.perf_counter() - t0)


def _stage_of(result: RosterResult) -> dict[str, object]:
    """The figures of one stage's result, for ``RosterResult.stages``."""
    return {"status": result.status, "objective": result.objective, "bound": result.bound,
            "gap": result.gap, "wall_s": result.wall_s}


class _Clock:
    def __init__(self, t0: float, limit_s: float) -> None:
        self.t0, self.limit_s = t0, limit_s

    def remaining(self) -> float:
        return max(0.5, self.limit_s - (time.perf_counter() - self.t0))


def _run(inst: RosterInstance, time_limit_s: float, num_workers: int,
         progress: Callable[[SolveProgress], None] | None, stop: threading.Event | None,
         warm: RosterResult | None, t0: float, fix_shifts: bool = False,
         with_objective: bool = True, seed_s: float = 0.0) -> RosterResult:
    """One CP-SAT solve of a compiled instance.

    ``warm`` hints a roster (``fix_shifts`` makes its shifts constraints). ``seed_s`` > 0 first
    solves the same model *without* its objective for at most that long: CP-SAT then finds a
    roster keeping every hard rule in seconds, where the objective-driven search can spend most
    of a minute on its first solution. The seed becomes a complete hint (every variable), so
    the objective run starts from a solution at once.
    """
    # the limit includes building the model: on large parts that takes seconds, and a part that
    # overran its share would push the whole solve past the caller's limit
    deadline = time.perf_counter() + time_limit_s
    zeros = np.zeros((inst.n_queues, inst.n_t))
    empty = Roster(inst.days[0], inst.n_days, ())
    built = build_model(inst, with_objective=with_objective)
    seeded = ""
    if warm is not None:
        _hint_from(built, warm, fix_shifts)
        if fix_shifts and _complete_hint(built.model, 0.5 * (deadline - time.perf_counter()), num_workers, stop):
            seeded = "FEASIBLE_HINT"
    elif seed_s > 0 and with_objective and not inst.previous:
        # (with a previous roster its hints are the better start: they keep changes few)
        # The seed follows the hint where the rules allow: the demand roster polished by local
        # search, or for a part of a decomposed centre its agents' shifts in the whole centre's
        # polished roster (decompose.py). Polishing each part's own greedy roster instead
        # lowered the parts' objectives (M, 3 parts: 125.7 M without it, 75.6 M and 98.3 M with
        # it): each part then grabbed what looked best for it alone.
        whole = inst.problem.covered is None
        add_demand_hint(built.model, built.v,
                        polish_s=POLISH_SHARE * (deadline - time.perf_counter()) if whole else 0.0)
        seed_start = time.perf_counter()
        # the model build and the hint came out of this stage's time: the seed gets at most
        # STAGE0_SHARE of what is left now, so the objective search always keeps the rest (a
        # seed that ran to the deadline left a part with no roster at all)
        seeded = _seed(built.model, min(seed_s, STAGE0_SHARE * (deadline - seed_start)), num_workers, stop,
                       agree=whole or inst.problem.start_hint is not None)
        if seeded == "INFEASIBLE":
            return RosterResult(roster=empty, status="INFEASIBLE", objective=0.0, bound=0.0, gap=0.0,
                                wall_s=time.perf_counter() - t0, coverage=zeros)
        seed_cost_s = time.perf_counter() - seed_start
        if seeded in ("OPTIMAL", "FEASIBLE") and SPLIT_SHARE > 0:
            _optimise_split(built, SPLIT_SHARE * (deadline - time.perf_counter()), num_workers, stop)
        # presolve costs about what the seed cost; with less than PRESOLVE_ROOM times that left
        # it could eat the whole budget, so the search starts from the hint instead
        if seeded in ("OPTIMAL", "FEASIBLE") and deadline - time.perf_counter() < PRESOLVE_ROOM * seed_cost_s:
            seeded = "FEASIBLE_HINT"
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    solver.parameters.num_workers = max(1, int(num_workers))
    if with_objective:
        solver.parameters.relative_gap_limit = inst.options.relative_gap_limit
    if seeded == "FEASIBLE_HINT":
        # With a complete, feasible hint CP-SAT has a roster as soon as it starts searching, but
        # its presolve of a large part takes longer than the seed itself (10 s on 67 agents × 4
        # weeks) and a solve cut off inside presolve returns no roster at all. Skipping it gave
        # the same objective after 30 s and the first roster at once. (With time to spare it
        # stays on: on 50 agents × 2 weeks the bound hardly moved without it.)
        solver.parameters.cp_model_presolve = False
    offset = time.perf_counter() - t0
    # not in the parts of a large centre: on 200 agents × 4 weeks at 600 s (three parts of 190 s)
    # the windows lowered every part's objective by 0.1–0.5 % and the decomposed gap was 12.2 %
    # against 11.8 % without them (one run each)
    windows = with_objective and warm is None and seeded in ("OPTIMAL", "FEASIBLE", "FEASIBLE_HINT") \
        and inst.problem.covered is None and num_workers >= 2 \
        and worth_searching(inst, deadline - time.perf_counter())
    if windows:
        code, solver = _search_with_windows(built, solver, deadline, progress, stop, offset, t0, num_workers)
    else:
        code = _solve_watched(solver, built.model, _Progress(progress, offset), stop)
    status = _STATUS.get(code, "UNKNOWN")
    cancelled = stop is not None and stop.is_set()
    wall = time.perf_counter() - t0
    if status in ("OPTIMAL", "FEASIBLE"):
        objective = float(solver.objective_value) if with_objective else 0.0
        bound = float(solver.best_objective_bound) if with_objective else 0.0
        if progress is not None:
            progress(SolveProgress(objective, bound, wall))
        coverage = zeros.copy()
        for (q, t), cov in built.v.cov.items():
            coverage[q, t] = solver.value(cov)
        penalties = {p.name: float(p.weight * solver.value(p.expr)) for p in built.penalties}
        gain = float(solver.value(built.gain)) if with_objective else 0.0
        return RosterResult(roster=built.v.extract(solver),
                            status="CANCELLED" if cancelled and status == "FEASIBLE" else status,
                            objective=objective, bound=bound, gap=relative_gap(objective, bound), wall_s=wall,
                            coverage=coverage, penalties=penalties, service_gain=gain)
    return RosterResult(roster=empty, status="CANCELLED" if cancelled else status, objective=0.0, bound=0.0,
                        gap=0.0, wall_s=wall, coverage=zeros)


def _search_with_windows(built: BuiltModel, solver: cp_model.CpSolver, deadline: float,
                         progress: Callable[[SolveProgress], None] | None, stop: threading.Event | None,
                         offset: float, t0: float, num_workers: int) -> tuple[int, cp_model.CpSolver]:
    """The whole-model search on one worker beside day-window search (``day_windows``);
    returns the status and the solver whose solution is best, with the whole-model bound.

    The bound comes from the whole-model search's LP alone, which one worker keeps; its other
    worker's neighbourhoods barely moved shifts. The windows get ``num_workers`` of their own
    (on one worker they never left their hint). The model's hint must be complete (the seed
    after its queue split). 50 agents × 2 weeks at 60 s, one run each: objective 10.743 M,
    bound 11.047 M (gap 2.83 %) with both workers on the whole model; 10.757–10.759 M, bound
    11.037 M (2.59–2.60 %) this way.
    """
    model = built.model.clone()   # the windows' copy: the whole-model solve reads built.model
    values = list(model.proto.solution_hint.values)
    if len(values) != len(model.proto.variables) or list(model.proto.solution_hint.vars) != list(range(len(values))):
        return _solve_watched(solver, built.model, _Progress(progress, offset), stop), solver
    solver.parameters.num_workers = 1
    lock = threading.Lock()
    shown = {"objective": float("-inf"), "bound": float("inf"), "at": float("-inf")}

    def show(objective: float, bound: float | None = None) -> None:
        # both searches report here: the best roster of either, the whole-model bound
        with lock:
            better = objective > shown["objective"]
            shown["objective"] = max(shown["objective"], objective)
            if bound is not None:
                shown["bound"] = min(shown["bound"], bound)
            now = time.perf_counter()
            if progress is None or shown["bound"] == float("inf") or shown["objective"] == float("-inf") \
                    or (not better and now - shown["at"] < PROGRESS_EVERY_S):
                return
            shown["at"] = now
            progress(SolveProgress(shown["objective"], max(shown["bound"], shown["objective"]), now - t0))

    done = threading.Event()
    whole: dict[str, object] = {}

    # the whole-model search may find no better roster for a long time while its LP keeps
    # lowering the bound: report the bound as it moves, not only with solutions
    solver.best_bound_callback = lambda bound: show(float("-inf"), float(bound))

    def run_whole() -> None:
        try:
            whole["code"] = _solve_watched(solver, built.model, _Progress(lambda p: show(p.objective, p.bound)), stop)
        except BaseException as exc:   # re-raised on the caller's thread below
            whole["error"] = exc
        finally:
            done.set()

    thread = threading.Thread(target=run_whole, name="roster-whole-model", daemon=True)
    thread.start()
    best, best_obj = window_search(model, built.v, values, deadline,
                                   lambda s, m: _solve_watched(s, m, None, stop), done=done,
                                   report=lambda obj: show(obj), num_workers=num_workers)
    thread.join()
    if "error" in whole:
        raise whole["error"]  # type: ignore[misc]
    code = whole.get("code", cp_model.UNKNOWN)
    if code == cp_model.OPTIMAL or best is None:
        return code, solver
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value >= best_obj:
        return code, solver
    return cp_model.FEASIBLE, _WindowResult(best, float(solver.best_objective_bound))


class _WindowResult:
    """A window search's solution read like a solver: values by variable index, the objective,
    and the whole-model search's bound (a bound of the same model, so never below it)."""

    def __init__(self, solver: cp_model.CpSolver, bound: float) -> None:
        self._solver = solver
        self.objective_value = float(solver.objective_value)
        self.best_objective_bound = max(self.objective_value, bound)

    def value(self, expr: cp_model.LinearExprT) -> int:
        return int(self._solver.value(expr))


def _solve_watched(solver: cp_model.CpSolver, model: cp_model.CpModel,
                   callback: cp_model.CpSolverSolutionCallback | None, stop: threading.Event | None) -> int:
    """Solve, calling ``stop_search`` as soon as ``stop`` is set (from any thread)."""
    done = threading.Event()
    watcher = None
    if stop is not None:
        def watch() -> None:
            while not done.is_set():
                if stop.wait(0.1):
                    solver.stop_search()
                    return
        watcher = threading.Thread(target=watch, name="roster-stop-watch", daemon=True)
        watcher.start()
    try:
        return solver.solve(model, callback) if callback is not None else solver.solve(model)
    finally:
        done.set()
        if watcher is not None:
            watcher.join(timeout=1.0)


def _seed(model: cp_model.CpModel, time_limit_s: float, num_workers: int, stop: threading.Event | None,
          agree: bool = False) -> str:
    """A roster keeping every hard rule, which becomes the model's complete hint.

    The model's objective is set aside. Without ``agree`` the solve stops at its first roster:
    it follows the hint only until its first conflict and then wanders (on 50 agents × 2 weeks
    the hint scored 94.4 % predicted service, the roster built on that seed 93.0 %). With
    ``agree`` it maximises agreement with the hinted shifts, for ``SEED_AGREE_EXTRA`` × the time
    its first roster took after that roster: it keeps what the hint got right and repairs what
    the rules (floors, hours) force (same centre: 94.0 %). Agreement is worth its time: on
    200 agents × 4 weeks in parts, stopping at 0.5 × the first roster's time kept 73 % of the
    hinted shifts exactly (93.3 %), 3 × kept 85 % (94.3 %), 10 × (in practice, the seed's whole
    share) 87 % (94.5 %); on 50 agents × 2 weeks 0.5 × and 10 × both gave 94.1 %.
    """
    plain = model.clone()   # same variable indices, objective set aside
    plain.clear_objective()
    hint = plain.proto.solution_hint
    wanted = list(zip(list(hint.vars), list(hint.values)))
    solver = _solver(time_limit_s, num_workers)
    callback = None
    if agree and wanted:
        var = plain.get_int_var_from_proto_index
        plain.maximize(sum(var(i) if v else 1 - var(i) for i, v in wanted))
        callback = _StopAfterFirst(solver, SEED_AGREE_EXTRA)
    try:
        code = _solve_watched(solver, plain, callback, stop)
    finally:
        if callback is not None:
            callback.cancel()
    status = _STATUS.get(code, "UNKNOWN")
    if status in ("OPTIMAL", "FEASIBLE"):
        model.clear_hints()
        for i in range(len(model.proto.variables)):
            model.add_hint(model.get_int_var_from_proto_index(i), solver.value(plain.get_int_var_from_proto_index(i)))
    return status


class _StopAfterFirst(cp_model.CpSolverSolutionCallback):
    """Stops the search ``extra`` × the time to the first solution after that solution."""

    def __init__(self, solver: cp_model.CpSolver, extra: float) -> None:
        super().__init__()
        self._solver, self._extra = solver, extra
        self._timer: threading.Timer | None = None

    def on_solution_callback(self) -> None:
        if self._timer is None:
            self._timer = threading.Timer(max(0.5, self._extra * self.wall_time), self._solver.stop_search)
            self._timer.daemon = True
            self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _solver(time_limit_s: float, num_workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit_s)
    solver.parameters.num_workers = max(1, int(num_workers))
    return solver


def _complete_hint(model: cp_model.CpModel, time_limit_s: float, num_workers: int,
                   stop: threading.Event | None) -> bool:
    """Turn a partial hint into a complete one: solve with every hinted variable fixed.

    The break stage hints the stage-1 roster (shifts, breaks at their nominal times, queue
    split) but not the derived variables (heads, service gain, over-staffing, fairness counts).
    With the hinted ones fixed, what is left is determined, so this solve is immediate and its
    solution — the stage-1 roster, same objective — becomes a complete, feasible hint.
    """
    fixed = model.clone()
    hint = fixed.proto.solution_hint
    for index, value in zip(list(hint.vars), list(hint.values)):
        var = fixed.get_int_var_from_proto_index(index)
        fixed.add(var == int(value))
    solver = _solver(time_limit_s, num_workers)
    code = _solve_watched(solver, fixed, None, stop)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    model.clear_hints()
    for i in range(len(model.proto.variables)):
        model.add_hint(model.get_int_var_from_proto_index(i), solver.value(fixed.get_int_var_from_proto_index(i)))
    return True


def _optimise_split(built: BuiltModel, time_limit_s: float, num_workers: int,
                    stop: threading.Event | None) -> bool:
    """Give the seed's shifts their best queue split, service gain and penalties, as the hint.

    The seed solves without the objective, so its hint holds the shifts it chose but an
    arbitrary split of their heads across queues and no service gain: on 50 agents × 2 weeks
    the objective search started from −0.07 M and ended its 60 s at 10.31 M, below the seed's
    own worth (10.46 M) — it spent the time moving heads between queues, not shifts. CP-SAT is
    slow at the split itself (the seed's shifts fixed, 20 s reached 10.34 M), but the
    evaluator's split (greedy over the Hall polymatroid) is optimal for the concave value and
    instant. So the split is fixed to it, the solver fills in the gain and penalty variables
    (1 s on that centre), and that solution becomes the complete hint.
    """
    from planner.rostering.decompose import cover_of   # decompose imports this module's callers

    v, inst = built.v, built.v.inst
    hint = built.model.proto.solution_hint
    hinted = dict(zip(list(hint.vars), list(hint.values)))
    if inst.problem.marginal is None or not v.cov:
        return False
    split = cover_of(inst, v.extract(_Hinted(hinted)).shifts)
    fixed = built.model.clone()
    decisions = [*v.x.values(), *v.works.values(), *(b for day in v.brk.values() for b in day.values()),
                 *(lit for slots in v.meeting_slots.values() for _, _, lit in slots)]
    for var in decisions:
        if var.index in hinted:
            fixed.add(fixed.get_int_var_from_proto_index(var.index) == int(hinted[var.index]))
    for (q, t), cov in v.cov.items():
        fixed.add(fixed.get_int_var_from_proto_index(cov.index) == min(int(split[q, t]), v.cov_ub[(q, t)]))
    solver = _solver(time_limit_s, num_workers)
    solver.parameters.relative_gap_limit = SPLIT_GAP
    code = _solve_watched(solver, fixed, None, stop)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False   # e.g. a queue floor the value-greedy split leaves short: keep the seed's split
    model = built.model
    model.clear_hints()
    for i in range(len(model.proto.variables)):
        model.add_hint(model.get_int_var_from_proto_index(i), solver.value(fixed.get_int_var_from_proto_index(i)))
    return True


class _Hinted:
    """Reads a hint as if it were a solution (for :meth:`RosterVariables.extract`)."""

    def __init__(self, values: dict[int, int]) -> None:
        self._values = values

    def value(self, var: cp_model.IntVar) -> int:
        return int(self._values.get(var.index, 0))


def _hint_from(built: BuiltModel, warm: RosterResult, fix_shifts: bool) -> None:
    """Hint every shift, break and allotment of a stage-1 roster into the full model.

    With ``fix_shifts`` the shifts themselves become constraints, so only breaks (and the
    split across queues) are left to optimise — a small model CP-SAT closes in seconds.
    """
    v, model, inst = built.v, built.model, built.v.inst
    for sh in warm.roster.shifts:
        a = inst.agent_index[sh.agent_id]
        d = (sh.day - inst.days[0]).days
        chosen = inst.option_of(a, d, sh)
        if chosen is None and (a, d) in inst.locked:
            chosen = inst.locked[(a, d)]
        for o, x in v.options(a, d):
            model.add_hint(x, o == chosen)
            if fix_shifts:
                model.add(x == int(o == chosen))
        # a break start belongs to slot j only if it lies in slot j's window of the chosen
        # option: the same start can sit in another slot's window of another option that day
        slots = inst.catalogue[chosen].slots if chosen is not None else ()
        for (j, kind, dur, m), b in v.brk.get((a, d), {}).items():
            own = j < len(slots) and (slots[j].kind, slots[j].duration_min) == (kind, dur) and \
                slots[j].earliest_min <= m - inst.catalogue[chosen].start_min <= slots[j].latest_min
            model.add_hint(b, own and (m, m + dur) in sh.breaks)
    worked = {(inst.agent_index[sh.agent_id], (sh.day - inst.days[0]).days) for sh in warm.roster.shifts}
    for (a, d), w in v.works.items():
        model.add_hint(w, (a, d) in worked)
        if fix_shifts:
            model.add(w == int((a, d) in worked))
        if (a, d) not in worked:
            for _, x in v.options(a, d):
                model.add_hint(x, False)
            for b in v.brk.get((a, d), {}).values():
                model.add_hint(b, False)
    for (q, t), cov in v.cov.items():
        model.add_hint(cov, int(round(warm.coverage[q, t])))


def solve_instance_feasible(inst: RosterInstance, time_limit_s: float) -> str:
    """Status of the hard rules alone (no objective) — used by tests and explanations."""
    built = build_model(inst, with_objective=False)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1
    return _STATUS.get(solver.solve(built.model), "UNKNOWN")
