"""Volume models behind one interface.

Every model follows the same life cycle (sktime / statsforecast style): the constructor stores
hyperparameters only; :meth:`Forecaster.fit` validates the series then calls ``_fit``, which stores
fitted state in attributes ending in ``_``; :meth:`Forecaster.predict` returns the mean and
prediction intervals ``lo-80``, ``hi-80``, ``lo-95``, ``hi-95``.

Cores work on one numpy series of whole days on a regular grid (``per_day`` intervals a day,
``first_weekday`` the weekday of the first value, Monday = 0). The engine runs them per queue on
the long frame, cleans holidays/events out of the history beforehand, and re-calibrates the
intervals on a rolling-origin backtest; the intervals a model gives on its own come from its
in-sample one-week-ahead errors and are only a starting point.
"""
from __future__ import annotations

import logging
import warnings
from typing import Any, ClassVar, Sequence

import numpy as np
from scipy import stats

from planner.errors import InputError

log = logging.getLogger(__name__)

Prediction = dict[str, np.ndarray]
#: weeks of recent history behind a model's own (uncalibrated) bands
SCALE_WEEKS = 8


class Forecaster:
    """Base class: validation, closed-slot handling and default intervals."""

    name: ClassVar[str] = "base"
    #: whole weeks of history the model needs
    min_weeks: ClassVar[float] = 1.0

    def __init__(self) -> None:
        self.per_day_ = 0

    # ------------------------------------------------------------------ public API
    def fit(self, y: np.ndarray, *, per_day: int = 24, first_weekday: int = 0) -> "Forecaster":
        """Fit on ``y`` (non-negative, no NaN); ``len(y)`` should be whole days.

        Raises:
            InputError: NaN/inf/negative values or too little history, with how to fix it.
        """
        y = np.asarray(y, dtype=float)
        if y.ndim != 1:
            raise InputError(f"{self.name}: the series must be one-dimensional, got shape {y.shape}")
        if per_day < 1:
            raise InputError(f"{self.name}: per_day must be at least 1, got {per_day}")
        bad = ~np.isfinite(y)
        if bad.any():
            raise InputError(f"{self.name}: {int(bad.sum())} missing (NaN) or infinite values in the history, "
                             f"first at position {int(np.argmax(bad))}",
                             fix="fill gaps before fitting (read_history + forecast() do this)")
        if (y < 0).any():
            raise InputError(f"{self.name}: negative volume at position {int(np.argmax(y < 0))}",
                             fix="volumes are counts and cannot be negative")
        need = int(np.ceil(self.min_weeks * 7 * per_day))
        if len(y) < need:
            raise InputError(f"{self.name}: {len(y) / per_day:.1f} days of history is too short; this model "
                             f"needs at least {need / per_day:.0f} days",
                             fix="load more history or choose the seasonal_naive model")
        # Whole days from the end: a leading partial day is dropped so day boundaries line up.
        offset = len(y) % per_day
        self.per_day_ = per_day
        self.first_weekday_ = (first_weekday + (1 if offset else 0)) % 7
        self.n_ = len(y) - offset
        self._fit(y[offset:])
        self._fit_closed(y[offset:])
        # The default bands only need recent one-week changes; they are fitted on first use so
        # backtests (which only need means) skip them.
        self.scale_tail_ = y[offset:][-(SCALE_WEEKS + 1) * 7 * per_day:]
        self.scale_: tuple[float, float] | None = None
        return self

    def predict(self, h: int, level: Sequence[int] = (80, 95)) -> Prediction:
        """Forecast the next ``h`` intervals after the fitted history.

        Returns:
            ``{"mean": …, "lo-80": …, "hi-80": …, …}`` arrays of length ``h``, non-negative,
            with ``lo ≤ mean ≤ hi``.
        """
        if not self.per_day_:
            raise RuntimeError(f"{self.name}: call fit() before predict()")
        if h < 1:
            raise InputError(f"{self.name}: horizon must be at least one interval, got {h}")
        mean = np.maximum(np.asarray(self._predict(h), dtype=float), 0.0)
        closed = self.closed_future(h)
        mean = np.where(closed, 0.0, mean)
        out: Prediction = {"mean": mean}
        if not level:
            return out
        if self.scale_ is None:
            self._fit_scale(self.scale_tail_)
        sigma = np.where(closed, 0.0, self._sigma(mean))
        for lv in level:
            z = stats.norm.ppf(0.5 + lv / 200.0)
            out[f"lo-{lv}"] = np.maximum(mean - z * sigma, 0.0)
            out[f"hi-{lv}"] = mean + z * sigma
        return out

    def get_params(self) -> dict[str, Any]:
        """Hyperparameters (constructor arguments), for reports and cloning."""
        return {k: v for k, v in vars(self).items() if not k.endswith("_")}

    def clone(self) -> "Forecaster":
        return type(self)(**self.get_params())

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    # ------------------------------------------------------------------ to implement
    def _fit(self, y: np.ndarray) -> None:
        raise NotImplementedError

    def _predict(self, h: int) -> np.ndarray:
        raise NotImplementedError

    # ------------------------------------------------------------------ shared helpers
    @property
    def week_(self) -> int:
        return 7 * self.per_day_

    def _fit_closed(self, y: np.ndarray) -> None:
        """Slots of the week with no contacts in each of the last (up to) 4 weeks are closed."""
        w = self.week_
        weeks = min(4, len(y) // w)
        if weeks == 0:
            self.closed_ = np.zeros(w, dtype=bool)
            return
        recent = y[len(y) - weeks * w:].reshape(weeks, w)
        # Phase: slot i of `closed_` is the slot of position n_ + i (the first forecast interval).
        self.closed_ = (recent == 0).all(axis=0)

    def closed_future(self, h: int) -> np.ndarray:
        """True for the next ``h`` intervals whose slot of the week has been closed lately."""
        return self.closed_[np.arange(h) % self.week_]

    def _fit_scale(self, y: np.ndarray) -> None:
        """Dispersion of one-week-ahead changes: Var ≈ a·m + b·m², from in-sample differences."""
        w = self.week_
        if len(y) <= w:
            self.scale_ = (1.0, 0.01)
            return
        e = y[w:] - y[:-w]
        m = 0.5 * (y[w:] + y[:-w])
        keep = m > 0
        if keep.sum() < 10:
            self.scale_ = (1.0, 0.01)
            return
        # Differences of two noisy values have twice the variance of one forecast error.
        self.scale_ = fit_variance(m[keep], e[keep] / np.sqrt(2.0), offset=1.0)

    def _sigma(self, mean: np.ndarray) -> np.ndarray:
        assert self.scale_ is not None
        a, b = self.scale_
        # One pseudo-contact: an open interval forecast at 0 can still receive contacts.
        return np.sqrt(a * (mean + 1.0) + b * mean ** 2)

    def _day_weekdays(self, n_days: int, start_day: int = 0) -> np.ndarray:
        return (self.first_weekday_ + start_day + np.arange(n_days)) % 7


def fit_variance(mean: np.ndarray, err: np.ndarray, offset: float = 0.0) -> tuple[float, float]:
    """Least squares with non-negative coefficients of ``err² ≈ a·(mean + offset) + b·mean²``.

    ``a`` is the Poisson-like part (dominant for small queues), ``b`` the multiplicative part
    (day-level surprises, dominant for big queues).
    """
    x = np.column_stack([mean + offset, mean ** 2])
    scale = np.maximum(x.max(axis=0), 1e-12)
    coef = nnls_tall(x / scale, err ** 2)
    a, b = coef / scale
    if a <= 0 and b <= 0:
        # No error at all in the sample (e.g. a perfectly repeating series): assume Poisson noise
        # rather than a zero-width band.
        a = max(float(np.mean(err ** 2) / max(np.mean(mean + offset), 1e-9)), 1.0)
    return float(a), float(b)


def nnls_tall(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Non-negative least squares for a tall, narrow design (thousands of rows, a few columns).

    ``‖x·c − y‖² = ‖R·c − Qᵀy‖² + const`` with ``x = Q·R``, so solving the small square problem
    gives the same coefficients; scipy's NNLS on the tall matrix is ~50 ms per call on 20 000
    backtest points, which adds up over the cross-fitted calibrations of every queue.
    """
    from scipy.optimize import nnls
    q, r = np.linalg.qr(x)
    coef, _ = nnls(r, q.T @ y)
    return coef


class SeasonalNaive(Forecaster):
    """Repeat the last season (a week by default): the baseline and the fallback."""

    name = "seasonal_naive"
    min_weeks = 1.0

    def __init__(self, season_days: int = 7) -> None:
        super().__init__()
        self.season_days = season_days

    @property
    def min_weeks(self) -> float:  # type: ignore[override]
        return self.season_days / 7.0

    def _fit(self, y: np.ndarray) -> None:
        s = self.season_days * self.per_day_
        self.last_ = y[-s:].copy()

    def _predict(self, h: int) -> np.ndarray:
        return self.last_[np.arange(h) % len(self.last_)]

    def _fit_scale(self, y: np.ndarray) -> None:
        s = self.season_days * self.per_day_
        if len(y) <= s:
            self.scale_ = (1.0, 0.01)
            return
        e = y[s:] - y[:-s]
        m = y[:-s]
        keep = (m > 0) | (e != 0)
        self.scale_ = fit_variance(m[keep], e[keep], offset=1.0) if keep.sum() >= 10 else (1.0, 0.01)


class DailyProfile(Forecaster):
    """Daily totals × intraday profile: the contact-centre standard.

    Daily totals follow a log-linear model — level, damped trend and a weekday effect — fitted by
    exponentially weighted least squares on recent open days (outlier days down-weighted), so the
    level tracks recent weeks. Each day is split by a weekday-specific intraday profile averaged
    over recent weeks and shrunk towards the profile of all recent open days, which smooths the
    interval noise that makes seasonal naive inaccurate.
    """

    name = "daily_profile"
    min_weeks = 2.0

    def __init__(self, window_days: int = 182, half_life_days: float = 21.0,
                 weekday_half_life_days: float = 56.0, trend: bool = True, damping: float = 0.97,
                 profile_weeks: int = 6, weekday_profile_weight: float = 0.5) -> None:
        super().__init__()
        self.window_days = window_days
        self.half_life_days = half_life_days
        self.weekday_half_life_days = weekday_half_life_days
        self.trend = trend
        self.damping = damping
        self.profile_weeks = profile_weeks
        self.weekday_profile_weight = weekday_profile_weight

    def _fit(self, y: np.ndarray) -> None:
        p = self.per_day_
        days = y.reshape(-1, p)
        n_days = len(days)
        take = min(n_days, self.window_days)
        days = days[n_days - take:]
        start_day = n_days - take
        totals = days.sum(axis=1)
        weekday = self._day_weekdays(take, start_day)
        # A weekday is closed when it had no contacts on each of its last (up to) 3 occurrences.
        self.closed_weekday_ = np.zeros(7, dtype=bool)
        for w in range(7):
            last = totals[weekday == w][-3:]
            self.closed_weekday_[w] = len(last) > 0 and bool((last == 0).all())
        open_day = (totals > 0) & ~self.closed_weekday_[weekday]
        self.n_days_ = n_days
        self.silent_ = not open_day.any()
        if self.silent_:
            return  # no contacts at all in the window: the forecast is zero
        self._fit_totals(totals, weekday, open_day, start_day)
        self._fit_profiles(days, totals, weekday, open_day)

    def _fit_totals(self, totals: np.ndarray, weekday: np.ndarray, open_day: np.ndarray, start_day: int) -> None:
        t = np.arange(len(totals), dtype=float)
        x_cols = [np.ones_like(t)]
        if self.trend:
            x_cols.append((t - t[-1]) / 7.0)
        open_weekdays = [w for w in range(7) if (open_day & (weekday == w)).any()]
        for w in open_weekdays[1:]:
            x_cols.append((weekday == w).astype(float))
        x = np.column_stack(x_cols)[open_day]
        z = np.log(totals[open_day])
        age = (len(totals) - 1 - t[open_day])
        weight = 0.5 ** (age / self.weekday_half_life_days)
        coef = _wls(x, z, weight)
        # One robust pass: days far off the fit (unlabelled outages, spikes) get little weight.
        resid = z - x @ coef
        mad = np.median(np.abs(resid - np.median(resid))) * 1.4826 + 1e-9
        robust = np.clip(1.0 - (resid / (4.0 * mad)) ** 2, 0.0, 1.0) ** 2
        coef = _wls(x, z, weight * robust)
        # The level gets its own (usually shorter) memory than the weekday pattern: volumes shift
        # level faster than the shape of the week changes.
        k = 2 if self.trend else 1
        effects = x[:, k:] @ coef[k:]
        slope = coef[1] if self.trend else 0.0
        des = z - effects - slope * x[:, 1] if self.trend else z - effects
        w_level = 0.5 ** (age / self.half_life_days) * robust
        level = float(np.sum(w_level * des) / max(np.sum(w_level), 1e-12))
        coef = coef.copy()
        coef[0] = level
        resid = des - level
        self.coef_ = coef
        self.open_weekdays_ = open_weekdays
        # Log-normal bias correction (smearing): mean of exp(residual), weighted like the level.
        self.smear_ = float(np.sum(w_level * np.exp(resid)) / max(np.sum(w_level), 1e-12))
        self.start_day_ = start_day

    def _fit_profiles(self, days: np.ndarray, totals: np.ndarray, weekday: np.ndarray, open_day: np.ndarray) -> None:
        p = self.per_day_
        shares = np.zeros_like(days)
        shares[open_day] = days[open_day] / totals[open_day, None]
        recent_open = np.flatnonzero(open_day)[-7 * self.profile_weeks // 1:]
        pooled = _decayed_mean(shares[recent_open]) if len(recent_open) else np.full(p, 1.0 / p)
        self.profiles_ = np.tile(pooled, (7, 1))
        lam = self.weekday_profile_weight
        for w in range(7):
            idx = np.flatnonzero(open_day & (weekday == w))[-self.profile_weeks:]
            if len(idx):
                prof = lam * _decayed_mean(shares[idx]) + (1 - lam) * pooled
                self.profiles_[w] = prof / prof.sum()

    def _predict(self, h: int) -> np.ndarray:
        if self.silent_:
            return np.zeros(h)
        p = self.per_day_
        n_days = -(-h // p)
        weekday = self._day_weekdays(n_days, self.n_days_)
        ahead = np.arange(1, n_days + 1, dtype=float)
        level = np.full(n_days, self.coef_[0])
        k = 1
        if self.trend:
            # Damped trend: the slope (per week) fades so long horizons do not run away.
            phi = self.damping ** (1 / 7.0)
            damped_days = phi * (1 - phi ** ahead) / (1 - phi) if phi < 1 else ahead
            level += self.coef_[1] * damped_days / 7.0
            k = 2
        for i, w in enumerate(self.open_weekdays_[1:]):
            level += self.coef_[k + i] * (weekday == w)
        totals = np.exp(level) * self.smear_
        totals[self.closed_weekday_[weekday]] = 0.0
        totals[~np.isin(weekday, self.open_weekdays_)] = 0.0
        out = totals[:, None] * self.profiles_[weekday]
        return out.ravel()[:h]


class FourierRegression(Forecaster):
    """Multi-seasonal regression: daily Fourier terms per day type plus weekly terms and trend.

    Fitted by least squares on the square root of the volume (stabilises Poisson variance) over a
    recent window, so each day type (Mon–Fri, Saturday, Sunday) gets its own smooth daily shape.
    """

    name = "fourier"
    min_weeks = 2.0

    def __init__(self, window_weeks: int = 8, daily_harmonics: int = 10, weekly_harmonics: int = 3,
                 trend: bool = True) -> None:
        super().__init__()
        self.window_weeks = window_weeks
        self.daily_harmonics = daily_harmonics
        self.weekly_harmonics = weekly_harmonics
        self.trend = trend

    def _design(self, pos: np.ndarray, origin: int) -> np.ndarray:
        p = self.per_day_
        day = pos // p
        weekday = (self.first_weekday_ + day) % 7
        groups = [weekday < 5, weekday == 5, weekday == 6]
        k_day = min(self.daily_harmonics, p // 2)
        cols = []
        for g in groups:
            g = g.astype(float)
            cols.append(g)
            for k in range(1, k_day + 1):
                ang = 2 * np.pi * k * (pos % p) / p
                cols += [g * np.sin(ang), g * np.cos(ang)]
        for k in range(1, self.weekly_harmonics + 1):
            ang = 2 * np.pi * k * (pos % (7 * p)) / (7 * p)
            ang = ang + 2 * np.pi * k * self.first_weekday_ / 7
            cols += [np.sin(ang), np.cos(ang)]
        if self.trend:
            cols.append((pos - origin) / (7.0 * p))
        return np.column_stack(cols)

    def _fit(self, y: np.ndarray) -> None:
        take = min(len(y), self.window_weeks * self.week_)
        pos = np.arange(len(y) - take, len(y))
        self.origin_ = len(y)
        x = self._design(pos, self.origin_)
        z = np.sqrt(y[-take:])
        coef, *_ = np.linalg.lstsq(x, z, rcond=None)
        resid = z - x @ coef
        self.coef_ = coef
        self.resid_var_ = float(np.var(resid))

    def _predict(self, h: int) -> np.ndarray:
        pos = np.arange(self.origin_, self.origin_ + h)
        x = self._design(pos, self.origin_)
        if self.trend:
            # Hold the trend at its value one week ahead: a straight line is a poor bet further out.
            x[:, -1] = np.minimum(x[:, -1], 1.0)
        z = np.maximum(x @ self.coef_, 0.0)
        return z ** 2 + self.resid_var_  # E[z²] = mean² + variance


class MSTLModel(Forecaster):
    """Multiple STL decomposition (statsmodels MSTL) with daily and weekly seasonality.

    Fine grids are summed to hourly before decomposing (a 15-minute weekly season would make MSTL
    slow) and split back by the recent within-hour shares. Seasonal components are continued from
    their last cycle, the trend from its last week's damped drift.
    """

    name = "mstl"
    min_weeks = 2.0

    def __init__(self, window_weeks: int = 8, max_per_day: int = 24, damping: float = 0.9) -> None:
        super().__init__()
        self.window_weeks = window_weeks
        self.max_per_day = max_per_day
        self.damping = damping

    def _fit(self, y: np.ndarray) -> None:
        from statsmodels.tsa.seasonal import MSTL
        p = self.per_day_
        k = p // self.max_per_day if p > self.max_per_day and p % self.max_per_day == 0 else 1
        take = min(len(y), self.window_weeks * self.week_)
        yy = y[-take:]
        coarse = yy.reshape(-1, k).sum(axis=1) if k > 1 else yy
        pc = p // k
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # One inner loess pass per STL: 10× faster than the default, same forecasts here.
            res = MSTL(coarse, periods=(pc, 7 * pc), iterate=2, stl_kwargs={"inner_iter": 1}).fit()
        seasonal = np.asarray(res.seasonal).reshape(len(coarse), -1)
        self.season_daily_ = seasonal[-pc:, 0]
        self.season_weekly_ = seasonal[-7 * pc:, 1] if seasonal.shape[1] > 1 else np.zeros(7 * pc)
        trend = np.asarray(res.trend)
        self.level_ = float(trend[-1])
        self.slope_ = float((trend[-1] - trend[-min(len(trend), 7 * pc)]) / max(min(len(trend), 7 * pc) - 1, 1))
        self.k_ = k
        self.pc_ = pc
        if k > 1:
            weeks = min(4, len(yy) // self.week_)
            recent = yy[len(yy) - weeks * self.week_:].reshape(weeks, -1, k).sum(axis=0)
            tot = recent.sum(axis=1, keepdims=True)
            self.split_ = np.where(tot > 0, recent / np.where(tot > 0, tot, 1.0), 1.0 / k)
        else:
            self.split_ = np.ones((7 * pc, 1))

    def _predict(self, h: int) -> np.ndarray:
        k, pc = self.k_, self.pc_
        hc = -(-h // k)
        i = np.arange(hc)
        phi = self.damping
        drift = self.slope_ * phi * (1 - phi ** (i + 1)) / (1 - phi) if phi < 1 else self.slope_ * (i + 1)
        coarse = self.level_ + drift + self.season_daily_[i % pc] + self.season_weekly_[i % (7 * pc)]
        coarse = np.maximum(coarse, 0.0)
        fine = coarse[:, None] * self.split_[i % (7 * pc)]
        return fine.ravel()[:h]


class Ensemble(Forecaster):
    """Mean of several models: combinations are robust when no single model is best everywhere."""

    name = "ensemble"
    min_weeks = 2.0

    def __init__(self, members: tuple[str, ...] = ("daily_profile", "mstl")) -> None:
        super().__init__()
        self.members = members

    @property
    def min_weeks(self) -> float:  # type: ignore[override]
        """The history its most demanding member needs (seasonal naive pairs need only a week)."""
        return max(make_model(m).min_weeks for m in self.members)

    def _fit(self, y: np.ndarray) -> None:
        self.models_ = [make_model(m).fit(y, per_day=self.per_day_, first_weekday=self.first_weekday_)
                        for m in self.members]

    def _predict(self, h: int) -> np.ndarray:
        return np.mean([m.predict(h, level=())["mean"] for m in self.models_], axis=0)


MODELS: dict[str, type[Forecaster]] = {
    cls.name: cls for cls in (SeasonalNaive, DailyProfile, FourierRegression, MSTLModel, Ensemble)
}

#: Named configurations the user can pin and automatic selection can choose from.
VARIANTS: dict[str, tuple[str, dict[str, Any]]] = {
    "seasonal_naive": ("seasonal_naive", {}),
    "seasonal_naive_daily": ("seasonal_naive", {"season_days": 1}),
    "daily_profile": ("daily_profile", {}),
    "daily_profile_fast": ("daily_profile", {"half_life_days": 14.0, "weekday_half_life_days": 14.0,
                                             "trend": False}),
    "daily_profile_recent": ("daily_profile", {"half_life_days": 2.0, "weekday_half_life_days": 28.0,
                                               "profile_weeks": 2}),
    "fourier": ("fourier", {}),
    "mstl": ("mstl", {}),
    "ensemble": ("ensemble", {"members": ("daily_profile", "mstl")}),
    "ensemble_fast": ("ensemble", {"members": ("daily_profile_fast", "mstl")}),
}


def make_model(name: str, **params: Any) -> Forecaster:
    """A fresh model by model or variant name; raises InputError naming the known ones.

    ``"a+b"`` is the equal-weight combination of variants ``a`` and ``b`` (what selection picks
    when the mean of its two best candidates backtests better than either).
    """
    if "+" in name and not params:
        members = tuple(name.split("+"))
        for m in members:
            if m not in VARIANTS:
                raise InputError(f"unknown forecast model '{m}' in '{name}'", column="model",
                                 fix=f"combine two of: {', '.join(VARIANTS)}")
        return Ensemble(members=members)
    if name in VARIANTS and not params:
        base, params = VARIANTS[name]
        return MODELS[base](**params)
    try:
        cls = MODELS[name]
    except KeyError:
        raise InputError(f"unknown forecast model '{name}'", column="model",
                         fix=f"use auto or one of: {', '.join(VARIANTS)}") from None
    return cls(**params)


def _wls(x: np.ndarray, z: np.ndarray, weight: np.ndarray) -> np.ndarray:
    sw = np.sqrt(weight)
    # A tiny ridge keeps weekday columns identifiable when a weekday has few open days.
    xtx = (x * sw[:, None]).T @ (x * sw[:, None]) + 1e-6 * np.eye(x.shape[1])
    return np.linalg.solve(xtx, (x * sw[:, None]).T @ (z * sw))


def _decayed_mean(rows: np.ndarray, half_life: float = 3.0) -> np.ndarray:
    """Mean of rows with more weight on the later ones."""
    age = np.arange(len(rows))[::-1]
    w = 0.5 ** (age / half_life)
    return (rows * w[:, None]).sum(axis=0) / w.sum()
