"""Roster settings in the scenario file: ``[rules]`` keys, ``[[meeting]]``, ``[[availability]]``,
``[[preference]]`` ↔ :class:`planner.domain.RosterOptions`.

``planner.scenario`` calls :func:`read_roster_options` while it loads a file and
:func:`roster_options_to_dict` while it saves one; problems go to the loader's ``report``
callback, so they are listed with every other problem of the file. Keys are the
``RosterOptions`` field names; times of day are ``"HH:MM"`` like everywhere in the file
(``meeting_from``/``meeting_to``, ``from``/``to``). Only settings that differ from the defaults
are written, so a saved sample stays short. No OR-Tools here.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Callable

from planner.domain import Availability, Preference, RosterOptions

Report = Callable[[str, str, str], None]   # (where, message, fix)

#: [rules] keys holding plain numbers/flags: key → (type, lowest, highest)
NUMBER_KEYS: dict[str, tuple[type, float, float]] = {
    "short_break_min": (int, 0, 120),
    "break_every_min": (int, 30, 720),
    "break_window_min": (int, 0, 240),
    "lunch_window_min": (int, 0, 240),
    "min_consecutive_days_off": (int, 1, 7),
    "over_staff_weight_per_min": (int, 0, 10_000),
    "shortfall_weight": (int, 0, 10_000_000),
    "change_weight": (float, 0.0, 10_000.0),
    "fairness_weight": (float, 0.0, 10_000.0),
    "relative_gap_limit": (float, 0.0, 1.0),
    "paid_hours_budget": (float, 0.0, 100_000_000.0),
    "parts": (int, 0, 1000),
    "max_agent_days_per_part": (int, 1, 10_000_000),
}
CHOICE_KEYS: dict[str, tuple[str, ...]] = {
    "break_mode": ("solver", "fixed", "none"),
    "gain_encoding": ("auto", "steps", "lines"),
}
WANTS = ("off", "work", "start")


def _is_number(value: Any, kind: type) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) if kind is int else isinstance(value, (int, float))


def _clock(value: Any, where: str, report: Report, latest_min: int = 1440) -> int | None:
    from planner.scenario import parse_hhmm   # the file's one time parser (imported late: no cycle)
    try:
        minutes = parse_hhmm(value)
    except ValueError as exc:
        report(where, str(exc), "write times as \"HH:MM\", e.g. \"09:00\"")
        return None
    if minutes > latest_min:
        report(where, f"time {value!r} is after {latest_min // 60:02d}:{latest_min % 60:02d}",
               "use an earlier time")
        return None
    return minutes


def _day_of(t: dict[str, Any], where: str, report: Report) -> tuple[int | None, dt.date | None, bool]:
    """(weekday, date, ok) of an entry: ``weekday = 0…6`` (Mon=0), or ``date``, or neither (every day)."""
    weekday, day = t.get("weekday"), t.get("date")
    if weekday is not None and day is not None:
        report(f"{where}.weekday", "both weekday and date are set", "keep one of them")
        return None, None, False
    if weekday is not None and (not _is_number(weekday, int) or not 0 <= weekday <= 6):
        report(f"{where}.weekday", f"bad weekday {weekday!r}", "use 0 (Monday) … 6 (Sunday)")
        return None, None, False
    if day is not None:
        if isinstance(day, dt.datetime):
            day = day.date()
        if not isinstance(day, dt.date):
            try:
                day = dt.date.fromisoformat(str(day))
            except ValueError:
                report(f"{where}.date", f"bad date {day!r}", "write dates as YYYY-MM-DD")
                return None, None, False
    return weekday, day, True


def _entries(data: dict[str, Any], key: str, report: Report) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        report(key, f"expected [[{key}]] tables", f"write each entry as a [[{key}]] table")
        return []
    return value


def read_roster_options(rules: dict[str, Any], data: dict[str, Any], report: Report) -> RosterOptions:
    """Roster settings from the ``[rules]`` table and the ``[[meeting]]``, ``[[availability]]``,
    ``[[preference]]`` tables of a parsed scenario file. Unset keys keep their defaults."""
    base = RosterOptions()
    changes: dict[str, Any] = {}
    for key, (kind, lo, hi) in NUMBER_KEYS.items():
        if key not in rules:
            continue
        value = rules[key]
        if not _is_number(value, kind):
            report(f"rules.{key}", f"expected {'an integer' if kind is int else 'a number'}, got {value!r}",
                   f"write {key} = {getattr(base, key)!r}")
        elif not lo <= value <= hi:
            report(f"rules.{key}", f"value {value} is outside {lo}–{hi}", f"use a value between {lo} and {hi}")
        else:
            changes[key] = kind(value)
    for key, allowed in CHOICE_KEYS.items():
        if key in rules:
            if rules[key] in allowed:
                changes[key] = rules[key]
            else:
                report(f"rules.{key}", f"unknown {key} {rules[key]!r}", f"use one of {', '.join(allowed)}")
    if "night_needs_capable" in rules:
        if isinstance(rules["night_needs_capable"], bool):
            changes["night_needs_capable"] = rules["night_needs_capable"]
        else:
            report("rules.night_needs_capable", f"expected true or false, got {rules['night_needs_capable']!r}",
                   "write night_needs_capable = true")
    for key, field in (("meeting_from", "meeting_from_min"), ("meeting_to", "meeting_to_min")):
        if key in rules and (m := _clock(rules[key], f"rules.{key}", report)) is not None:
            changes[field] = m
    if changes.get("meeting_from_min", base.meeting_from_min) >= changes.get("meeting_to_min", base.meeting_to_min):
        report("rules.meeting_from", "the meeting window is empty", "make meeting_from earlier than meeting_to")
    if "meeting_weekdays" in rules:
        days = rules["meeting_weekdays"]
        if isinstance(days, list) and days and all(_is_number(d, int) and 0 <= d <= 6 for d in days):
            changes["meeting_weekdays"] = tuple(sorted(set(days)))
        else:
            report("rules.meeting_weekdays", f"bad weekday list {days!r}",
                   "list weekday numbers 0–6 (Mon=0), e.g. meeting_weekdays = [0, 1, 2, 3, 4]")

    meetings = []
    for i, t in enumerate(_entries(data, "meeting", report)):
        team, minutes = t.get("team"), t.get("minutes")
        if not isinstance(team, str) or not team:
            report(f"meeting[{i}].team", "required team name is missing", "add team = \"…\" (an agent's team)")
        elif not _is_number(minutes, int) or not 0 < minutes <= 8 * 60:
            report(f"meeting[{i}].minutes", f"bad meeting length {minutes!r}", "give minutes per week, 1–480")
        else:
            meetings.append((team, int(minutes)))
    if meetings:
        changes["meeting_min_per_week"] = tuple(meetings)

    windows = []
    for i, t in enumerate(_entries(data, "availability", report)):
        w = f"availability[{i}]"
        agent = t.get("agent")
        weekday, day, ok = _day_of(t, w, report)
        lo = _clock(t.get("from", "00:00"), f"{w}.from", report)
        hi = _clock(t.get("to", "24:00"), f"{w}.to", report, latest_min=48 * 60)
        if not isinstance(agent, str) or not agent:
            report(f"{w}.agent", "required agent id is missing", "add agent = \"…\" (an agent id)")
        elif ok and lo is not None and hi is not None:
            if hi <= lo:
                report(f"{w}.to", "the window ends before it starts",
                       "make to later than from; past midnight write e.g. \"26:00\"")
            else:
                windows.append(Availability(agent, lo, hi, weekday, day))
    if windows:
        changes["availability"] = tuple(windows)

    wishes = []
    for i, t in enumerate(_entries(data, "preference", report)):
        w = f"preference[{i}]"
        agent, wants, weight = t.get("agent"), t.get("wants"), t.get("weight", Preference.weight)
        weekday, day, ok = _day_of(t, w, report)
        lo = _clock(t.get("from", "00:00"), f"{w}.from", report)
        hi = _clock(t.get("to", "24:00"), f"{w}.to", report)
        if not isinstance(agent, str) or not agent:
            report(f"{w}.agent", "required agent id is missing", "add agent = \"…\" (an agent id)")
        elif wants not in WANTS:
            report(f"{w}.wants", f"unknown wish {wants!r}", f"use one of {', '.join(WANTS)}")
        elif not _is_number(weight, float) or weight < 0:
            report(f"{w}.weight", f"bad weight {weight!r}", "use a number ≥ 0 (4 = one hour of one needed head)")
        elif ok and lo is not None and hi is not None:
            wishes.append(Preference(agent, wants, weekday, day, lo, hi, float(weight)))
    if wishes:
        changes["preferences"] = tuple(wishes)
    return dataclasses.replace(base, **changes)


def check_references(options: RosterOptions, agent_ids: set[str], teams: set[str], report: Report) -> None:
    """Names in the roster settings must refer to agents and teams of the scenario."""
    for i, (team, _) in enumerate(options.meeting_min_per_week):
        if team not in teams:
            report(f"meeting[{i}].team", f"no agent is in team {team!r}",
                   f"use one of {', '.join(sorted(teams)) or '(no teams)'}")
    for key, items in (("availability", options.availability), ("preference", options.preferences)):
        for i, item in enumerate(items):
            if item.agent_id not in agent_ids:
                report(f"{key}[{i}].agent", f"unknown agent {item.agent_id!r}", "use the id of an [[agents]] entry")


def roster_options_to_dict(options: RosterOptions) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """(extra ``[rules]`` keys, extra tables) for the settings that differ from the defaults."""
    from planner.scenario import format_hhmm
    base = RosterOptions()
    rules: dict[str, Any] = {}
    for key in (*NUMBER_KEYS, *CHOICE_KEYS, "night_needs_capable"):
        if getattr(options, key) != getattr(base, key):
            rules[key] = getattr(options, key)
    if options.meeting_from_min != base.meeting_from_min:
        rules["meeting_from"] = format_hhmm(options.meeting_from_min)
    if options.meeting_to_min != base.meeting_to_min:
        rules["meeting_to"] = format_hhmm(options.meeting_to_min)
    if options.meeting_weekdays != base.meeting_weekdays:
        rules["meeting_weekdays"] = list(options.meeting_weekdays)
    tables: dict[str, list[dict[str, Any]]] = {}
    if options.meeting_min_per_week:
        tables["meeting"] = [{"team": team, "minutes": minutes} for team, minutes in options.meeting_min_per_week]

    def when(item: Availability | Preference) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if item.weekday is not None:
            out["weekday"] = item.weekday
        if item.day is not None:
            out["date"] = item.day
        return out

    if options.availability:
        tables["availability"] = [{"agent": w.agent_id, **when(w), "from": format_hhmm(w.from_min),
                                   "to": format_hhmm(w.to_min)} for w in options.availability]
    if options.preferences:
        tables["preference"] = [{"agent": p.agent_id, "wants": p.wants, **when(p), "from": format_hhmm(p.from_min),
                                 "to": format_hhmm(p.to_min), "weight": p.weight} for p in options.preferences]
    return rules, tables
