"""Short day labels follow the locale's order of day and month."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale

from ui.dates import day_month, weekday_day_month

DEC_1 = dt.date(2025, 12, 1)   # a Monday


@pytest.mark.parametrize(("locale", "expected"), [
    ("en_US", "Mon 12/1"), ("zh_CN", "周一 12/1"), ("en_GB", "Mon 1/12"),
])
def test_weekday_day_month_in_locale_order(qapp, locale: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert weekday_day_month(DEC_1, QLocale(locale)) == expected


def test_day_month_is_unambiguous_for_chinese(qapp) -> None:  # type: ignore[no-untyped-def]
    assert day_month(dt.date(2025, 3, 11), QLocale("zh_CN")) == "3/11"
    assert day_month(dt.date(2025, 3, 11), QLocale("en_GB")) == "11/3"
