"""The incremental paths the desktop app uses after each edit give exactly the full results.

A seeded roster of the sample centre (four queues: voice with a VIP line pooled with it, chat,
email with a backlog; cover floors) is edited at random — moves, stretches, deletes, swaps,
templates — and after every edit the live evaluator and live validator are compared with
``evaluate_roster`` and ``validate`` run from scratch.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from planner import editing
from planner.domain import Roster, Shift
from planner.errors import PlannerError
from planner.live_evaluation import LiveEvaluator
from planner.live_validation import LiveValidator
from planner.rostering.validate import validate


@pytest.fixture(scope="module")
def planned():  # type: ignore[no-untyped-def]
    """The sample centre forecast for one week, with a seeded roster (5 days per agent)."""
    from planner.service import PlanSession
    session = PlanSession.open(PlanSession.sample_path())
    session.run_forecast(weeks=1, model="seasonal_naive")
    scenario = session.scenario
    rng = np.random.default_rng(11)
    shifts = []
    for agent in scenario.agents:
        contract = scenario.contract(agent.contract)
        template = scenario.template(contract.templates[int(rng.integers(len(contract.templates)))])
        off = set(rng.choice(7, size=2, replace=False).tolist())
        for d in range(7):
            if d in off:
                continue
            start = int(rng.choice(template.start_mins))
            lunch = start + (template.length_min - template.unpaid_break_min) // 2
            lunch -= lunch % scenario.interval_min
            breaks = ((lunch, lunch + template.unpaid_break_min),) if template.unpaid_break_min else ()
            shifts.append(Shift(agent.id, session.start_date + dt.timedelta(days=d), template.name, start,
                                start + template.length_min, template.unpaid_break_min, breaks))
    return session, Roster(session.start_date, 7, tuple(shifts))


def _random_edit(rng: random.Random, roster: Roster, scenario) -> Roster:  # type: ignore[no-untyped-def]
    shift = rng.choice(roster.shifts)
    kind = rng.choice(["move", "move", "stretch", "delete", "swap", "template"])
    if kind == "move":
        return editing.move_shift(roster, scenario, shift.agent_id, shift.day, rng.choice([-120, -15, 15, 60, 240]))
    if kind == "stretch":
        return editing.resize_shift(roster, scenario, shift.agent_id, shift.day, end_min=shift.end_min + 60)
    if kind == "delete":
        return editing.delete_shift(roster, shift.agent_id, shift.day)
    if kind == "swap":
        other = rng.choice(scenario.agents)
        return editing.swap_shifts(roster, scenario, shift.agent_id, other.id, shift.day)
    agent = rng.choice(scenario.agents)
    day = roster.start_date + dt.timedelta(days=rng.randrange(roster.n_days))
    template = scenario.template(scenario.contract(agent.contract).templates[0])
    if roster.shift_of(agent.id, day) is not None:
        roster = editing.delete_shift(roster, agent.id, day)
    return editing.assign_template(roster, scenario, agent.id, day, template.name, template.start_mins[-1])


def _edits(session, roster: Roster, n: int, seed: int):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    made = 0
    while made < n:
        try:
            roster = _random_edit(rng, roster, session.scenario)
        except PlannerError:
            continue            # refused edits (overlaps, off the grid) change nothing
        made += 1
        yield roster


def test_live_evaluation_equals_full_evaluation_after_each_edit(planned) -> None:  # type: ignore[no-untyped-def]
    session, roster = planned
    live = LiveEvaluator(session.scenario, session.forecast.frame, session.requirements, roster.start_date, 7)
    first = live.evaluate(roster)
    pd.testing.assert_frame_equal(first.interval, session.evaluate(roster).interval)
    n_t = 7 * 1440 // session.scenario.interval_min
    partial = 0
    for edited in _edits(session, roster, 25, seed=5):
        ours = live.evaluate(edited)
        full = session.evaluate(edited)
        pd.testing.assert_frame_equal(ours.interval, full.interval)
        pd.testing.assert_frame_equal(ours.daily, full.daily)
        np.testing.assert_array_equal(ours.on_duty, full.on_duty)
        lo, hi = live.last_span
        partial += hi - lo < n_t
    assert partial >= 20          # the edits really took the incremental path


def test_live_evaluation_moves_coverage_by_one_head(planned) -> None:  # type: ignore[no-untyped-def]
    session, roster = planned
    live = LiveEvaluator(session.scenario, session.forecast.frame, session.requirements, roster.start_date, 7)
    before = live.evaluate(roster)
    shift = roster.shifts[0]
    after = live.evaluate(editing.delete_shift(roster, shift.agent_id, shift.day))
    # the agent's working intervals (breaks excluded) lose exactly one head across the queues
    assert after.on_duty.sum() == before.on_duty.sum() - (before.on_duty - after.on_duty).sum()
    lost = before.interval["scheduled"].sum() - after.interval["scheduled"].sum()
    assert lost == pytest.approx((before.on_duty - after.on_duty).sum(), abs=1e-6)
    assert (before.on_duty - after.on_duty).sum() > 20


def test_live_evaluation_refuses_another_horizon(planned) -> None:  # type: ignore[no-untyped-def]
    session, roster = planned
    live = LiveEvaluator(session.scenario, session.forecast.frame, session.requirements, roster.start_date, 7)
    with pytest.raises(ValueError, match="7 days"):
        live.evaluate(Roster(roster.start_date, 14, roster.shifts))


def test_live_validation_equals_full_validation_after_each_edit(planned) -> None:  # type: ignore[no-untyped-def]
    session, roster = planned
    live = LiveValidator(session.scenario)
    assert live.validate(roster) == validate(roster, session.scenario)
    assert live.last_mode == "full"
    modes = []
    for edited in _edits(session, roster, 25, seed=9):
        ours = live.validate(edited)
        assert ours == validate(edited, session.scenario)
        modes.append(live.last_mode)
    assert modes.count("partial") >= 20


def test_live_validation_finds_and_clears_a_rest_violation(planned) -> None:  # type: ignore[no-untyped-def]
    """A late finish followed by an early start breaks minimum rest; undoing it clears it."""
    session, roster = planned
    scenario = session.scenario
    live = LiveValidator(scenario)
    base = live.validate(roster)
    agent = next(a for a in scenario.agents
                 if roster.shift_of(a.id, roster.start_date) and roster.shift_of(a.id, roster.start_date + dt.timedelta(days=1)))
    day0, day1 = roster.start_date, roster.start_date + dt.timedelta(days=1)
    late = replace(roster.shift_of(agent.id, day0), start_min=14 * 60, end_min=23 * 60, breaks=())
    early = replace(roster.shift_of(agent.id, day1), start_min=6 * 60, end_min=15 * 60, breaks=())
    shifts = tuple(late if s.agent_id == agent.id and s.day == day0 else
                   early if s.agent_id == agent.id and s.day == day1 else s for s in roster.shifts)
    edited = replace(roster, shifts=shifts)
    found = live.validate(edited)
    assert found == validate(edited, scenario)
    rest = [v for v in found if v.rule == "minimum rest" and v.agent_id == agent.id]
    assert rest and rest[0].day == day1 and "7 h" in rest[0].detail
    assert live.validate(roster) == base
