"""Hand edits of a roster: each operation returns a new roster or refuses with a clear reason."""
from __future__ import annotations

import datetime as dt

import pytest

from planner.domain import Agent, Contract, Queue, Roster, Scenario, Shift, ShiftTemplate
from planner.editing import (EditError, assign_template, delete_shift, move_break, move_shift,
                             resize_shift, set_locked, swap_shifts)
from planner.errors import PlannerError

MON = dt.date(2025, 12, 1)
TUE = MON + dt.timedelta(days=1)


def _scenario() -> Scenario:
    agents = tuple(Agent(a, a.upper(), "enquiries", "ft", ("phone",)) for a in ("a", "b", "c"))
    return Scenario("t", (Queue("phone"),), agents, (Contract("ft", 0, 2400, ("D", "N")),),
                    (ShiftTemplate("D", (480, 540), 540, 60), ShiftTemplate("N", (1320,), 600, 0)))


def _roster() -> Roster:
    return Roster(MON, 7, (
        Shift("a", MON, "D", 480, 1020, 60, breaks=((720, 780),)),
        Shift("b", MON, "N", 1320, 1920, 0),
        Shift("a", TUE, "D", 480, 1020, 60, breaks=((720, 780),), locked=True),
    ))


def test_move_shift_moves_breaks_with_it_and_keeps_input_untouched() -> None:
    r = _roster()
    out = move_shift(r, _scenario(), "a", MON, 60)
    s = out.shift_of("a", MON)
    assert (s.start_min, s.end_min, s.breaks) == (540, 1080, ((780, 840),))
    assert r.shift_of("a", MON).start_min == 480          # pure: the old roster is unchanged
    assert len(out.shifts) == 3


def test_move_shift_refuses_off_grid_and_overlap_with_next_day() -> None:
    with pytest.raises(EditError, match="15-minute grid"):
        move_shift(_roster(), _scenario(), "a", MON, 10)
    # b works 22:00→08:00; a shift for b on Tuesday from 07:00 would overlap it
    r = assign_template(_roster(), _scenario(), "b", TUE, "D", 540)
    with pytest.raises(EditError, match="overlap"):
        move_shift(r, _scenario(), "b", TUE, -120)


def test_locked_shift_cannot_be_moved_deleted_or_swapped_until_unlocked() -> None:
    r = _roster()
    for edit in (lambda: move_shift(r, _scenario(), "a", TUE, 15),
                 lambda: delete_shift(r, "a", TUE),
                 lambda: swap_shifts(r, _scenario(), "a", "c", TUE)):
        with pytest.raises(EditError, match="locked"):
            edit()
    unlocked = set_locked(r, "a", TUE, False)
    assert delete_shift(unlocked, "a", TUE).shift_of("a", TUE) is None


def test_resize_slides_break_inside_and_refuses_too_short() -> None:
    out = resize_shift(_roster(), _scenario(), "a", MON, end_min=750)   # 08:00–12:30, lunch 12:00–13:00
    s = out.shift_of("a", MON)
    assert s.end_min == 750 and s.breaks == ((690, 750),)
    stretched = resize_shift(_roster(), _scenario(), "a", MON, start_min=420)
    assert stretched.shift_of("a", MON).paid_min == 540   # 07:00–17:00 = 600 min minus 60 lunch
    with pytest.raises(EditError, match="too short"):
        resize_shift(_roster(), _scenario(), "a", MON, end_min=510)


def test_move_break_inside_shift_only() -> None:
    out = move_break(_roster(), _scenario(), "a", MON, 0, 660)
    assert out.shift_of("a", MON).breaks == ((660, 720),)
    with pytest.raises(EditError, match="outside the shift"):
        move_break(_roster(), _scenario(), "a", MON, 0, 990)
    with pytest.raises(EditError, match="no break number 2"):
        move_break(_roster(), _scenario(), "a", MON, 1, 660)


def test_swap_exchanges_shifts_and_handles_a_day_off() -> None:
    out = swap_shifts(_roster(), _scenario(), "a", "c", MON)
    assert out.shift_of("a", MON) is None
    assert out.shift_of("c", MON).start_min == 480
    with pytest.raises(EditError, match="nothing to swap"):
        swap_shifts(_roster(), _scenario(), "b", "c", TUE)


def test_assign_template_places_lunch_mid_shift_and_replaces_existing() -> None:
    out = assign_template(_roster(), _scenario(), "c", MON, "D", 540)
    s = out.shift_of("c", MON)
    assert (s.start_min, s.end_min, s.unpaid_break_min) == (540, 1080, 60)
    assert s.breaks == ((780, 840),)                      # 09:00 + (540-60)/2 = 13:00
    replaced = assign_template(out, _scenario(), "c", MON, "N")
    assert replaced.shift_of("c", MON).template == "N"
    assert len(replaced.shifts) == len(out.shifts)
    with pytest.raises(EditError, match="unknown shift template 'X'"):
        assign_template(out, _scenario(), "c", MON, "X")
    with pytest.raises(EditError, match="outside the plan"):
        assign_template(out, _scenario(), "c", MON + dt.timedelta(days=7), "D")


def test_edit_errors_are_planner_errors() -> None:
    with pytest.raises(PlannerError, match="has no shift"):
        delete_shift(_roster(), "c", MON)


def test_lock_a_whole_row_or_column() -> None:
    from planner.editing import set_locked_where
    r = set_locked_where(_roster(), True, day=MON)
    assert all(s.locked for s in r.shifts if s.day == MON)
    r = set_locked_where(_roster(), False, agent_id="a")
    assert not any(s.locked for s in r.shifts if s.agent_id == "a")
    assert r.shift_of("b", MON) == _roster().shift_of("b", MON)          # other rows untouched
    with pytest.raises(EditError, match="choose an agent or a day"):
        set_locked_where(_roster(), True)
