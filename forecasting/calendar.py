"""Calendar effects: public holidays, make-up working days and user events.

Holidays come from the ``holidays`` package. For China it also lists the weekend days that are
official *working* days (调休, ``weekend_workdays``), which behave like weekdays in a contact
centre; both are day types here.

Events (campaigns such as 618 or Double 11, outages) are entered by the planner. An event with an
``uplift`` given by hand changes its days by that share; without one the uplift is learned from
past occurrences of an event with the same name in the history.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from planner.errors import InputError

log = logging.getLogger(__name__)

NORMAL, HOLIDAY, MAKEUP_WORKDAY = 0, 1, 2


@dataclass(frozen=True)
class Event:
    """A dated event that changes demand.

    Attributes:
        name: events with the same name share a learned uplift (e.g. "Double 11").
        first: first day (inclusive).
        last: last day (inclusive).
        uplift: change of volume as a share (+0.6 = 60 % more, -1.0 = no contacts); ``None`` →
            learned from past occurrences of ``name`` in the history.
        queues: queues affected; empty = all queues.
    """

    name: str
    first: dt.date
    last: dt.date
    uplift: float | None = None
    queues: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise InputError(f"event '{self.name}' ends ({self.last}) before it starts ({self.first})",
                             column="events", fix="swap the dates")
        if self.uplift is not None and self.uplift < -1.0:
            raise InputError(f"event '{self.name}': uplift {self.uplift:+.0%} would make volume negative",
                             column="events", fix="use -1.0 (closed) or more")

    def covers(self, day: dt.date, queue: str) -> bool:
        return self.first <= day <= self.last and (not self.queues or queue in self.queues)


@lru_cache(maxsize=32)
def _holiday_table(country: str, years: tuple[int, ...]) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    import holidays
    try:
        table = holidays.country_holidays(country, years=years)
    except (NotImplementedError, KeyError) as exc:
        raise InputError(f"no public-holiday calendar for country '{country}'", column="country",
                         fix="use an ISO code such as CN, HK, TW, SG or US, or leave it empty") from exc
    workdays = frozenset(getattr(table, "weekend_workdays", set()) or set())
    return frozenset(table.keys()), workdays


def day_types(days: list[dt.date] | np.ndarray, country: str | None) -> np.ndarray:
    """NORMAL / HOLIDAY / MAKEUP_WORKDAY for each day (all NORMAL without a country)."""
    days = list(days)
    out = np.zeros(len(days), dtype=np.int8)
    if not country or not days:
        return out
    years = tuple(range(min(days).year, max(days).year + 1))
    off, work = _holiday_table(country.upper(), years)
    for i, d in enumerate(days):
        if d in work:
            out[i] = MAKEUP_WORKDAY
        elif d in off:
            out[i] = HOLIDAY
    return out


def holiday_names(first: dt.date, last: dt.date, country: str | None) -> dict[dt.date, str]:
    """Holiday names between two days, for reports and the UI."""
    if not country:
        return {}
    import holidays
    table = holidays.country_holidays(country.upper(), years=range(first.year, last.year + 1))
    return {d: n for d, n in sorted(table.items()) if first <= d <= last}


def ecommerce_campaigns(years: range | list[int]) -> list[Event]:
    """The 618 and Double 11 shopping festivals as three phases each, uplift learned from history.

    Pre-sale build-up, the peak days and the after-sales tail (late parcels, returns) move
    volume by very different amounts, so each phase is its own event. Dates follow the platforms'
    usual calendars (pre-sales open about three weeks before the day).
    """
    out: list[Event] = []
    for y in years:
        out += [Event("618 pre-sale", dt.date(y, 5, 25), dt.date(y, 6, 16)),
                Event("618 peak", dt.date(y, 6, 17), dt.date(y, 6, 19)),
                Event("618 after-sales", dt.date(y, 6, 20), dt.date(y, 6, 30)),
                Event("Double 11 pre-sale", dt.date(y, 10, 20), dt.date(y, 11, 9)),
                Event("Double 11 peak", dt.date(y, 11, 10), dt.date(y, 11, 12)),
                Event("Double 11 after-sales", dt.date(y, 11, 13), dt.date(y, 11, 25))]
    return out


def holiday_families(days: list[dt.date], country: str | None) -> list[str | None]:
    """For each day, the holiday it belongs to ("Spring Festival", "National Day", …) or None.

    Substitute days off ("Day off (substituted from …)") and observed days take the family of
    the nearest named holiday, so a whole Golden Week learns one ratio. Holidays differ a lot —
    the Spring Festival empties a centre far more than Tomb-Sweeping Day — so ratios are learned
    per family, with the pooled ratio as fallback.
    """
    if not country or not days:
        return [None] * len(days)
    import holidays
    table = holidays.country_holidays(country.upper(), years=range(min(days).year - 1, max(days).year + 2))

    def family(name: str) -> str | None:
        if name.startswith("Day off"):
            return None
        name = name.replace(" (observed)", "")
        if "Chinese New Year" in name or "Spring Festival" in name:
            return "Spring Festival"
        return name.split(";")[0].strip()

    out: list[str | None] = []
    for d in days:
        name = table.get(d)
        if name is None:
            out.append(None)
            continue
        fam = family(name)
        dist = 1
        while fam is None and dist <= 10:
            for other in (d - dt.timedelta(days=dist), d + dt.timedelta(days=dist)):
                other_name = table.get(other)
                if other_name is not None and family(other_name) is not None:
                    fam = family(other_name)
                    break
            dist += 1
        out.append(fam or "holiday")
    return out
