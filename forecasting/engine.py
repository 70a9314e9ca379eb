"""The forecast runner: long history frame in, long forecast frame out.

Per queue it (1) puts the history on the model grid and fills gaps from neighbouring weeks,
(2) takes holidays, make-up working days and events out of the history — learning how much they
change volume — (3) selects a model by rolling-origin backtest (or uses the pinned one),
(4) forecasts with prediction intervals calibrated on the backtest errors, (5) puts the calendar
effects back on the horizon, (6) forecasts AHT, and finally applies the planner's what-if
adjustments. Everything Qt- and solver-free.
"""
from __future__ import annotations

import copy
import datetime as dt
import logging
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from forecasting.adjust import Adjustment, apply_adjustments
from forecasting.io import classify_missing
from forecasting.calendar import (HOLIDAY, MAKEUP_WORKDAY, NORMAL, Event, day_types, ecommerce_campaigns,
                                 holiday_families)
from forecasting.models import make_model
from forecasting.selection import AUTO_CANDIDATES, backtest_pinned, select
from planner.errors import InputError

log = logging.getLogger(__name__)

OUTPUT_COLUMNS = ["start", "queue", "volume", "volume_lo80", "volume_hi80", "volume_lo95", "volume_hi95", "aht_s"]
#: backtest horizon cap: longer horizons are scored on their first four weeks
MAX_BACKTEST_DAYS = 28
MAX_GAP_SHARE = 0.25
#: backtest origins per candidate: with fewer, the ranking of close candidates is mostly noise
BACKTEST_FOLDS = 8
#: backtest origins behind the bands (the selection's own when it ran on as many)
CALIBRATION_FOLDS = 8
AHT_WEEKS = 8
AHT_PRIOR_CONTACTS = 20.0   # shrink a thin interval's AHT towards the queue's recent mean


@dataclass
class ForecastResult:
    """Forecast of every queue over the horizon, with how it was made and how good it was."""

    frame: pd.DataFrame
    model_by_queue: dict[str, str]
    accuracy: dict[str, dict[str, float]]
    notes: list[str] = field(default_factory=list)
    backtest_wape_by_model: dict[str, dict[str, float]] = field(default_factory=dict)
    uplifts: dict[str, dict[str, float]] = field(default_factory=dict)


def forecast(history: pd.DataFrame, *, start: pd.Timestamp | dt.date | str, horizon_days: int,
             interval_min: int, model: str = "auto", country: str | None = "CN",
             events: Sequence[Event] = (), adjustments: Sequence[Adjustment] = (),
             channels: Mapping[str, str] | None = None, backtest_folds: int = BACKTEST_FOLDS,
             campaigns: bool = True) -> ForecastResult:
    """Forecast volume (with 80/95 % bands) and AHT per queue per interval.

    Args:
        history: frame with ``start, queue, volume`` (and optionally ``aht_s``), e.g. from
            :func:`forecasting.io.read_history`. Only data before ``start`` is used, so a ``start``
            inside the history gives an honest holdout forecast.
        start: first day of the horizon (midnight).
        horizon_days: whole days to forecast (1–62).
        interval_min: output interval length; a multiple or divisor of the history's.
        model: ``"auto"`` (rolling-origin selection per queue) or a model name from
            :data:`forecasting.models.VARIANTS`.
        country: public-holiday calendar (ISO code); ``None`` or ``""`` for none.
        events: campaigns / outages, past (to learn uplifts) and future (to apply them).
        adjustments: what-if changes applied after the model.
        channels: queue → channel, for deflection adjustments by channel.
        backtest_folds: rolling origins per candidate.
        campaigns: with ``country="CN"``, add the 618 and Double 11 campaign phases as events
            whose uplift is learned from the history (see :func:`calendar.ecommerce_campaigns`).

    Returns:
        :class:`ForecastResult` with one frame row per queue per interval of the horizon.

    Raises:
        InputError: bad arguments or history (too many gaps, nothing before ``start``…).
    """
    start_ts = pd.Timestamp(start).normalize()
    if not 1 <= horizon_days <= 62:
        raise InputError(f"horizon of {horizon_days} days is outside 1–62", column="horizon_days",
                         fix="forecast 1 day to 8 weeks")
    if interval_min <= 0 or 1440 % interval_min:
        raise InputError(f"interval of {interval_min} minutes does not divide a day", column="interval_min",
                         fix="use 5, 10, 15, 30 or 60")
    if model != "auto":
        make_model(model)  # raises InputError naming the known models
    _check_history(history)
    key = _cache_key(history, start_ts, horizon_days, interval_min, model, country, events, backtest_folds, campaigns)
    base = _BASE_CACHE.get(key)
    if base is None:
        base = _forecast_base(history, start_ts, horizon_days, interval_min, model, country, events,
                              backtest_folds, campaigns)
        _BASE_CACHE[key] = base
        while len(_BASE_CACHE) > _CACHE_SIZE:
            _BASE_CACHE.popitem(last=False)
    else:
        _BASE_CACHE.move_to_end(key)
    # What-if adjustments come after the model, so changing them never refits anything.
    frame = apply_adjustments(base.frame, adjustments, channels)
    # Copies, so a caller editing the result cannot change what the cache hands out next.
    return replace(base, frame=frame, model_by_queue=dict(base.model_by_queue),
                   accuracy=copy.deepcopy(base.accuracy), notes=list(base.notes),
                   backtest_wape_by_model=copy.deepcopy(base.backtest_wape_by_model),
                   uplifts=copy.deepcopy(base.uplifts))


def clear_cache() -> None:
    """Forget cached model runs (benchmarks time cold runs; tests isolate)."""
    _BASE_CACHE.clear()


_CACHE_SIZE = 4
_BASE_CACHE: "OrderedDict[tuple[object, ...], ForecastResult]" = OrderedDict()


def _cache_key(history: pd.DataFrame, *args: object) -> tuple[object, ...]:
    """Content fingerprint of the history plus every argument that changes the model output."""
    cols = [c for c in ("start", "queue", "volume", "aht_s") if c in history.columns]
    digest = int(pd.util.hash_pandas_object(history[cols], index=False).sum())
    frozen = tuple(tuple(a) if isinstance(a, (list, tuple)) else a for a in args)
    return (digest, len(history), tuple(cols), history.attrs.get("interval_min")) + frozen


def _forecast_base(history: pd.DataFrame, start_ts: pd.Timestamp, horizon_days: int, interval_min: int,
                   model: str, country: str | None, events: Sequence[Event], backtest_folds: int,
                   campaigns: bool) -> ForecastResult:
    """The model part of :func:`forecast`: everything before the what-if adjustments."""
    notes: list[str] = []
    events = list(events)
    if campaigns and country and country.upper() == "CN":
        years = range(pd.Timestamp(history["start"].min()).year, (start_ts + pd.Timedelta(days=horizon_days)).year + 1)
        named = {e.name for e in events}
        events += [e for e in ecommerce_campaigns(years) if e.name not in named]
    frames, models, accuracy, by_model, uplifts = [], {}, {}, {}, {}
    for queue, part in history.groupby("queue", sort=False):
        q = str(queue)
        qf = _QueueForecast(q, part, start_ts, horizon_days, interval_min, model, country, events, backtest_folds)
        frames.append(qf.run())
        models[q] = qf.selection.label
        accuracy[q] = qf.selection.accuracy
        by_model[q] = {k: bt.wape for k, bt in qf.selection.backtests.items()}
        uplifts[q] = qf.uplifts
        notes += [f"{q}: {n}" for n in qf.notes + qf.selection.notes]
    frame = pd.concat(frames, ignore_index=True)[OUTPUT_COLUMNS]
    for n in notes:
        log.info(n)
    return ForecastResult(frame, models, accuracy, notes, by_model, uplifts)


def _check_history(history: pd.DataFrame) -> None:
    missing = [c for c in ("start", "queue", "volume") if c not in history.columns]
    if missing:
        raise InputError(f"history lacks column(s) {', '.join(missing)}", column=missing[0],
                         fix="load it with forecasting.io.read_history")
    if history.empty:
        raise InputError("the history is empty", fix="load a history file with rows")
    if not pd.api.types.is_datetime64_any_dtype(history["start"]):
        raise InputError("history column 'start' does not hold timestamps", column="start",
                         fix="parse it with pd.to_datetime or load the file with forecasting.io.read_history")
    if history["volume"].dropna().lt(0).any():
        raise InputError("negative volume in the history", column="volume", fix="counts cannot be negative")


def _infer_interval(starts: pd.Series) -> int:
    s = np.sort(starts.to_numpy(dtype="datetime64[m]").astype(np.int64))
    d = np.diff(s)
    d = d[d > 0]
    if not len(d):
        raise InputError("need at least two history intervals per queue", column="start")
    values, counts = np.unique(d, return_counts=True)
    return int(values[np.argmax(counts)])


class _QueueForecast:
    """All the steps for one queue; kept as a class so each step is small and named."""

    def __init__(self, queue: str, part: pd.DataFrame, start: pd.Timestamp, horizon_days: int,
                 interval_min: int, model: str, country: str | None, events: Sequence[Event], folds: int) -> None:
        self.queue = queue
        self.start = start
        self.horizon_days = horizon_days
        self.interval_min = interval_min
        self.model = model
        self.country = country or None
        self.events = [e for e in events if not e.queues or queue in e.queues]
        self.folds = folds
        self.notes: list[str] = []
        self.uplifts: dict[str, float] = {}
        self._grid(part)

    # ------------------------------------------------------------------ steps
    def _grid(self, part: pd.DataFrame) -> None:
        """History → regular whole-day grid at the model interval, cut before ``start``."""
        part = part.sort_values("start")
        hist_min = int(part.attrs.get("interval_min", 0)) or _infer_interval(part["start"])
        if self.interval_min % hist_min == 0:
            self.model_min = self.interval_min
        elif hist_min % self.interval_min == 0:
            self.model_min = hist_min
            self.notes.append(f"history is in {hist_min}-minute intervals; the forecast splits each evenly "
                              f"into {self.interval_min}-minute intervals")
        else:
            raise InputError(f"queue {self.queue}: {hist_min}-minute history cannot make a "
                             f"{self.interval_min}-minute forecast", column="interval_min",
                             fix="use an interval that is a multiple or divisor of the history's")
        before = part[part["start"] < self.start]
        if before.empty:
            raise InputError(f"queue {self.queue}: no history before the forecast start {self.start.date()}",
                             column="start", fix="start the forecast after the history")
        if len(before) < len(part):
            self.notes.append(f"using only the history before {self.start.date()} "
                              f"({len(part) - len(before)} later intervals ignored)")
        first = before["start"].min().normalize()
        last = before["start"].max().normalize() + pd.Timedelta(days=1)
        fine = pd.date_range(first, last, freq=f"{hist_min}min", inclusive="left")
        s = before.set_index("start")
        vol = s["volume"].groupby(level=0).sum(min_count=1).reindex(fine)
        aht = (s["aht_s"] if "aht_s" in s else pd.Series(np.nan, index=s.index))
        handled = (aht * s["volume"]).groupby(level=0).sum(min_count=1).reindex(fine)
        aht_vol = s["volume"].where(aht.notna()).groupby(level=0).sum(min_count=1).reindex(fine)
        y = vol.to_numpy(dtype=float)
        if (y < 0).any():
            raise InputError(f"queue {self.queue}: negative volume in the history", column="volume",
                             fix="counts cannot be negative")
        _, closed = classify_missing(y, first.dayofweek, 1440 // hist_min)
        y[closed] = 0.0
        self.imputed_fine = np.zeros(len(y), dtype=bool)
        y = self._fill_gaps(y, 7 * 1440 // hist_min)
        k = self.model_min // hist_min
        self.imputed = self.imputed_fine.reshape(-1, k).any(axis=1) if k > 1 else self.imputed_fine
        self.per_day = 1440 // self.model_min
        self.y = y.reshape(-1, k).sum(axis=1) if k > 1 else y
        self.handled = np.nan_to_num(handled.to_numpy(dtype=float)).reshape(-1, k).sum(axis=1)
        self.aht_vol = np.nan_to_num(aht_vol.to_numpy(dtype=float)).reshape(-1, k).sum(axis=1)
        self.first_day = first
        self.n_days = len(self.y) // self.per_day
        self.days = [d.date() for d in pd.date_range(first, periods=self.n_days, freq="D")]

    def _fill_gaps(self, y: np.ndarray, week: int) -> np.ndarray:
        gap = np.isnan(y)
        if not gap.any():
            return y
        share = gap.sum() / max(int(gap.sum() + (y > 0).sum()), 1)
        if share > MAX_GAP_SHARE:
            raise InputError(f"queue {self.queue}: {share:.0%} of the open history intervals are missing",
                             column="volume", fix="export the full history (write 0 for intervals without contacts)")
        filled = y.copy()
        # Same interval in the nearest week that has it (1, 2, … weeks back or ahead).
        for lag in range(1, len(y) // week + 1):
            for sign in (-1, 1):
                todo = np.flatnonzero(np.isnan(filled))
                if not len(todo):
                    break
                src = todo + sign * lag * week
                ok = (src >= 0) & (src < len(y))
                src_ok = src[ok]
                vals = y[src_ok]
                good = ~np.isnan(vals)
                filled[todo[ok][good]] = vals[good]
        filled = np.nan_to_num(filled, nan=0.0)
        self.imputed_fine = gap
        self.notes.append(f"{int(gap.sum())} missing intervals filled from the same interval in neighbouring weeks")
        return filled

    def run(self) -> pd.DataFrame:
        clean = self._clean_calendar()
        gap_days = (self.start - self.first_day).days - self.n_days
        total_days = gap_days + max(self.horizon_days, 7)
        h = total_days * self.per_day
        bt_h = min(total_days, MAX_BACKTEST_DAYS) * self.per_day
        wd = self.first_day.dayofweek
        scored = ~self.imputed
        copied = getattr(self, "copied_from", None)
        if self.model == "auto":
            self.selection = select(clean, per_day=self.per_day, first_weekday=wd, horizon=bt_h,
                                    candidates=AUTO_CANDIDATES, folds=self.folds, scored=scored,
                                    calibration_folds=CALIBRATION_FOLDS, copied_from=copied)
        else:
            label = self.model
            need = int(np.ceil(make_model(label).min_weeks * 7 * self.per_day))
            if len(clean) < need:
                label = "seasonal_naive" if len(clean) >= 7 * self.per_day else "seasonal_naive_daily"
                note = (f"{len(clean) / self.per_day:.0f} days of history is too short for {self.model}; "
                        f"using {label} (fallback)")
                log.warning(note)
                self.notes.append(note)
            # A pinned model is not compared with others, so all origins go to its accuracy and bands.
            self.selection = backtest_pinned(clean, label, per_day=self.per_day, first_weekday=wd, horizon=bt_h,
                                             folds=max(self.folds, CALIBRATION_FOLDS), scored=scored,
                                             copied_from=copied)
        fitted = make_model(self.selection.label).fit(clean, per_day=self.per_day, first_weekday=wd)
        pred = fitted.predict(h, level=(80, 95))
        if self.selection.calibration is not None:
            # Lead counts from the end of the history, as in the backtest (a gap before the
            # start of the horizon therefore widens its bands).
            lead_days = np.arange(h) / self.per_day
            pred.update(self.selection.calibration.bands(pred["mean"], closed=fitted.closed_future(h),
                                                         lead_days=lead_days))
        future_days = [(self.first_day + pd.Timedelta(days=self.n_days + i)).date() for i in range(total_days)]
        pred = self._calendar_effects(pred, future_days)
        aht = self._forecast_aht(h)
        skip = gap_days * self.per_day
        keep = slice(skip, skip + self.horizon_days * self.per_day)
        cols = {k: v[keep] for k, v in pred.items()}
        return self._to_frame(cols, aht[keep])

    # ------------------------------------------------------------------ calendar
    def _special_days(self, days: list[dt.date]) -> tuple[np.ndarray, list[list[Event]]]:
        types = day_types(days, self.country)
        evs = [[e for e in self.events if e.first <= d <= e.last] for d in days]
        return types, evs

    def _clean_calendar(self) -> np.ndarray:
        """Replace special history days by a normal same weekday; learn their ratio to normal."""
        p = self.per_day
        days_arr = self.y.reshape(-1, p)
        types, evs = self._special_days(self.days)
        special = (types != NORMAL) | np.array([bool(e) for e in evs])
        if not special.any():
            return self.y
        families = holiday_families(self.days, self.country)
        self.imputed = self.imputed | np.repeat(special, p)
        clean = days_arr.copy()
        self.copied_from = np.full(len(self.y), -1, dtype=np.int64)
        ratios: dict[str, list[float]] = {}
        weekday = np.array([d.weekday() for d in self.days])
        for i in np.flatnonzero(special):
            ref = self._normal_neighbour(i, special, weekday)
            if ref is None:
                continue
            clean[i] = days_arr[ref]
            if ref > i:
                self.copied_from[i * p:(i + 1) * p] = np.arange(ref * p, (ref + 1) * p)
            actual = days_arr[i].sum()
            if types[i] == MAKEUP_WORKDAY:
                # A make-up working day is compared with the ordinary weekdays around it.
                near = self._weekdays_near(i, ~special, weekday)
                base = float(days_arr[near].sum(axis=1).mean()) if len(near) else 0.0
                key = "makeup_workday"
            else:
                base = days_arr[ref].sum()
                key = evs[i][0].name if evs[i] else "holiday"
            if base > 0 and not (evs[i] and evs[i][0].uplift is not None):
                ratios.setdefault(key, []).append(actual / base)
                if key == "holiday" and families[i]:
                    ratios.setdefault(f"holiday: {families[i]}", []).append(actual / base)
        self.ratios = {k: float(np.median(v)) for k, v in ratios.items()}
        for k, v in self.ratios.items():
            self.uplifts[k] = v - 1.0
            self.notes.append(f"learned from history: {k} volume ×{v:.2f} of a normal day "
                              f"({len(ratios[k])} day(s))")
        return clean.ravel()

    @staticmethod
    def _normal_neighbour(i: int, special: np.ndarray, weekday: np.ndarray) -> int | None:
        """The nearest ordinary same weekday, looking back first (up to 7 weeks), then ahead.

        Looking back first keeps the future out of the cleaned history; days near the start of
        the history can only borrow from later weeks, and backtests avoid origins that would
        see such a borrowed value (``copied_from``).
        """
        for j in range(i - 7, max(i - 7 * 8, -1), -7):
            if not special[j]:
                return j
        for j in range(i + 7, min(i + 7 * 8, len(special)), 7):
            if not special[j]:
                return j
        return None

    @staticmethod
    def _weekdays_near(i: int, normal: np.ndarray, weekday: np.ndarray) -> np.ndarray:
        """Normal Monday–Friday days within a week either side of day ``i``."""
        lo, hi = max(0, i - 7), min(len(normal), i + 8)
        idx = np.arange(lo, hi)
        return idx[normal[lo:hi] & (weekday[lo:hi] < 5)]

    def _calendar_effects(self, pred: dict[str, np.ndarray], days: list[dt.date]) -> dict[str, np.ndarray]:
        """Holidays, make-up working days and events on the forecast days."""
        types, evs = self._special_days(days)
        if not ((types != NORMAL).any() or any(evs)):
            return pred
        ratios = getattr(self, "ratios", {})
        p = self.per_day
        base = {k: v.reshape(-1, p).copy() for k, v in pred.items()}
        out = {k: v.copy() for k, v in base.items()}
        weekday = np.array([d.weekday() for d in days])
        normal = types == NORMAL
        families = holiday_families(days, self.country)
        for i in range(len(days)):
            factor = 1.0
            src: list[int] = [i]
            if types[i] == HOLIDAY:
                own = f"holiday: {families[i]}"
                if own in ratios:
                    factor = ratios[own]      # this holiday's own history (Spring Festival ≠ Labour Day)
                elif "holiday" in ratios:
                    factor = ratios["holiday"]
                else:
                    # No holiday in the history: plan it like a Sunday, the usual WFM default.
                    sun = self._nearest(i, normal & (weekday == 6))
                    src = [sun] if sun is not None else [i]
            elif types[i] == MAKEUP_WORKDAY:
                # Plan it like an average ordinary weekday around it.
                near = self._weekdays_near(i, normal, weekday)
                src = list(near) if len(near) else [i]
                factor = ratios.get("makeup_workday", 1.0)
            for e in evs[i]:
                if e.uplift is not None:
                    factor *= 1.0 + e.uplift
                elif e.name in ratios:
                    factor *= ratios[e.name]
                elif e.name not in self.uplifts:
                    self.uplifts[e.name] = float("nan")
                    self.notes.append(f"event '{e.name}' has no uplift and no past occurrence to learn from; "
                                      f"it is ignored — give an uplift or label a past one")
            if src != [i] or factor != 1.0:
                for k in out:
                    out[k][i] = base[k][src].mean(axis=0) * factor
        return {k: v.ravel() for k, v in out.items()}

    @staticmethod
    def _nearest(i: int, ok: np.ndarray) -> int | None:
        for dist in range(0, len(ok)):
            for j in (i - dist, i + dist):
                if 0 <= j < len(ok) and ok[j]:
                    return j
        return None

    # ------------------------------------------------------------------ AHT
    def _forecast_aht(self, h: int) -> np.ndarray:
        """Volume-weighted AHT per interval-of-week over recent weeks, shrunk to the recent mean."""
        week = 7 * self.per_day
        take = min(len(self.y), AHT_WEEKS * week)
        handled = self.handled[-take:]
        vol = self.aht_vol[-take:]
        if vol.sum() <= 0:
            return np.full(h, np.nan)
        overall = handled.sum() / vol.sum()
        slot = (np.arange(len(self.y) - take, len(self.y))) % week
        hs = np.bincount(slot, weights=handled, minlength=week)
        vs = np.bincount(slot, weights=vol, minlength=week)
        prior = AHT_PRIOR_CONTACTS
        by_slot = (hs + prior * overall) / (vs + prior)
        future = (len(self.y) + np.arange(h)) % week
        return by_slot[future]

    # ------------------------------------------------------------------ output
    def _to_frame(self, cols: dict[str, np.ndarray], aht: np.ndarray) -> pd.DataFrame:
        k = self.model_min // self.interval_min
        if k > 1:
            cols = {name: np.repeat(v / k, k) for name, v in cols.items()}
            aht = np.repeat(aht, k)
        n = len(cols["mean"])
        starts = pd.date_range(self.start, periods=n, freq=f"{self.interval_min}min")
        lo80 = np.minimum(cols["lo-80"], cols["mean"])
        hi80 = np.maximum(cols["hi-80"], cols["mean"])
        lo95 = np.minimum(cols["lo-95"], lo80)
        hi95 = np.maximum(cols["hi-95"], hi80)
        return pd.DataFrame({"start": starts, "queue": self.queue, "volume": cols["mean"],
                             "volume_lo80": lo80, "volume_hi80": hi80, "volume_lo95": lo95,
                             "volume_hi95": hi95, "aht_s": aht})
