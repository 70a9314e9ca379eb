"""Hand edits of a roster: pure functions from a roster to a new roster.

Team leads move, stretch and shrink shifts, move breaks, delete, lock, swap and assign shifts.
Each operation here takes a :class:`Roster` and returns a new one, or raises :class:`EditError`
(a :class:`PlannerError`) saying why the edit is impossible and what to do instead. Nothing is
ever half-applied, so the desktop app can wrap every call in one undoable command.

Only *physical* impossibilities are refused here (a shift overlapping the agent's next shift, a
break outside its shift, times off the interval grid, an edit of a locked shift). Labour rules
(rest, weekly hours, skills…) are left to the validator, which reports them as violations: a
lead may knowingly break a soft rule and must see the consequence, not be blocked.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from planner.domain import MINUTES_PER_DAY, Roster, Scenario, Shift
from planner.errors import PlannerError

MAX_SHIFT_MIN = 16 * 60   # longer is a typing or dragging mistake, not a shift
MIN_SHIFT_MIN = 60        # shorter than an hour is not worth a trip to work


class EditError(PlannerError):
    """A roster edit that cannot be applied; the message says why and what to do."""


# ----------------------------------------------------------------------------- helpers
def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _find(roster: Roster, agent_id: str, day: dt.date) -> tuple[int, Shift]:
    for i, s in enumerate(roster.shifts):
        if s.agent_id == agent_id and s.day == day:
            return i, s
    raise EditError(f"agent {agent_id} has no shift on {day.isoformat()}: pick a cell that holds a shift")


def _check_day(roster: Roster, day: dt.date) -> None:
    if not roster.start_date <= day < roster.start_date + dt.timedelta(days=roster.n_days):
        raise EditError(f"{day.isoformat()} is outside the plan ({roster.start_date.isoformat()}, "
                        f"{roster.n_days} days): choose a day inside the horizon")


def _check_agent(scenario: Scenario, agent_id: str) -> None:
    if not any(a.id == agent_id for a in scenario.agents):
        raise EditError(f"unknown agent {agent_id!r}: choose an agent of the scenario")


def _check_unlocked(shift: Shift) -> None:
    if shift.locked:
        raise EditError(f"the shift of {shift.agent_id} on {shift.day.isoformat()} is locked: "
                        "unlock it first")


def _check_grid(value: int, interval_min: int, what: str) -> None:
    if value % interval_min:
        raise EditError(f"{what} {_hhmm(value)} is not on the {interval_min}-minute grid: "
                        f"use a multiple of {interval_min} minutes")


def _absolute(shift: Shift, roster: Roster) -> tuple[int, int]:
    """Start and end of a shift in minutes from the roster's first midnight."""
    offset = (shift.day - roster.start_date).days * MINUTES_PER_DAY
    return offset + shift.start_min, offset + shift.end_min


def _check_shape(shift: Shift, interval_min: int) -> None:
    """A shift and its breaks must be on the grid, of sane length, breaks inside and disjoint."""
    for value, what in ((shift.start_min, "start"), (shift.end_min, "end")):
        _check_grid(value, interval_min, what)
    if not 0 <= shift.start_min < MINUTES_PER_DAY:
        raise EditError(f"a shift on {shift.day.isoformat()} must start that day (00:00–23:59), "
                        f"not at {shift.start_min} minutes: move it to the next day instead")
    length = shift.end_min - shift.start_min
    if length < MIN_SHIFT_MIN:
        raise EditError(f"a shift of {length} minutes is too short: keep at least {MIN_SHIFT_MIN} minutes, "
                        "or delete the shift")
    if length > MAX_SHIFT_MIN:
        raise EditError(f"a shift of {length / 60:g} h is too long: keep it under {MAX_SHIFT_MIN // 60} h")
    last_end = shift.start_min
    for b_start, b_end in sorted(shift.breaks):
        _check_grid(b_start, interval_min, "break start")
        _check_grid(b_end, interval_min, "break end")
        if b_end <= b_start:
            raise EditError(f"break {_hhmm(b_start)}–{_hhmm(b_end)} has no length")
        if b_start < shift.start_min or b_end > shift.end_min:
            raise EditError(f"break {_hhmm(b_start)}–{_hhmm(b_end)} is outside the shift "
                            f"{_hhmm(shift.start_min)}–{_hhmm(shift.end_min)}: move the break inside it")
        if b_start < last_end:
            raise EditError(f"break {_hhmm(b_start)}–{_hhmm(b_end)} overlaps another break")
        last_end = b_end
    if shift.unpaid_break_min >= length:
        raise EditError("the unpaid break is as long as the shift: shorten the break or lengthen the shift")


def _check_no_overlap(roster: Roster, index: int, shift: Shift) -> None:
    """The agent's other shifts must not overlap this one (a person cannot work twice at once)."""
    start, end = _absolute(shift, roster)
    for j, other in enumerate(roster.shifts):
        if j == index or other.agent_id != shift.agent_id:
            continue
        o_start, o_end = _absolute(other, roster)
        if start < o_end and o_start < end:
            raise EditError(f"the shift of {shift.agent_id} on {shift.day.isoformat()} "
                            f"({_hhmm(shift.start_min)}–{_hhmm(shift.end_min)}) would overlap the shift on "
                            f"{other.day.isoformat()}: shorten or move that one first")


def _replace_at(roster: Roster, index: int, shift: Shift | None) -> Roster:
    shifts = list(roster.shifts)
    if shift is None:
        del shifts[index]
    else:
        shifts[index] = shift
    return replace(roster, shifts=tuple(shifts))


def _commit(roster: Roster, scenario: Scenario, index: int, shift: Shift) -> Roster:
    _check_shape(shift, scenario.interval_min)
    _check_no_overlap(roster, index, shift)
    return _replace_at(roster, index, shift)


def _fit_breaks(breaks: tuple[tuple[int, int], ...], start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Keep breaks inside a resized shift by sliding them in, in order; lengths never change."""
    out: list[tuple[int, int]] = []
    floor = start
    ordered = sorted(breaks)
    for i, (b_start, b_end) in enumerate(ordered):
        length = b_end - b_start
        room_after = sum(e - s for s, e in ordered[i + 1:])
        latest = end - room_after - length
        new_start = min(max(b_start, floor), latest)
        if new_start < floor:
            raise EditError(f"the shift {_hhmm(start)}–{_hhmm(end)} is too short for its breaks: "
                            "delete a break or keep the shift longer")
        out.append((new_start, new_start + length))
        floor = new_start + length
    return tuple(out)


# --------------------------------------------------------------------------- operations
def move_shift(roster: Roster, scenario: Scenario, agent_id: str, day: dt.date, delta_min: int) -> Roster:
    """Move a shift (and its breaks) earlier or later the same day by ``delta_min`` minutes."""
    index, shift = _find(roster, agent_id, day)
    _check_unlocked(shift)
    _check_grid(abs(delta_min), scenario.interval_min, "a move of")
    moved = replace(shift, start_min=shift.start_min + delta_min, end_min=shift.end_min + delta_min,
                    breaks=tuple((a + delta_min, b + delta_min) for a, b in shift.breaks))
    return _commit(roster, scenario, index, moved)


def resize_shift(roster: Roster, scenario: Scenario, agent_id: str, day: dt.date, *,
                 start_min: int | None = None, end_min: int | None = None) -> Roster:
    """Stretch or shrink a shift by giving it a new start and/or end (minutes from midnight).

    Breaks keep their length and slide inside the new bounds if the edge passes over them.
    """
    index, shift = _find(roster, agent_id, day)
    _check_unlocked(shift)
    start = shift.start_min if start_min is None else start_min
    end = shift.end_min if end_min is None else end_min
    if end - start < MIN_SHIFT_MIN:
        raise EditError(f"a shift of {end - start} minutes is too short: keep at least {MIN_SHIFT_MIN} minutes, "
                        "or delete the shift")
    resized = replace(shift, start_min=start, end_min=end, breaks=_fit_breaks(shift.breaks, start, end))
    return _commit(roster, scenario, index, resized)


def move_break(roster: Roster, scenario: Scenario, agent_id: str, day: dt.date, break_index: int,
               new_start_min: int) -> Roster:
    """Move one break of a shift to start at ``new_start_min`` (same clock as the shift)."""
    index, shift = _find(roster, agent_id, day)
    _check_unlocked(shift)
    if not 0 <= break_index < len(shift.breaks):
        raise EditError(f"the shift of {agent_id} on {day.isoformat()} has no break number {break_index + 1}")
    b_start, b_end = shift.breaks[break_index]
    breaks = list(shift.breaks)
    breaks[break_index] = (new_start_min, new_start_min + (b_end - b_start))
    return _commit(roster, scenario, index, replace(shift, breaks=tuple(sorted(breaks))))


def delete_shift(roster: Roster, agent_id: str, day: dt.date) -> Roster:
    """Remove a shift: the agent is off that day."""
    index, shift = _find(roster, agent_id, day)
    _check_unlocked(shift)
    return _replace_at(roster, index, None)


def set_locked(roster: Roster, agent_id: str, day: dt.date, locked: bool) -> Roster:
    """Lock a shift so re-optimising keeps it exactly, or unlock it."""
    index, shift = _find(roster, agent_id, day)
    return _replace_at(roster, index, replace(shift, locked=locked))


def swap_shifts(roster: Roster, scenario: Scenario, agent_a: str, agent_b: str, day: dt.date) -> Roster:
    """Exchange what two agents work on ``day`` (either may be off; both off is refused)."""
    if agent_a == agent_b:
        raise EditError("choose two different agents to swap")
    _check_agent(scenario, agent_a)
    _check_agent(scenario, agent_b)
    _check_day(roster, day)
    a = roster.shift_of(agent_a, day)
    b = roster.shift_of(agent_b, day)
    if a is None and b is None:
        raise EditError(f"neither {agent_a} nor {agent_b} works on {day.isoformat()}: nothing to swap")
    for s in (a, b):
        if s is not None:
            _check_unlocked(s)
    kept = tuple(s for s in roster.shifts if not (s.day == day and s.agent_id in (agent_a, agent_b)))
    added = tuple(replace(s, agent_id=other) for s, other in ((a, agent_b), (b, agent_a)) if s is not None)
    swapped = replace(roster, shifts=kept + added)
    for s in added:
        _check_no_overlap(swapped, swapped.shifts.index(s), s)
    return swapped


def assign_template(roster: Roster, scenario: Scenario, agent_id: str, day: dt.date, template: str,
                    start_min: int | None = None) -> Roster:
    """Give an agent a shift of ``template`` on ``day`` (replacing an unlocked shift there).

    The start defaults to the template's first allowed start; the unpaid lunch is placed in the
    middle of the shift on the interval grid, where a planner would put it by hand.
    """
    _check_agent(scenario, agent_id)
    _check_day(roster, day)
    try:
        tpl = scenario.template(template)
    except StopIteration:
        raise EditError(f"unknown shift template {template!r}: choose one of "
                        f"{', '.join(t.name for t in scenario.templates)}") from None
    start = tpl.start_mins[0] if start_min is None else start_min
    end = start + tpl.length_min
    breaks: tuple[tuple[int, int], ...] = ()
    if tpl.unpaid_break_min:
        grid = scenario.interval_min
        mid = start + (tpl.length_min - tpl.unpaid_break_min) // 2
        b_start = mid - mid % grid
        breaks = ((b_start, b_start + tpl.unpaid_break_min),)
    new = Shift(agent_id=agent_id, day=day, template=tpl.name, start_min=start, end_min=end,
                unpaid_break_min=tpl.unpaid_break_min, breaks=breaks)
    existing = roster.shift_of(agent_id, day)
    if existing is not None:
        _check_unlocked(existing)
        index = roster.shifts.index(existing)
        return _commit(roster, scenario, index, new)
    appended = replace(roster, shifts=roster.shifts + (new,))
    return _commit(appended, scenario, len(appended.shifts) - 1, new)


def set_locked_where(roster: Roster, locked: bool, *, agent_id: str | None = None,
                     day: dt.date | None = None) -> Roster:
    """Lock or unlock every shift of an agent, of a day, or both (a whole row or column)."""
    if agent_id is None and day is None:
        raise EditError("choose an agent or a day to lock")
    shifts = tuple(replace(s, locked=locked)
                   if (agent_id is None or s.agent_id == agent_id) and (day is None or s.day == day) else s
                   for s in roster.shifts)
    return replace(roster, shifts=shifts)
