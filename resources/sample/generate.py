"""Generate the bundled sample centre: ``sample.toml`` and ``history.csv.gz``.

The sample is a fictional e-commerce customer-service centre in Hangzhou with four queues
(phone 24/7, a VIP phone line, online chat, email tickets) and 56 agents. The history is
synthetic but shaped like the real thing, so every stage of the planner has something
realistic to chew on: intraday shapes, a weekly cycle in which complaints peak at the
weekend, Chinese public holidays with their make-up working days, the 618 and Double 11
campaigns, a gentle trend, over-dispersed (negative-binomial) counts, AHT that varies with
the hour and the complaint share, and abandonment that rises with load.

Determinism: every day draws its noise from its own generator seeded with ``(seed, date)``,
so any date range is reproducible on its own *and* equals the same days of the full
series. ``gzip`` is written with ``mtime=0`` so the same data gives the same bytes.

Run: ``.venv/bin/python resources/sample/generate.py`` (``--check`` also prints the Erlang C
peak staffing the history implies, to confirm the 56 agents can roughly cover it).
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import holidays
import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SEED = 20251201
HISTORY_FIRST = dt.date(2024, 10, 7)    # a Monday
HISTORY_LAST = dt.date(2025, 11, 30)    # a Sunday: 60 whole weeks
PLAN_START = dt.date(2025, 12, 1)       # the Monday after the history
INTERVAL_MIN = 15
N_INTERVALS = 1440 // INTERVAL_MIN
TREND_PER_YEAR = 0.08                   # volume growth, +8 % a year
COMPLAINT_AHT_FACTOR = 1.45             # a complaint takes ~45 % longer than an enquiry
COLUMNS = ("start", "queue", "volume", "aht_s", "abandoned")

# Relative volume by weekday (Mon..Sun). Enquiries follow the working week; complaints
# pile up at the weekend (DOMAIN.md: "complaints concentrated at weekends").
ENQUIRY_WEEK = np.array([1.12, 1.05, 1.00, 0.98, 0.96, 0.80, 0.76])
COMPLAINT_WEEK = np.array([0.95, 0.86, 0.82, 0.82, 0.90, 1.40, 1.50])


@dataclass(frozen=True)
class QueueModel:
    """How one queue's history is synthesised.

    ``peak`` is the mean arrivals in the busiest 15 minutes of a normal Wednesday (before
    trend); ``profile`` gives hourly knots 0..24 of the workday intraday shape, ``weekend``
    of the weekend/holiday shape; ``open_h`` the hours with non-zero arrivals.
    """

    name: str
    peak: float
    complaint_share: float          # share of a normal Wednesday's contacts that are complaints
    enquiry_aht_s: float            # AHT of an enquiry; complaints take COMPLAINT_AHT_FACTOR longer
    abandon_base: float             # abandonment rate at normal peak load
    open_h: tuple[int, int]
    profile: tuple[float, ...]
    weekend: tuple[float, ...]
    aht_hourly: tuple[float, ...]   # AHT factor by hour knot 0..24 (night callers talk longer)
    dispersion: float = 25.0        # negative-binomial shape: var = mu + mu² / dispersion


#                 0     1     2     3     4     5     6     7     8     9    10    11    12
#                13    14    15    16    17    18    19    20    21    22    23    24
_PHONE = (0.14, 0.09, 0.06, 0.05, 0.05, 0.06, 0.12, 0.30, 0.62, 0.90, 1.00, 0.97, 0.72,
          0.78, 0.93, 0.95, 0.90, 0.78, 0.62, 0.58, 0.62, 0.52, 0.36, 0.22, 0.14)
_PHONE_WE = (0.16, 0.10, 0.07, 0.05, 0.05, 0.05, 0.08, 0.18, 0.40, 0.68, 0.90, 1.00, 0.82,
             0.80, 0.90, 0.92, 0.88, 0.80, 0.68, 0.64, 0.68, 0.58, 0.42, 0.26, 0.16)
_VIP = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.55, 0.92, 1.00, 0.96, 0.70,
        0.75, 0.92, 0.95, 0.88, 0.75, 0.58, 0.52, 0.50, 0.42, 0.30, 0.0, 0.0)
_VIP_WE = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.40, 0.70, 0.92, 1.00, 0.80,
           0.78, 0.88, 0.90, 0.84, 0.76, 0.62, 0.56, 0.54, 0.46, 0.34, 0.0, 0.0)
_CHAT = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.35, 0.62, 0.82, 0.88, 0.74,
         0.78, 0.86, 0.88, 0.84, 0.78, 0.72, 0.80, 0.94, 1.00, 0.86, 0.58, 0.32)
_CHAT_WE = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.25, 0.45, 0.68, 0.82, 0.78,
            0.80, 0.86, 0.88, 0.86, 0.82, 0.78, 0.84, 0.96, 1.00, 0.90, 0.62, 0.36)
_EMAIL = (0.30, 0.20, 0.14, 0.12, 0.12, 0.15, 0.25, 0.45, 0.70, 0.90, 1.00, 0.95, 0.80,
          0.85, 0.92, 0.90, 0.85, 0.78, 0.70, 0.72, 0.78, 0.75, 0.60, 0.42, 0.30)
_EMAIL_WE = (0.34, 0.22, 0.15, 0.12, 0.12, 0.14, 0.20, 0.34, 0.55, 0.76, 0.92, 1.00, 0.90,
             0.88, 0.92, 0.92, 0.88, 0.82, 0.76, 0.78, 0.84, 0.80, 0.66, 0.46, 0.34)
_AHT_VOICE = (1.12, 1.14, 1.15, 1.15, 1.15, 1.12, 1.06, 1.00, 0.98, 0.96, 0.95, 0.96, 1.00,
              1.00, 0.97, 0.96, 0.98, 1.00, 1.02, 1.04, 1.05, 1.06, 1.08, 1.10, 1.12)
_AHT_TEXT = (1.05, 1.05, 1.05, 1.05, 1.05, 1.05, 1.05, 1.04, 1.02, 0.99, 0.97, 0.97, 1.00,
             1.00, 0.98, 0.97, 0.98, 1.00, 1.02, 1.03, 1.04, 1.05, 1.06, 1.06, 1.05)

# Sized with Erlang C so that the weekday peak needs ~30 scheduled heads across the four
# queues (see ``--check``): 56 agents at 40/20–25/16–20 h a week can cover it.
QUEUE_MODELS: tuple[QueueModel, ...] = (
    QueueModel("phone", peak=12.0, complaint_share=0.35, enquiry_aht_s=207.0, abandon_base=0.05,
               open_h=(0, 24), profile=_PHONE, weekend=_PHONE_WE, aht_hourly=_AHT_VOICE),
    QueueModel("phone_vip", peak=2.2, complaint_share=0.30, enquiry_aht_s=264.0, abandon_base=0.02,
               open_h=(8, 22), profile=_VIP, weekend=_VIP_WE, aht_hourly=_AHT_VOICE),
    QueueModel("chat", peak=7.2, complaint_share=0.15, enquiry_aht_s=393.0, abandon_base=0.06,
               open_h=(8, 24), profile=_CHAT, weekend=_CHAT_WE, aht_hourly=_AHT_TEXT),
    QueueModel("email", peak=3.8, complaint_share=0.50, enquiry_aht_s=392.0, abandon_base=0.0,
               open_h=(0, 24), profile=_EMAIL, weekend=_EMAIL_WE, aht_hourly=_AHT_TEXT),
)


# Campaign peak days open their sales at midnight: the first two hours get a rush of payment
# and order questions on top of the day's level (only where the queue is open).
CAMPAIGN_PEAKS = ((6, 18), (11, 11))
MIDNIGHT_RUSH = np.where(np.arange(N_INTERVALS) * INTERVAL_MIN < 120,
                         np.interp(np.arange(N_INTERVALS) * INTERVAL_MIN, [0, 120], [6.0, 1.5]), 1.0)


# --------------------------------------------------------------------------- day effects
def _hourly_to_intervals(knots: tuple[float, ...], open_h: tuple[int, int]) -> np.ndarray:
    """Interpolate hourly knots at interval mid-points; zero outside the open hours."""
    hours = (np.arange(N_INTERVALS) + 0.5) * INTERVAL_MIN / 60.0
    shape = np.interp(hours, np.arange(25), np.asarray(knots, dtype=float))
    shape[(hours < open_h[0]) | (hours >= open_h[1])] = 0.0
    return shape


def _campaign(day: dt.date) -> tuple[float, float]:
    """(enquiry, complaint) multipliers from the 618 and Double 11 campaigns.

    Both have a pre-sale build-up, a spike on the final days and an after-sales tail in
    which complaints (late parcels, returns) stay high after enquiries have settled.
    """
    enq, comp = 1.0, 1.0
    for start, peak, rise, spike in ((dt.date(day.year, 5, 28), dt.date(day.year, 6, 18), 0.30, 1.0),
                                     (dt.date(day.year, 10, 20), dt.date(day.year, 11, 11), 0.40, 1.4)):
        d = (day - peak).days
        span = (peak - start).days
        if -span <= d < 0:
            ramp = rise * (span + d) / span             # builds up towards the peak
            presale = 0.35 if d == -span or d == -span + 1 else 0.0   # first pre-sale payments
            last = spike * (0.55 if d == -1 else 0.0)
            enq *= 1.0 + ramp + presale + last
            comp *= 1.0 + 0.5 * ramp
        elif d == 0:
            enq *= 1.0 + rise + spike
            comp *= 1.0 + rise
        elif 0 < d <= 14:
            enq *= 1.0 + 0.25 * spike * math.exp(-d / 3.0)
            comp *= 1.0 + 0.6 * spike * math.exp(-d / 5.0)
    return enq, comp


class _Calendar:
    """Chinese public holidays with make-up working days (from the ``holidays`` package)."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self._cn = holidays.country_holidays("CN", years=range(first.year - 1, last.year + 2))

    def day_type(self, day: dt.date) -> tuple[int, float, bool]:
        """(weekday pattern to use, holiday multiplier, weekend-shaped intraday?)."""
        if day in self._cn and not self._cn.is_working_day(day):
            name = self._cn.get(day) or ""
            if "Spring Festival" in name or "New Year's Eve" in name:
                factor = 0.45
            elif "National Day" in name:
                factor = 0.62
            else:
                factor = 0.78
            return 6, factor, True                       # a holiday behaves like a quiet Sunday
        if day.weekday() >= 5 and self._cn.is_working_day(day):
            return 2, 1.0, False                         # make-up working day: a normal weekday
        factor = self._spring_festival_shoulder(day)
        return day.weekday(), factor, day.weekday() >= 5

    def _spring_festival_shoulder(self, day: dt.date) -> float:
        """Volume sags the week before the festival and recovers over the week after it."""
        for y in (day.year - 1, day.year, day.year + 1):
            days = [d for d, n in self._cn.items()
                    if d.year == y and ("Spring Festival" in n or "New Year's Eve" in n)]
            if not days:
                continue
            before = (min(days) - day).days
            after = (day - max(days)).days
            if 0 < before <= 7:
                return 1.0 - 0.15 * (8 - before) / 7
            if 0 < after <= 10:
                return 0.80 + 0.20 * after / 10
        return 1.0


# --------------------------------------------------------------------------- generation
def generate_history(first: dt.date = HISTORY_FIRST, last: dt.date = HISTORY_LAST,
                     seed: int = SEED) -> pd.DataFrame:
    """Synthesise 15-minute history for the four queues from ``first`` to ``last`` inclusive.

    Returns a frame with columns ``start, queue, volume, aht_s, abandoned`` sorted by start
    then queue, one row per queue per interval (closed intervals have volume 0 and no AHT).
    """
    if last < first:
        raise ValueError(f"last day {last} is before first day {first}")
    cal = _Calendar(first, last)
    models = sorted(QUEUE_MODELS, key=lambda m: m.name)
    shapes = {m.name: (_hourly_to_intervals(m.profile, m.open_h), _hourly_to_intervals(m.weekend, m.open_h),
                       _hourly_to_intervals(m.aht_hourly, (0, 24))) for m in models}
    n_days = (last - first).days + 1
    vol = np.zeros((n_days, len(models), N_INTERVALS), dtype=np.int64)
    aht = np.full((n_days, len(models), N_INTERVALS), np.nan)
    aband = np.zeros((n_days, len(models), N_INTERVALS), dtype=np.int64)
    for i in range(n_days):
        day = first + dt.timedelta(days=i)
        rng = np.random.default_rng([seed, day.toordinal()])
        pattern, holiday, weekend_shape = cal.day_type(day)
        enq_c, comp_c = _campaign(day)
        trend = 1.0 + TREND_PER_YEAR * (day - HISTORY_FIRST).days / 365.0
        day_shock = rng.lognormal(0.0, 0.04)             # shared by all queues (weather, news)
        for j, m in enumerate(models):
            enq = (1 - m.complaint_share) * ENQUIRY_WEEK[pattern] / ENQUIRY_WEEK[2] * enq_c
            comp = m.complaint_share * COMPLAINT_WEEK[pattern] / COMPLAINT_WEEK[2] * comp_c
            level = m.peak * trend * holiday * day_shock * rng.lognormal(0.0, 0.05) * (enq + comp)
            work_shape, we_shape, aht_shape = shapes[m.name]
            mu = level * (we_shape if weekend_shape else work_shape)
            if (day.month, day.day) in CAMPAIGN_PEAKS:
                mu = mu * MIDNIGHT_RUSH                 # sales open at 00:00: a night-time surge
            # negative binomial as a gamma-Poisson mixture: over-dispersed like real arrivals
            lam = mu * rng.gamma(m.dispersion, 1.0 / m.dispersion, N_INTERVALS)
            v = rng.poisson(lam)
            vol[i, j] = v
            complaint_mix = comp / (enq + comp)
            mean_aht = (m.enquiry_aht_s * (1 + (COMPLAINT_AHT_FACTOR - 1) * complaint_mix)
                        * aht_shape * (1 - 0.03 * (day - HISTORY_FIRST).days / 365.0))
            # the mean of n lognormal handle times (CV ≈ 0.6) wobbles by ~0.6/√n
            sigma = 0.6 / np.sqrt(np.maximum(v, 1))
            noise = rng.normal(-0.5 * sigma ** 2, sigma)     # −σ²/2 keeps the mean unbiased
            a = np.round(mean_aht * np.exp(noise), 1)
            aht[i, j] = np.where(v > 0, a, np.nan)
            if m.abandon_base > 0:
                # more callers give up when the queue is busier than a normal peak
                load = np.minimum(mu / m.peak, 3.0)
                p = np.clip(m.abandon_base * load ** 1.5, 0.0, 0.4)
                aband[i, j] = rng.binomial(v, p)
            else:
                rng.binomial(v, 0.0)                     # keep the draw sequence uniform
    starts = pd.date_range(pd.Timestamp(first), periods=n_days * N_INTERVALS, freq=f"{INTERVAL_MIN}min")
    n_q = len(models)
    frame = pd.DataFrame({
        "start": np.repeat(starts.values, n_q),
        "queue": np.tile(np.array([m.name for m in models], dtype=object), n_days * N_INTERVALS),
        "volume": vol.transpose(0, 2, 1).reshape(-1),
        "aht_s": aht.transpose(0, 2, 1).reshape(-1),
        "abandoned": aband.transpose(0, 2, 1).reshape(-1),
    })
    return frame


def history_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The history as gzip-compressed CSV, byte-identical for identical data."""
    text = frame.to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%S", float_format="%.1f",
                        lineterminator="\n")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


# --------------------------------------------------------------------------- scenario TOML
# (id prefix, team, queues, per-agent: name, contract, vip, night, extra queues)
_FT, _PT, _WT = "full_time", "part_time", "weekend_temp"
AGENTS: tuple[tuple[str, str, str, bool, bool, tuple[str, ...]], ...] = (
    # enquiries: phone + chat
    ("李娜", _FT, "enquiries", True, False, ()),
    ("王伟", _FT, "enquiries", True, True, ()),
    ("张敏", _FT, "enquiries", True, False, ()),
    ("刘洋", _FT, "enquiries", True, False, ()),
    ("陈静", _FT, "enquiries", False, True, ()),
    ("杨帆", _FT, "enquiries", False, True, ()),
    ("赵磊", _FT, "enquiries", False, True, ()),
    ("黄丽", _FT, "enquiries", False, False, ()),
    ("周杰", _FT, "enquiries", False, False, ()),
    ("吴婷", _FT, "enquiries", False, False, ()),
    ("徐强", _FT, "enquiries", False, False, ()),
    ("孙悦", _FT, "enquiries", False, False, ()),
    ("马超", _PT, "enquiries", False, False, ()),
    ("朱琳", _PT, "enquiries", False, False, ()),
    ("胡晓峰", _PT, "enquiries", False, False, ()),
    ("郭晶", _PT, "enquiries", False, False, ()),
    # complaints: phone + email
    ("何亮", _FT, "complaints", True, True, ()),
    ("林芳", _FT, "complaints", True, False, ()),
    ("罗斌", _FT, "complaints", True, False, ()),
    ("高雪", _FT, "complaints", True, False, ()),
    ("郑浩", _FT, "complaints", False, True, ()),
    ("梁燕", _FT, "complaints", False, True, ()),
    ("谢涛", _FT, "complaints", False, False, ()),
    ("宋佳", _FT, "complaints", False, False, ()),
    ("唐俊", _FT, "complaints", False, False, ()),
    ("许萍", _FT, "complaints", False, False, ()),
    ("韩冰", _PT, "complaints", False, False, ()),
    ("冯雷", _PT, "complaints", False, False, ()),
    ("邓欣怡", _WT, "complaints", False, False, ()),
    ("曹阳", _WT, "complaints", False, False, ()),
    ("彭飞", _WT, "complaints", False, False, ()),
    ("曾静", _WT, "complaints", False, False, ()),
    # technical: chat + email (+ phone for some)
    ("肖宇", _FT, "technical", False, True, ("phone",)),
    ("田甜", _FT, "technical", False, True, ("phone",)),
    ("董鹏", _FT, "technical", False, True, ("phone",)),
    ("袁媛", _FT, "technical", False, False, ("phone",)),
    ("潘杰", _FT, "technical", False, False, ("phone",)),
    ("于倩", _FT, "technical", False, False, ("phone",)),
    ("蒋文博", _FT, "technical", False, False, ()),
    ("蔡文", _FT, "technical", False, False, ()),
    ("余波", _FT, "technical", False, False, ()),
    ("杜鹃", _FT, "technical", False, False, ()),
    ("叶青", _FT, "technical", False, False, ()),
    ("程刚", _FT, "technical", False, False, ()),
    ("魏来", _PT, "technical", False, False, ()),
    ("苏晴", _PT, "technical", False, False, ()),
    ("吕鑫", _PT, "technical", False, False, ()),
    ("丁宁", _PT, "technical", False, False, ()),
    # hired for the VIP line and the email backlog: without them the agents' contracted hours
    # fell short of the week's requirement and every queue missed its target
    ("韩雪", _FT, "enquiries", True, False, ()),
    ("唐杰", _FT, "enquiries", True, True, ()),
    ("冯涛", _FT, "complaints", True, False, ()),
    ("曹颖", _FT, "complaints", True, False, ()),
    ("彭博", _FT, "complaints", False, False, ()),
    ("曾琳", _FT, "complaints", False, False, ()),
    ("萧然", _FT, "technical", False, False, ("phone",)),
    ("程诚", _FT, "technical", False, False, ()),
)
TEAM_QUEUES = {"enquiries": ("phone", "chat"), "complaints": ("phone", "email"), "technical": ("chat", "email")}
QUEUE_ORDER = ("phone", "phone_vip", "chat", "email")
# Approved leave in the first planning weeks: agent index → (first, last, reason). Kept short
# enough that each agent can still reach the contract's minimum hours in the rest of the week,
# so the sample stays feasible even for a roster model that does not credit leave hours.
TIME_OFF = {
    2: ((dt.date(2025, 12, 1), dt.date(2025, 12, 1), "年假 annual leave"),),
    11: ((dt.date(2025, 12, 4), dt.date(2025, 12, 5), "病假 sick leave"),),
    20: ((dt.date(2025, 12, 8), dt.date(2025, 12, 9), "事假 personal leave"),),
    37: ((dt.date(2025, 12, 2), dt.date(2025, 12, 2), "培训 external training"),
         (dt.date(2025, 12, 15), dt.date(2025, 12, 16), "年假 annual leave")),
}


def _toml_list(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(f'"{x}"' for x in items) + "]"


@dataclass(frozen=True)
class SampleAgent:
    """One agent row of the sample, as written to the TOML."""

    id: str
    name: str
    team: str
    contract: str
    queues: tuple[str, ...]
    vip: bool
    night_capable: bool
    time_off: tuple[tuple[dt.date, dt.date, str], ...]


def sample_agents() -> list[SampleAgent]:
    """The 56 agents (ids A001…A056) in file order, queues in scenario queue order."""
    out: list[SampleAgent] = []
    for i, (name, contract, team, vip, night, extra) in enumerate(AGENTS):
        queues = set(TEAM_QUEUES[team]) | set(extra) | ({"phone_vip"} if vip else set())
        out.append(SampleAgent(id=f"A{i + 1:03d}", name=name, team=team, contract=contract,
                               queues=tuple(sorted(queues, key=QUEUE_ORDER.index)), vip=vip,
                               night_capable=night, time_off=TIME_OFF.get(i, ())))
    return out


_HEADER = '''\
# Sample centre: a fictional e-commerce customer-service centre in Hangzhou.
# Generated by resources/sample/generate.py — edit freely, or re-run the generator.
# Every field is documented in docs/scenario.md. Times are "HH:MM" local wall-clock time.

[scenario]
name = "Sample centre (Hangzhou)"
country = "CN"                 # public-holiday calendar (holidays package country code)
interval_min = 15              # planning grid in minutes; the history uses the same grid
start_date = {start}        # first planned day (the Monday after the history)
history = "history.csv.gz"     # relative to this file; columns start, queue, volume, aht_s, abandoned

[rules]
min_rest_h = 11                # rest between the end of one shift and the start of the next
min_staff = 1                  # at least one agent on duty whenever any queue is open
# A shift is a night shift if it works any time between night_from and night_to. The late
# shift ends at midnight and counts as evening work; only the overnight shift is a night.
night_from = "00:00"
night_to = "06:00"
max_nights_per_week = 3
max_weekend_days_per_week = 2

# ---------------------------------------------------------------- queues
# Order matters: arrays with a queue axis follow it everywhere.

[[queues]]
name = "phone"
channel = "voice"
open = "00:00-24:00"           # 24/7 hotline
target_sl = 0.80               # 80 % of calls answered …
answer_s = 20                  # … within 20 seconds
patience_s = 120               # mean caller patience → Erlang A (abandonment)
max_occupancy = 0.88
shrinkage = 0.15               # absence, coaching, system time; rostered breaks and meetings are not counted here
aht_s = 240                    # fallback AHT when the history has none

[[queues]]
name = "phone_vip"
channel = "voice"
open = "08:00-22:00"
vip_of = "phone"               # priority line sharing agents with "phone"; VIP-certified agents only
target_sl = 0.90
answer_s = 10
patience_s = 150
max_occupancy = 0.85
shrinkage = 0.15
aht_s = 300

[[queues]]
name = "chat"
channel = "chat"
open = "08:00-24:00"           # the chatbot answers at night
target_sl = 0.80               # first reply …
answer_s = 30                  # … within 30 seconds
patience_s = 180
concurrency = 2                # chats one agent handles at once
max_occupancy = 0.85
shrinkage = 0.15
aht_s = 420                    # seconds per chat (one of the concurrent sessions)

[[queues]]
name = "email"
channel = "email"
open = "08:00-20:00"           # tickets arrive 24/7 and are answered in office hours
deferred_pct = 0.96            # 96 % of tickets answered …
deferred_hours = 2             # … within 2 opening hours (the clock stops overnight)
target_sl = 0.96               # same target expressed as SL/answer time
answer_s = 7200
max_occupancy = 0.95
shrinkage = 0.15
aht_s = 480

# ---------------------------------------------------------------- shift templates
# length_h is from start to end, unpaid lunch included: 9 h with 60 min unpaid = 8 h paid.

[[templates]]
name = "early"
starts = ["06:00", "06:30", "07:00"]
length_h = 9
unpaid_break_min = 60

[[templates]]
name = "day"
starts = ["08:00", "08:30", "09:00"]
length_h = 9
unpaid_break_min = 60

[[templates]]
name = "middle"
starts = ["10:00", "10:30", "11:00", "12:00"]
length_h = 9
unpaid_break_min = 60

[[templates]]
name = "late"
starts = ["13:00", "14:00", "15:00"]     # ends 22:00–24:00
length_h = 9
unpaid_break_min = 60

[[templates]]
name = "night"
starts = ["22:00", "23:00"]              # crosses midnight, ends 08:00/09:00
length_h = 10
unpaid_break_min = 60

[[templates]]
name = "part_4h"
starts = ["09:00", "10:00", "11:00", "17:00", "18:00", "19:00"]
length_h = 4

[[templates]]
name = "part_5h"
starts = ["08:00", "09:00", "10:00", "14:00", "16:00", "17:00"]
length_h = 5

[[templates]]
name = "weekend"
starts = ["08:00", "09:00", "10:00", "12:00"]
length_h = 10
unpaid_break_min = 60

# ---------------------------------------------------------------- contracts

[[contracts]]
name = "full_time"
min_week_h = 36                # 40 h nominal; ±4 h lets a 9 h-paid night shift fit the week
max_week_h = 44
templates = ["early", "day", "middle", "late", "night"]
max_days_per_week = 5
min_days_per_week = 4
max_consecutive_days = 6

[[contracts]]
name = "part_time"
min_week_h = 20
max_week_h = 25
templates = ["part_4h", "part_5h"]
max_days_per_week = 5
min_days_per_week = 4
max_consecutive_days = 5

[[contracts]]
name = "weekend_temp"          # the temporary weekend complaints team
min_week_h = 16
max_week_h = 20
templates = ["weekend"]
max_days_per_week = 2
weekend_only = true

# ---------------------------------------------------------------- cover floors
# Heads that must be on the queue whatever the forecast says.

[[floors]]                     # night cover on the hotline
queue = "phone"
from = "00:00"
to = "08:00"
min_agents = 2

[[floors]]                     # a VIP-certified agent on the VIP line all opening hours
queue = "phone_vip"
from = "08:00"
to = "22:00"
min_agents = 1
vip_only = true

[[floors]]                     # weekend complaints: tickets must not pile up until Monday
queue = "email"
from = "09:00"
to = "18:00"
min_agents = 3
days = "weekend"

# ---------------------------------------------------------------- agents
# team = skill group; queues = queues the agent is trained for; vip = may serve phone_vip.
'''


def scenario_toml(start: dt.date = PLAN_START) -> str:
    """The sample scenario as commented, human-laid-out TOML text."""
    lines = [_HEADER.format(start=start.isoformat())]
    for a in sample_agents():
        lines += ["[[agents]]", f'id = "{a.id}"', f'name = "{a.name}"', f'team = "{a.team}"',
                  f'contract = "{a.contract}"', f"queues = {_toml_list(a.queues)}"]
        if a.vip:
            lines.append("vip = true")
        if a.night_capable:
            lines.append("night_capable = true")
        if a.time_off:
            parts = [f'{{ first = {first.isoformat()}, last = {last.isoformat()}, reason = "{why}" }}'
                     for first, last, why in a.time_off]
            lines.append("time_off = [" + ", ".join(parts) + "]")
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- checks
def _erlang_c_agents(calls: float, aht_s: float, interval_min: int, target_sl: float, answer_s: float,
                     concurrency: int = 1) -> int:
    """Smallest N with Erlang C service level ≥ target (DOMAIN.md formulas); for --check only."""
    a = calls * aht_s / (interval_min * 60.0) / concurrency
    if a <= 0:
        return 0
    n = max(1, math.floor(a) + 1)
    while True:
        b = 1.0
        for k in range(1, n + 1):
            b = a * b / (k + a * b)
        c = n * b / (n - a * (1 - b))
        if 1 - c * math.exp(-(n - a) * answer_s * concurrency / aht_s) >= target_sl:
            return n
        n += 1


def peak_check(frame: pd.DataFrame, last: dt.date = dt.date(2025, 9, 21), weeks: int = 4,
               shrinkage: float = 0.15) -> pd.DataFrame:
    """Erlang C heads per queue at the mean weekday profile of ``weeks`` normal weeks to ``last``.

    The default window (late August to September 2025) has no campaign and no holiday, like
    the December planning weeks.
    """
    last = pd.Timestamp(last) + pd.Timedelta(days=1)
    recent = frame[(frame["start"] >= last - pd.Timedelta(weeks=weeks)) & (frame["start"] < last)]
    recent = recent[recent["start"].dt.weekday < 5]
    slot = recent["start"].dt.strftime("%H:%M")
    mean = recent.assign(slot=slot, work=recent["volume"] * recent["aht_s"].fillna(0)) \
        .groupby(["queue", "slot"])[["volume", "work"]].mean()
    targets = {"phone": (0.8, 20, 1), "phone_vip": (0.9, 10, 1), "chat": (0.8, 30, 2), "email": (0.8, 3600, 1)}
    rows = []
    for (queue, slot_), r in mean.iterrows():
        sl, ans, conc = targets[queue]
        aht = r["work"] / r["volume"] if r["volume"] > 0 else 0.0
        net = _erlang_c_agents(r["volume"], aht, INTERVAL_MIN, sl, ans, conc)
        rows.append({"queue": queue, "slot": slot_, "volume": r["volume"], "aht_s": aht, "net": net,
                     "scheduled": math.ceil(net / (1 - shrinkage))})
    return pd.DataFrame(rows)


def workload_hours(frame: pd.DataFrame, first: dt.date = dt.date(2025, 8, 25),
                   last: dt.date = dt.date(2025, 9, 19)) -> float:
    """Mean agent-hours of handling per weekday in a normal window (chat divided by concurrency)."""
    part = frame[(frame["start"] >= pd.Timestamp(first)) & (frame["start"] < pd.Timestamp(last) + pd.Timedelta(days=1))
                 & (frame["start"].dt.weekday < 5)]
    concurrency = part["queue"].map({"chat": 2}).fillna(1)
    hours = part["volume"] * part["aht_s"].fillna(0) / concurrency / 3600
    return float(hours.groupby(part["start"].dt.normalize()).sum().mean())


def paid_hours_per_day() -> float:
    """Mid-range contract hours of the 56 agents, per day of the week."""
    week_h = {_FT: 40.0, _PT: 22.5, _WT: 18.0}
    return sum(week_h[a[1]] for a in AGENTS) / 7


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", type=Path, default=HERE, help="output directory (default: next to this script)")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--check", action="store_true", help="print the Erlang C peak staffing of the history")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    frame = generate_history(HISTORY_FIRST, HISTORY_LAST, args.seed)
    (args.out / "history.csv.gz").write_bytes(history_csv_bytes(frame))
    (args.out / "sample.toml").write_text(scenario_toml(PLAN_START), encoding="utf-8")
    print(f"wrote {args.out / 'history.csv.gz'} ({len(frame)} rows) and {args.out / 'sample.toml'}")
    if args.check:
        check = peak_check(frame)
        heads = check.pivot(index="slot", columns="queue", values="scheduled")
        total = heads.sum(axis=1)
        print(heads.assign(total=total).loc[total.sort_values().index[-6:]])
        print("peak-interval volumes:", check.groupby("queue")["volume"].max().round(1).to_dict())
        print(f"scheduled heads at the busiest weekday interval (normal weeks): {int(total.max())}; "
              f"sum of per-queue scheduled agent-hours per weekday: {total.sum() * INTERVAL_MIN / 60:.0f}")
        print(f"workload per normal weekday: {workload_hours(frame):.0f} agent-hours (volume × AHT, "
              f"chat ÷ concurrency); paid hours the 56 agents can give per day: {paid_hours_per_day():.0f} "
              f"(× 0.85 after shrinkage = {0.85 * paid_hours_per_day():.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
