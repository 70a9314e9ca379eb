"""The email backlog in the roster objective: solver and scorer (``work_queue``) agree.

A seeded two-day centre with one phone and one email queue; the problem is built by
``PlanSession.build_problem`` as the app builds it, so the handle times and shrinkage reach the
model the same way.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from ortools.sat.python import cp_model

from planner.domain import Agent, Contract, Queue, Rules, Scenario, ShiftTemplate
from planner.evaluation import horizon_index
from planner.rostering.backlog import TICKET_SCALE, add_deadline_flow, deferred_work, edf_value
from planner.rostering.decompose import part_problem
from planner.rostering.instance import RosterOptions, RosterProblem, compile_instance
from planner.rostering.model import build_model
from planner.rostering.solve import solve_roster
from planner.rostering.validate import validate
from planner.service import PlanSession
from planner.staffing.deferred import deadlines, work_queue
from planner.staffing.requirements import requirements

START = dt.date(2026, 3, 2)   # Monday
IM = 15
N_DAYS = 2
PHONE, EMAIL = 0, 1
SOLVE_S = 10.0   # the search's time limit in the solving tests


def centre(seed: int = 3) -> RosterProblem:
    """Phone 08–20 and email 08–18 (90 % within 2 opening hours), 6 agents, 2 days; enough
    email-only agents that email can meet its target without taking heads from phone."""
    queues = (
        Queue("phone", "voice", 8 * 60, 20 * 60, 0.8, 20.0, max_occupancy=0.9, shrinkage=0.1, aht_s=240.0),
        Queue("email", "email", 8 * 60, 18 * 60, 0.9, 7200.0, max_occupancy=0.95, deferred_pct=0.9,
              deferred_hours=2.0, shrinkage=0.1, aht_s=420.0),
    )
    templates = (ShiftTemplate("day", tuple(range(8 * 60, 12 * 60 + 1, 60)), 480, 0),
                 ShiftTemplate("half", tuple(range(8 * 60, 16 * 60 + 1, 60)), 240, 0))
    # weekly maxima are prorated to the 2-day horizon: these allow a shift on both days
    contracts = (Contract("ft", 0, 56 * 60, ("day",), max_days_per_week=7),
                 Contract("pt", 0, 28 * 60, ("half",), max_days_per_week=7))
    agents = (Agent("p1", "Li Na", "enq", "ft", ("phone",)),
              Agent("p2", "Wang Wei", "enq", "ft", ("phone",)),
              Agent("p3", "Sun Li", "enq", "pt", ("phone",)),
              Agent("m1", "Zhang Min", "cmp", "ft", ("phone", "email")),
              Agent("e1", "Chen Jie", "cmp", "ft", ("email",)),
              Agent("e2", "Zhao Lei", "cmp", "ft", ("email",)))
    scenario = Scenario(name="backlog", queues=queues, agents=agents, contracts=contracts, templates=templates,
                        rules=Rules(min_rest_min=11 * 60, min_staff=0), floors=(), interval_min=IM, start_date=START)
    index = horizon_index(START, N_DAYS, IM)
    rng = np.random.default_rng(seed)
    hour = (index.hour + index.minute / 60).to_numpy()
    shape = np.exp(-((hour - 11.0) / 2.5) ** 2) + 0.15
    phone = np.where((hour >= 8) & (hour < 20), 3.0 * shape * rng.uniform(0.8, 1.2, len(index)), 0.0)
    email = 1.2 * shape * rng.uniform(0.7, 1.3, len(index))   # tickets arrive around the clock
    frame = pd.concat([pd.DataFrame({"start": index, "queue": "phone", "volume": phone, "aht_s": 240.0}),
                       pd.DataFrame({"start": index, "queue": "email", "volume": email,
                                     "aht_s": rng.uniform(380.0, 460.0, len(index))})], ignore_index=True)
    session = PlanSession(scenario, pd.DataFrame({"start": pd.to_datetime([]), "queue": []}))
    session.start_date, session.n_days = START, N_DAYS
    session.forecast = SimpleNamespace(frame=frame, model_by_queue={})
    session.requirements = requirements(frame, queues, IM)
    return dataclasses.replace(session.build_problem(), options=RosterOptions(break_mode="none"))


def email_scored(problem: RosterProblem, heads: np.ndarray) -> tuple[float, float]:
    """(service level, on-time tickets) of the email queue from ``work_queue``, over the
    arrivals whose deadline lies inside the horizon (the ones the backlog model judges)."""
    q = problem.scenario.queues[EMAIL]
    inst = compile_instance(problem)
    open_mask = inst.is_open[EMAIL]
    available = heads * (1.0 - np.asarray(problem.shrinkage)[EMAIL])
    r = work_queue(problem.volume[EMAIL], problem.aht_s[EMAIL], available, open_mask, IM, q)
    judged = deadlines(open_mask, IM, 2.0) < inst.n_t
    ontime = float((r.service_level * problem.volume[EMAIL])[judged].sum())
    return ontime / float(problem.volume[EMAIL][judged].sum()), ontime


@pytest.fixture(scope="module")
def problem() -> RosterProblem:
    return centre()


@pytest.fixture(scope="module")
def solved(problem: RosterProblem) -> tuple[object, cp_model.CpSolver]:
    """A roster from the model, read directly (the on-time expression is not in the result).

    The search stops at its time limit; the roster's shifts are then fixed and the model solved
    again to optimality (the split across queues and the work), so the on-time tickets are the
    objective's exact value for this roster.
    """
    built = build_model(compile_instance(problem))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = SOLVE_S
    solver.parameters.num_workers = 2
    assert solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    for var in [*built.v.x.values(), *built.v.works.values()]:
        built.model.add(var == solver.value(var))
    solver.parameters.max_time_in_seconds = 30.0
    solver.parameters.relative_gap_limit = 1e-3   # a fifth of a ticket on this centre
    assert solver.solve(built.model) == cp_model.OPTIMAL
    return built, solver


def coverage_of(built: object, solver: cp_model.CpSolver, q: int, n_t: int) -> np.ndarray:
    heads = np.zeros(n_t)
    for (k, t), var in built.v.cov.items():   # type: ignore[attr-defined]
        if k == q:
            heads[t] = solver.value(var)
    return heads


def test_email_is_valued_by_its_backlog_not_its_table(problem: RosterProblem) -> None:
    inst = compile_instance(problem)
    work = deferred_work(problem, inst.is_open)
    assert list(work) == [EMAIL]
    # the night's arrivals share the morning deadline: one group each night, not one per interval
    dues = [g.due for g in work[EMAIL].groups]
    assert len(dues) == len(set(dues))
    night = [(g.first, g.last, g.due) for g in work[EMAIL].groups if g.last - g.first > 10]
    # Monday 00:00–08:00 due 09:45; Monday 18:00 to Tuesday 08:00 due Tuesday 09:45
    assert night == [(0, 8 * 4, 9 * 4 + 3), (18 * 4, 96 + 8 * 4, 96 + 9 * 4 + 3)]
    # without handle times the queue keeps its table row (problems built by hand, older callers)
    assert deferred_work(dataclasses.replace(problem, aht_s=None), inst.is_open) == {}


def test_objective_ontime_matches_work_queue(problem: RosterProblem, solved: tuple) -> None:
    built, solver = solved
    n_t = problem.n_intervals
    heads = coverage_of(built, solver, EMAIL, n_t)
    model_tickets = solver.value(built.ontime[EMAIL]) / TICKET_SCALE
    _, scored_tickets = email_scored(problem, heads)
    assert scored_tickets > 50
    assert model_tickets == pytest.approx(scored_tickets, rel=0.005, abs=0.5)


def test_roster_meets_the_email_target_where_the_deadline_needs_it(problem: RosterProblem) -> None:
    result = solve_roster(problem, time_limit_s=SOLVE_S)
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert validate(result.roster, problem) == []
    sl, _ = email_scored(problem, result.coverage[EMAIL])
    assert sl >= 0.9
    # heads go to email where the backlog needs them: the night's tickets (Monday 18:00 to
    # Tuesday 08:00) are all due at 09:45, so the morning must clear them
    inst = compile_instance(problem)
    q = problem.scenario.queues[EMAIL]
    r = work_queue(problem.volume[EMAIL], problem.aht_s[EMAIL],
                   result.coverage[EMAIL] * (1.0 - problem.shrinkage[EMAIL]), inst.is_open[EMAIL], IM, q)
    night = slice(18 * 4, 96 + 8 * 4)
    volume = problem.volume[EMAIL, night]
    assert volume.sum() > 10
    assert float((r.service_level[night] * volume).sum() / volume.sum()) >= 0.9


def test_heads_above_need_earn_nothing(problem: RosterProblem) -> None:
    """With every open interval crowded, the on-time value stops at the tickets judged."""
    inst = compile_instance(problem)
    dw = deferred_work(problem, inst.is_open)[EMAIL]
    model = cp_model.CpModel()
    cov = {int(t): model.new_int_var(0, 50, f"cov{t}") for t in dw.open_t}
    ontime = add_deadline_flow(model, dw, cov, None)
    model.maximize(ontime)
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    judged = sum(dw.max_value(g) for g in dw.groups)
    assert solver.value(ontime) == judged
    assert edf_value(dw, np.full(inst.n_t, 5)) == edf_value(dw, np.full(inst.n_t, 50)) == judged


@pytest.mark.parametrize("heads,from_hour", [(0, 8), (1, 8), (1, 14)])
def test_numpy_mirror_equals_the_model(problem: RosterProblem, heads: int, from_hour: int) -> None:
    """``edf_value`` (used by the decomposition) is the model's optimum for fixed heads, and
    agrees with the FIFO scorer when the heads keep the deadlines."""
    inst = compile_instance(problem)
    dw = deferred_work(problem, inst.is_open)[EMAIL]
    model = cp_model.CpModel()
    hour = (np.arange(inst.n_t) % 96) // 4
    flat = np.where(inst.is_open[EMAIL] & (hour >= from_hour), heads, 0)
    cov = {int(t): model.new_constant(int(flat[t])) for t in dw.open_t}
    ontime = add_deadline_flow(model, dw, cov, None)
    model.maximize(ontime)
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    mirror = edf_value(dw, flat)
    assert abs(solver.value(ontime) - mirror) <= len(dw.groups)   # integer rounding per group
    sl, scored = email_scored(problem, flat.astype(float))
    if heads == 0:
        assert mirror == 0 and scored == 0
    if from_hour > 8:   # mornings unstaffed: the night's tickets are late
        assert sl < 0.8
        assert mirror / TICKET_SCALE >= scored - 0.5   # the flow drops late tickets, FIFO works them
    elif heads:
        assert sl > 0.999 and mirror / TICKET_SCALE == pytest.approx(scored, rel=0.002)


def test_decomposed_parts_see_earlier_email_work(problem: RosterProblem) -> None:
    """In parts, the second part counts the first part's email heads as work in hand."""
    parts = dataclasses.replace(problem, options=dataclasses.replace(problem.options, parts=2))
    result = solve_roster(parts, time_limit_s=SOLVE_S)
    assert result.status == "FEASIBLE"
    assert validate(result.roster, problem) == []
    sl, _ = email_scored(problem, result.coverage[EMAIL])
    assert sl >= 0.9


def test_a_later_part_is_credited_only_for_what_it_adds(problem: RosterProblem) -> None:
    """Earlier parts' email heads are capacity in hand, and their on-time tickets are not
    counted again: a part that adds no heads adds nothing to the objective."""
    inst = compile_instance(problem)
    dw = deferred_work(problem, inst.is_open)[EMAIL]
    covered = np.zeros(np.shape(problem.required))
    covered[EMAIL] = np.where(inst.is_open[EMAIL], 1, 0)
    agents = [a for a in problem.scenario.agents if a.id in ("m1", "e2")]
    part = part_problem(problem, agents, 1, covered, counted=True)
    built = build_model(compile_instance(part))
    for var in built.v.cov.values():
        built.model.add(var == 0)
    solver = cp_model.CpSolver()
    assert solver.solve(built.model) == cp_model.OPTIMAL
    in_hand = edf_value(dw, covered[EMAIL])
    assert in_hand > 50 * TICKET_SCALE
    assert solver.value(built.ontime[EMAIL]) == in_hand    # the part's backlog holds the heads in hand
    assert solver.value(built.gain) == 0                     # ... but credits none of them again
