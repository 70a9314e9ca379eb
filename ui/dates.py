"""Short date labels in the user's locale (``Mon 12/1`` in US English, ``周一 12/1`` in Chinese).

Qt has no "day and month only" format, so the order of day and month is read from the locale's
own short date format: a British locale gets ``Mon 1/12``, American and Chinese ``12/1``.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale


def month_first(locale: QLocale | None = None) -> bool:
    """True if the locale writes the month before the day (en_US, zh_CN), False for en_GB, fr_FR."""
    fmt = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    m, d = fmt.find("M"), fmt.find("d")
    return m < d if m >= 0 and d >= 0 else True


def day_month(day: dt.date, locale: QLocale | None = None) -> str:
    """``12/1`` or ``1/12``: the day without the year, numbers only."""
    return f"{day.month}/{day.day}" if month_first(locale) else f"{day.day}/{day.month}"


def weekday_day_month(day: dt.date, locale: QLocale | None = None) -> str:
    """Short weekday name and day/month, e.g. ``Mon 12/1`` / ``周一 12/1``."""
    loc = locale or QLocale()
    return f"{loc.toString(day, 'ddd')} {day_month(day, loc)}"
