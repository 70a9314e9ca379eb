"""Domain objects of a contact-centre plan.

Everything here is plain, immutable data in integer minutes and named units, so it can be
validated once, saved, compared and handed to the engines. Times of day are minutes from
midnight (``0..1440``); a shift that ends after midnight has ``end_min > 1440``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Channel = Literal["voice", "chat", "email", "social"]
CHANNELS: tuple[str, ...] = ("voice", "chat", "email", "social")
MINUTES_PER_DAY = 1440


VIP_PRIORITY = 3.0   # default value of a VIP contact relative to an ordinary one


@dataclass(frozen=True)
class Queue:
    """A queue of contacts with its service target.

    ``open_from_min``/``open_to_min`` give the daily opening hours (minutes from midnight;
    ``0``/``1440`` is 24/7). A queue with ``vip_of`` set is a priority queue that shares agents
    with the named ordinary queue of the same channel and is served first; only agents with
    ``Agent.vip`` may serve it.
    """

    name: str
    channel: Channel = "voice"
    open_from_min: int = 0
    open_to_min: int = MINUTES_PER_DAY
    target_sl: float = 0.8            # share answered within answer_s
    answer_s: float = 20.0
    max_asa_s: float | None = None
    patience_s: float | None = None   # mean patience → Erlang A; None → Erlang C
    max_abandon: float | None = None
    max_occupancy: float = 0.90
    concurrency: int = 1              # chat: simultaneous chats per agent
    deferred_pct: float | None = None  # email: share answered within deferred_hours
    deferred_hours: float | None = None
    shrinkage: float = 0.30           # share of paid time not available (breaks, absence…)
    vip_of: str | None = None
    min_agents: int = 0               # floor whenever the queue is open
    aht_s: float = 300.0              # default AHT when the history has none
    priority: float | None = None     # value of a contact relative to an ordinary one

    @property
    def is_vip(self) -> bool:
        return self.vip_of is not None

    @property
    def value_weight(self) -> float:
        """What one contact answered in target is worth in the roster objective and head split.

        Ordinary queues count 1; a VIP line defaults to ``VIP_PRIORITY`` so its certified agents
        serve it first, as the routing does, instead of a volume-weighted objective trading its
        few contacts away for the busier ordinary line.
        """
        if self.priority is not None:
            return float(self.priority)
        return VIP_PRIORITY if self.is_vip else 1.0

    def is_open(self, minute_of_day: int) -> bool:
        """True if the queue takes contacts at this minute of the day."""
        m = minute_of_day % MINUTES_PER_DAY
        if self.open_from_min <= self.open_to_min:
            return self.open_from_min <= m < self.open_to_min
        return m >= self.open_from_min or m < self.open_to_min


@dataclass(frozen=True)
class ShiftTemplate:
    """A kind of shift: allowed start times, length and unpaid break."""

    name: str
    start_mins: tuple[int, ...]       # allowed starts, minutes from midnight, on the interval grid
    length_min: int                   # from start to end, unpaid lunch included
    unpaid_break_min: int = 0

    @property
    def paid_min(self) -> int:
        return self.length_min - self.unpaid_break_min

    def is_night(self, start_min: int, night_from_min: int, night_to_min: int) -> bool:
        """True if the shift starting at ``start_min`` overlaps the night window."""
        return _overlaps_night(start_min, start_min + self.length_min, night_from_min, night_to_min)


def _overlaps_night(start: int, end: int, night_from: int, night_to: int) -> bool:
    # night window is e.g. 22:00–06:00, i.e. [night_from, 1440 + night_to) on day d and
    # [0, night_to) on day d (from the previous night)
    windows = [(night_from, MINUTES_PER_DAY + night_to), (night_from - MINUTES_PER_DAY, night_to)] \
        if night_from > night_to else [(night_from, night_to), (night_from + MINUTES_PER_DAY, night_to + MINUTES_PER_DAY)]
    return any(start < b and a < end for a, b in windows)


@dataclass(frozen=True)
class Contract:
    """Working-time limits of an employment contract."""

    name: str
    min_week_min: int                 # paid minutes per week
    max_week_min: int
    templates: tuple[str, ...]        # allowed shift templates
    max_days_per_week: int = 5
    min_days_per_week: int = 0
    max_consecutive_days: int = 6
    weekend_only: bool = False        # temporary weekend staff


@dataclass(frozen=True)
class TimeOff:
    """Approved absence: whole days from ``first`` to ``last`` inclusive."""

    first: dt.date
    last: dt.date
    reason: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class Agent:
    """A person who can be rostered."""

    id: str
    name: str
    team: str                         # skill group: enquiries, complaints, technical…
    contract: str
    queues: tuple[str, ...]           # queues the agent is trained for
    vip: bool = False                 # may serve VIP queues
    night_capable: bool = False
    time_off: tuple[TimeOff, ...] = ()

    def available(self, day: dt.date) -> bool:
        return not any(t.covers(day) for t in self.time_off)


@dataclass(frozen=True)
class CoverFloor:
    """Minimum heads on a queue in a time window regardless of forecast.

    ``days``: ``"all"``, ``"weekend"``, ``"weekday"`` or a tuple of weekday numbers (Mon=0).
    ``vip_only`` counts only VIP-certified agents.
    """

    queue: str
    from_min: int
    to_min: int
    min_agents: int
    days: str | tuple[int, ...] = "all"
    vip_only: bool = False

    def applies(self, day: dt.date, minute_of_day: int) -> bool:
        return window_applies(self.days, self.from_min, self.to_min, day, minute_of_day)


def window_applies(days: str | tuple[int, ...], from_min: int, to_min: int, day: dt.date,
                   minute_of_day: int) -> bool:
    """True if a recurring window (days of the week, clock times; may wrap midnight) covers the minute."""
    wd = day.weekday()
    if days == "weekend" and wd < 5 or days == "weekday" and wd >= 5:
        return False
    if isinstance(days, tuple) and wd not in days:
        return False
    if from_min <= to_min:
        return from_min <= minute_of_day < to_min
    return minute_of_day >= from_min or minute_of_day < to_min


@dataclass(frozen=True)
class ShrinkageWindow:
    """Extra shrinkage in a recurring window, on top of the queue's own.

    Planned time off the phones that the roster does not place itself (a weekly training block,
    system downtime, a one-off briefing) raises the heads to schedule in that window only.
    ``queue`` None applies to every queue; ``first``/``last`` limit it to a date range.
    """

    share: float
    queue: str | None = None
    from_min: int = 0
    to_min: int = MINUTES_PER_DAY
    days: str | tuple[int, ...] = "all"
    first: dt.date | None = None
    last: dt.date | None = None
    reason: str = ""

    def applies(self, day: dt.date, minute_of_day: int) -> bool:
        if self.first is not None and day < self.first or self.last is not None and day > self.last:
            return False
        return window_applies(self.days, self.from_min, self.to_min, day, minute_of_day)


@dataclass(frozen=True)
class Rules:
    """Labour rules shared by all agents (contracts add their own limits)."""

    min_rest_min: int = 11 * 60
    min_staff: int = 1                # at least this many agents whenever any queue is open
    night_from_min: int = 22 * 60
    night_to_min: int = 6 * 60
    max_nights_per_week: int = 3
    max_weekend_days_per_week: int = 2


@dataclass(frozen=True)
class Availability:
    """A window in which an agent may work on a weekday (Mon=0) or on one date.

    An agent with any availability windows may only work shifts lying fully inside one of the
    windows for that day; days with no window for that agent are unavailable. Agents with no
    windows at all are available whenever they have no time off.
    """

    agent_id: str
    from_min: int
    to_min: int                      # may exceed 1440 for windows that run past midnight
    weekday: int | None = None
    day: dt.date | None = None

    def applies(self, day: dt.date) -> bool:
        if self.day is not None:
            return self.day == day
        return self.weekday is None or self.weekday == day.weekday()


@dataclass(frozen=True)
class Preference:
    """A soft wish of an agent, weighted (penalty units per unmet wish).

    ``wants``: ``"off"`` (no shift that day), ``"work"`` (a shift that day) or ``"start"`` (if
    working that day, start within ``from_min``–``to_min``).
    """

    agent_id: str
    wants: Literal["off", "work", "start"]
    weekday: int | None = None
    day: dt.date | None = None
    from_min: int = 0
    to_min: int = MINUTES_PER_DAY
    weight: float = 4.0              # in head-intervals (see RosterOptions): 4 = one hour of a head

    def applies(self, day: dt.date) -> bool:
        if self.day is not None:
            return self.day == day
        return self.weekday is None or self.weekday == day.weekday()


@dataclass(frozen=True)
class RosterOptions:
    """Rostering settings: break plan, days off, meetings, availability, preferences, weights.

    The scenario file carries them (``[rules]``, ``[[availability]]``, ``[[preference]]``,
    ``[[meeting]]``; see docs/scenario.md) as ``Scenario.roster_options``; defaults are sensible.

    The service objective is in the marginal table's units (×1000 contacts answered within
    target). Soft weights are in head-intervals — multiples of the value of the last needed head
    in a typical interval — so a change penalty of 8 means "move a shift only if that buys about
    two hours of one needed head's service".
    """

    break_mode: Literal["solver", "fixed", "none"] = "solver"   # solver places breaks in their
    #   windows (staggered); "fixed" puts each at its nominal time (cheaper on big centres);
    #   "none" places no breaks at all (the unpaid lunch is then still unpaid but not placed)
    short_break_min: int = 15            # paid break, roughly every break_every_min
    break_every_min: int = 120
    break_window_min: int = 30           # a break may move this far from its nominal time
    lunch_window_min: int = 60           # lunch start may move this far from mid-shift
    min_consecutive_days_off: int = 1    # 2 → every block of days off is at least 2 days long
    meeting_min_per_week: tuple[tuple[str, int], ...] = ()   # (team, minutes) held together
    meeting_from_min: int = 9 * 60       # meetings are placed inside this daily window …
    meeting_to_min: int = 17 * 60
    meeting_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)      # … on these weekdays
    availability: tuple[Availability, ...] = ()
    preferences: tuple[Preference, ...] = ()
    # Soft weights below are in "head-intervals": the service value of the last needed head in
    # a typical interval (median over the horizon), so they mean the same on any centre size.
    over_staff_weight_per_min: int = 2   # absolute tie-breaker: paid head-minutes beyond requirement
    shortfall_weight: int = 1000         # per missing head-interval when no marginal table
    change_weight: float = 8.0           # per agent-day that differs from the previous roster
    fairness_weight: float = 2.0         # per unit of spread in nights / weekend days
    night_needs_capable: bool = True     # only night-capable agents work shifts touching night
    relative_gap_limit: float = 0.005    # stop once proven within 0.5% of the best bound
    gain_encoding: Literal["auto", "steps", "lines"] = "auto"   # concave service gain: ordered
    #   step Booleans per head, or one integer per queue-interval under its tangent lines (a third
    #   of the variables); auto = lines above LINES_ABOVE_AGENT_DAYS agent-days, else steps
    paid_hours_budget: float = 0.0       # hard cap on the roster's total paid hours (0 = none)
    parts: int = 0                       # solve in this many parts (0 = automatic, see below)
    max_agent_days_per_part: int = 2000  # automatic: parts = ceil(agents × days / this)


@dataclass(frozen=True)
class Scenario:
    """A complete planning scenario: what to plan for and with whom."""

    name: str
    queues: tuple[Queue, ...]
    agents: tuple[Agent, ...]
    contracts: tuple[Contract, ...]
    templates: tuple[ShiftTemplate, ...]
    rules: Rules = field(default_factory=Rules)
    floors: tuple[CoverFloor, ...] = ()
    shrinkage: tuple[ShrinkageWindow, ...] = ()   # per-interval extra shrinkage windows
    interval_min: int = 15
    country: str = "CN"
    start_date: dt.date | None = None   # first planned day; None → Monday after the history
    history_path: str | None = None     # resolved absolute path of the history CSV
    source_path: str | None = None      # the TOML file it was read from
    roster_options: RosterOptions = field(default_factory=RosterOptions)   # roster rules and weights

    def queue(self, name: str) -> Queue:
        return next(q for q in self.queues if q.name == name)

    def contract(self, name: str) -> Contract:
        return next(c for c in self.contracts if c.name == name)

    def template(self, name: str) -> ShiftTemplate:
        return next(t for t in self.templates if t.name == name)

    def agent(self, agent_id: str) -> Agent:
        return next(a for a in self.agents if a.id == agent_id)


@dataclass(frozen=True)
class Shift:
    """One worked shift of one agent: a template instance on a day."""

    agent_id: str
    day: dt.date
    template: str
    start_min: int                    # minutes from midnight of ``day``
    end_min: int                      # may exceed 1440 (crosses midnight)
    unpaid_break_min: int = 0
    breaks: tuple[tuple[int, int], ...] = ()   # (start_min, end_min) off-phone, same clock as start_min
    locked: bool = False

    @property
    def paid_min(self) -> int:
        return self.end_min - self.start_min - self.unpaid_break_min

    def start_dt(self) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time()) + dt.timedelta(minutes=self.start_min)

    def end_dt(self) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time()) + dt.timedelta(minutes=self.end_min)


@dataclass(frozen=True)
class Roster:
    """Shifts of all agents over a horizon of whole days starting ``start_date``."""

    start_date: dt.date
    n_days: int
    shifts: tuple[Shift, ...]

    @property
    def days(self) -> list[dt.date]:
        return [self.start_date + dt.timedelta(days=i) for i in range(self.n_days)]

    def shift_of(self, agent_id: str, day: dt.date) -> Shift | None:
        return next((s for s in self.shifts if s.agent_id == agent_id and s.day == day), None)
