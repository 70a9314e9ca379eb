"""Rolling-origin backtests: model selection, accuracy metrics and interval calibration.

For each candidate the series is cut at a few origins (the last ``horizon`` intervals, then one
week earlier, …), the model is fitted on what precedes each origin and scored on what follows.
The candidate with the lowest WAPE wins. The errors of that selection — each origin forecast by
the model chosen without it — then calibrate the prediction intervals (split conformal on
standardised errors, with quantile levels for the number of independent days behind them, and
a scale of their own for each day of the week and interval of the day where the backtest shows
a real difference), so an 80 % band covers about 80 % of actuals on data like the recent past
rather than what a Gaussian assumption says — on every day of the week and at every hour, not
only on average.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from forecasting.models import VARIANTS, fit_variance, make_model, nnls_tall
from planner.errors import InputError

log = logging.getLogger(__name__)

AUTO_CANDIDATES: tuple[str, ...] = ("seasonal_naive", "seasonal_naive_daily", "daily_profile", "daily_profile_fast",
                                    "daily_profile_recent", "mstl", "ensemble", "ensemble_fast")
LEVELS = (80, 95)
#: scale the calibrated bands by lead (distance from the forecast origin); see :class:`Calibration`
BANDS_BY_LEAD = True


@dataclass
class Backtest:
    """Errors of one model over all folds, as flat arrays."""

    label: str
    actual: np.ndarray
    mean: np.ndarray
    fold: np.ndarray
    naive_mae: float          # in-sample weekly seasonal-naive MAE (MASE denominator)
    lead: np.ndarray | None = None   # intervals between the origin and each point (0 = first)
    #: day of the series each point falls on: points of one day share its surprise (and the
    #: same day recurs in overlapping folds), so days, not points, are the independent draws
    day: np.ndarray | None = None
    #: interval of the series each point falls on, counted back from its end (-1 = last), so
    #: day of the week and interval of the day line up with the forecast's (0 = first)
    position: np.ndarray | None = None

    def part(self, keep: np.ndarray, label: str | None = None, mean: np.ndarray | None = None) -> "Backtest":
        """The points where ``keep`` is True (optionally relabelled, with other predictions)."""
        return Backtest(label or self.label, self.actual[keep], (self.mean if mean is None else mean)[keep],
                        self.fold[keep], self.naive_mae, None if self.lead is None else self.lead[keep],
                        None if self.day is None else self.day[keep],
                        None if self.position is None else self.position[keep])

    @property
    def wape(self) -> float:
        return float(np.abs(self.mean - self.actual).sum() / max(self.actual.sum(), 1e-9))

    @property
    def bias(self) -> float:
        return float((self.mean - self.actual).sum() / max(self.actual.sum(), 1e-9))

    @property
    def mase(self) -> float:
        """NaN when the history has too few real week-on-week pairs to scale by."""
        if not np.isfinite(self.naive_mae) or len(self.actual) == 0:
            return float("nan")
        return float(np.abs(self.mean - self.actual).mean() / self.naive_mae)


@dataclass
class Calibration:
    """Standardised-error quantiles: band = mean + q·σ(mean, lead)·s(day of the week)·s(interval of the day).

    σ² = (a + a_lead·L)·(mean + 1) + (b + b_lead·L)·mean², with L the lead in weeks: errors grow
    with the distance from the forecast origin (the level drifts, the weekday pattern moves), so
    the first days of a horizon get narrower bands than its last weeks. All four coefficients are
    non-negative, so a band never narrows with lead. The class scales s (1 when not fitted; see
    :func:`class_scales`) widen the days of the week and intervals of the day whose errors run
    larger than the volume alone explains, and narrow the others.
    """

    a: float
    b: float
    quantiles: dict[str, float]
    a_lead: float = 0.0
    b_lead: float = 0.0
    #: independent draws the quantiles rest on (days rather than intervals; see :func:`calibrate`)
    n_eff: float = float("nan")
    #: intervals a day behind the two class scales below (0 = no class scales)
    per_day: int = 0
    #: relative error scale by day of the week (index: days from the end of the history, mod 7)
    weekday_scale: np.ndarray | None = None
    #: relative error scale by interval of the day
    slot_scale: np.ndarray | None = None

    def sigma(self, mean: np.ndarray, lead_days: np.ndarray | None = None) -> np.ndarray:
        """Error scale of a forecast ``mean`` made ``lead_days`` after the origin."""
        weeks = 0.0 if lead_days is None else np.asarray(lead_days, dtype=float) / 7.0
        var = (self.a + self.a_lead * weeks) * (mean + PSEUDO_COUNT) + (self.b + self.b_lead * weeks) * mean ** 2
        return np.sqrt(var)

    def class_scale(self, position: np.ndarray) -> np.ndarray:
        """Relative error scale of the day of the week and interval of the day at ``position``
        (intervals from the end of the history: 0 = first forecast interval, -1 = last history one)."""
        pos = np.asarray(position, dtype=np.int64)
        out = np.ones(len(pos))
        if self.per_day <= 0:
            return out
        if self.weekday_scale is not None:
            out = out * self.weekday_scale[(pos // self.per_day) % 7]
        if self.slot_scale is not None:
            out = out * self.slot_scale[pos % self.per_day]
        return out

    def bands(self, mean: np.ndarray, levels: Sequence[int] = LEVELS, closed: np.ndarray | None = None,
              lead_days: np.ndarray | None = None, position: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Bands around ``mean``; zero-width where ``closed`` (the queue does not open).

        ``lead_days`` (same length as ``mean``) is each point's distance from the end of the
        history in days; without it every point is treated as lead 0 (and the class scales,
        which need to know the day of the week and the interval of the day, are left out).
        ``position`` overrides the position the class scales read off ``lead_days`` (a backtest
        fold's lead counts from its own origin, not from the end of the history).
        """
        sigma = self.sigma(mean, lead_days)
        if position is None and lead_days is not None:
            position = np.rint(np.asarray(lead_days, dtype=float) * self.per_day)
        if position is not None and self.per_day > 0:
            sigma = sigma * self.class_scale(position)
        if closed is not None:
            sigma = np.where(closed, 0.0, sigma)
        out: dict[str, np.ndarray] = {}
        for lv in levels:
            lo = min(self.quantiles[f"lo-{lv}"], 0.0)
            hi = max(self.quantiles[f"hi-{lv}"], 0.0)
            out[f"lo-{lv}"] = np.maximum(mean + lo * sigma, 0.0)
            out[f"hi-{lv}"] = mean + hi * sigma
        return out


#: Counts are uncertain even where the point forecast is 0 in an open interval (a small queue
#: whose last week happened to be empty there): the Poisson part of the scale gets one contact.
PSEUDO_COUNT = 1.0


def calibrate(mean: np.ndarray, actual: np.ndarray, levels: Sequence[int] = LEVELS,
              lead_days: np.ndarray | None = None,
              groups: np.ndarray | Sequence[np.ndarray] | None = None,
              position: np.ndarray | None = None, per_day: int = 0) -> Calibration:
    """Fit the error scale (by lead when given) and the standardised-error quantiles per level.

    Points where both forecast and actual are 0 (closed hours) carry no information and are
    left out; open intervals forecast at 0 are kept. The quantiles are those of the errors
    divided by their lead-dependent scale (split conformal on standardised errors), so the
    bands keep their coverage at every lead rather than only on average over the horizon.

    ``groups`` (one array the length of ``mean``, or several: e.g. the day and the backtest
    origin of each point) marks points that share a surprise. Errors of one day move together,
    and so do the errors of one origin (its level estimate), so a backtest of a few weeks holds
    far fewer independent draws than points; the effective sample is the smallest any of the
    groupings gives, and the quantile levels are widened as split conformal prescribes for it
    (see :func:`conformal_levels`). Without ``groups`` every point counts as independent (the
    plain empirical quantiles).

    ``position`` (intervals from the end of the history, see :attr:`Backtest.position`) and
    ``per_day`` let the scale differ by day of the week and interval of the day
    (:data:`CLASS_SCALES`, see :func:`class_scales`).
    """
    keep = (mean > 0) | (actual > 0)
    if keep.sum() < 20:
        raise InputError("too few backtest points to calibrate prediction intervals")
    m, e = mean[keep], actual[keep] - mean[keep]
    lead = None if lead_days is None else np.asarray(lead_days, dtype=float)[keep]
    if lead is None:
        a, b = fit_variance(m, e, offset=PSEUDO_COUNT)
        cal = Calibration(a, b, {})
    else:
        a, b, a_lead, b_lead = fit_variance_by_lead(m, e, lead / 7.0)
        cal = Calibration(a, b, {}, a_lead, b_lead)
    sigma = cal.sigma(m, lead)
    pos_ = sigma > 0
    z = e[pos_] / sigma[pos_]
    grouping = [g[keep][pos_] for g in _groupings(groups)]
    if position is not None and per_day > 0:
        where = np.asarray(position, dtype=np.int64)[keep][pos_]
        day = where // per_day
        cal.per_day = per_day
        if "weekday" in CLASS_SCALES:
            cal.weekday_scale, z = _scaled(z, day % 7, 7, day)
        if "slot" in CLASS_SCALES:
            cal.slot_scale, z = _scaled(z, where % per_day, per_day, day)
    n_eff = float(len(z))
    for g in grouping:
        n_eff = min(n_eff, effective_size(z, g))
    cal.n_eff = n_eff
    for lv in levels:
        lo, hi = conformal_levels(lv, n_eff)
        cal.quantiles[f"lo-{lv}"] = float(np.quantile(z, lo))
        cal.quantiles[f"hi-{lv}"] = float(np.quantile(z, hi))
    return cal


#: error classes that get a scale of their own: "weekday" (day of the week), "slot" (interval of the day)
CLASS_SCALES: tuple[str, ...] = ("weekday", "slot")
#: "abs": class dispersion by mean |z| (a few stormy days weigh less); "sq": by mean z²
CLASS_DISPERSION = "abs"
#: a class seen on fewer days keeps the pooled scale
MIN_CLASS_DAYS = 4
#: divide each week's errors by class scales fitted without it (see :func:`_scaled`)
CROSS_FIT_SCALES = True


def _scaled(z: np.ndarray, cls: np.ndarray, n_cls: int, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The class scales of ``z`` (all data, for the forecast) and ``z`` divided by cross-fitted ones.

    A scale fitted on the same errors it then divides absorbs part of their noise, so the
    quantiles of the scaled errors would come out too narrow for a new day. Each calendar
    week's errors are therefore divided by the scales fitted without that week (the folds
    overlap, so leaving a week out, not a fold, removes a day's surprise from the fit).
    """
    full = class_scales(z, cls, n_cls, day)
    if not CROSS_FIT_SCALES:
        return full, z / full[cls]
    week = day // 7
    out = np.empty_like(z)
    for w in np.unique(week):
        held = week == w
        out[held] = z[held] / class_scales(z[~held], cls[~held], n_cls, day[~held])[cls[held]]
    return full, out


def class_scales(z: np.ndarray, cls: np.ndarray, n_cls: int, day: np.ndarray) -> np.ndarray:
    """Relative dispersion of standardised errors ``z`` per class (0 … ``n_cls`` − 1), shrunk to 1.

    Errors of one day share its surprise, so each class is summarised by one dispersion per day
    it was seen on (mean |z| of its points that day); a class's raw dispersion is the mean of
    those. How far each class may move from the pooled value is decided by empirical Bayes
    (normal–normal, method of moments): the spread between the classes' raw dispersions beyond
    what their sampling error explains is the true between-class variance τ², and each class
    keeps the share τ² / (τ² + its sampling variance) of its distance from the pool. A short
    backtest, or classes that differ only by chance, give τ² ≈ 0 and one pooled scale.
    """
    if len(z) == 0:
        return np.ones(n_cls)
    stat = np.abs(z) if CLASS_DISPERSION == "abs" else z ** 2
    overall = float(stat.mean())
    if overall <= 0:
        return np.ones(n_cls)
    # One cell per class and day (a grid small enough to count with bincount).
    d = np.asarray(day, dtype=np.int64) - int(np.min(day))
    span = int(d.max()) + 1
    key = np.asarray(cls, dtype=np.int64) * span + d
    count = np.bincount(key, minlength=n_cls * span)
    occupied = np.flatnonzero(count)
    cell_stat = np.bincount(key, weights=stat, minlength=n_cls * span)[occupied] / count[occupied]
    cell_cls = occupied // span
    days = np.bincount(cell_cls, minlength=n_cls).astype(float)
    seen = days >= MIN_CLASS_DAYS
    if seen.sum() < 2:
        return np.ones(n_cls)
    raw = np.bincount(cell_cls, weights=cell_stat, minlength=n_cls)[seen] / days[seen]
    # Day-to-day variance within a class, pooled over the classes (one class alone is too noisy).
    resid = cell_stat - (np.bincount(cell_cls, weights=cell_stat, minlength=n_cls) / np.maximum(days, 1))[cell_cls]
    within = float(np.sum(resid[seen[cell_cls]] ** 2) / max(seen[cell_cls].sum() - seen.sum(), 1))
    se2 = within / days[seen]
    tau2 = max(float(np.var(raw, ddof=1) - se2.mean()), 0.0)
    out = np.ones(n_cls)
    out[seen] = (overall + tau2 / (tau2 + se2) * (raw - overall)) / overall
    out = np.maximum(out, 1e-3)
    return out if CLASS_DISPERSION == "abs" else np.sqrt(out)


def _groupings(groups: np.ndarray | Sequence[np.ndarray] | None) -> list[np.ndarray]:
    """``groups`` as a list of groupings (one 1-D array is one grouping)."""
    if groups is None:
        return []
    if isinstance(groups, np.ndarray) and groups.ndim == 1:
        return [groups]
    return [np.asarray(g) for g in groups]


def conformal_levels(level: int, n_eff: float) -> tuple[float, float]:
    """Quantile levels of the pooled errors whose band covers ``level`` % of a new draw.

    With n exchangeable draws, the band between the r-th smallest and the r-th largest covers a
    new one with probability 1 − 2r/(n + 1) (split conformal), so a tail of t needs the draw of
    rank r = t·(n + 1), not t·n: with 15 independent days the 80 % band spans from the 1.6th
    smallest to the 1.6th largest day. All the points are used to read those ranks off — each
    of the n_eff draws stands for a block of points, the r-th at level (r − ½)/n_eff — and the
    levels are clipped to the observed range, so a tiny sample gives its widest errors.
    """
    tail = (100 - level) / 200.0
    n = max(n_eff, 1.0)
    lo = (tail * (n + 1) - 0.5) / n
    hi = ((1 - tail) * (n + 1) - 0.5) / n
    return float(np.clip(lo, 0.0, 1.0)), float(np.clip(hi, 0.0, 1.0))


def effective_size(z: np.ndarray, groups: np.ndarray) -> float:
    """Independent draws in ``z`` when its points come in correlated ``groups`` (Kish design effect).

    n / (1 + (m − 1)·ρ), with m the mean group size and ρ the intra-class correlation of ``z``
    (one-way random-effects estimate, clipped to [0, 1]).
    """
    ids, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    n, k = len(z), len(ids)
    if k < 2 or n <= k:
        return float(n)
    group_mean = np.bincount(inverse, weights=z) / counts
    ms_between = np.sum(counts * (group_mean - z.mean()) ** 2) / (k - 1)
    ms_within = np.sum((z - group_mean[inverse]) ** 2) / (n - k)
    m0 = (n - np.sum(counts ** 2) / n) / (k - 1)
    denom = ms_between + (m0 - 1) * ms_within
    rho = float(np.clip((ms_between - ms_within) / denom, 0.0, 1.0)) if denom > 0 else 0.0
    return float(n / (1 + (n / k - 1) * rho))


def fit_variance_by_lead(mean: np.ndarray, err: np.ndarray, lead_weeks: np.ndarray) -> tuple[float, float, float, float]:
    """Non-negative least squares of ``err² ≈ (a + a'·L)(mean + 1) + (b + b'·L)·mean²``.

    A squared error scatters in proportion to its variance squared, so a plain fit lets the
    busiest intervals decide alone; each row is therefore reweighted by 1/σ² of the previous fit
    (iteratively reweighted least squares, two passes), which gives quiet intervals and early
    leads their say. Falls back to the lead-free fit (``a' = b' = 0``) when the errors do not
    grow with lead.
    """
    poisson = mean + PSEUDO_COUNT
    x = np.column_stack([poisson, mean ** 2, poisson * lead_weeks, mean ** 2 * lead_weeks])
    y = err ** 2
    weight = np.ones(len(y))
    for _ in range(1 + VARIANCE_REWEIGHT_PASSES):
        xw = x * weight[:, None]
        scale = np.maximum(xw.max(axis=0), 1e-12)
        coef = nnls_tall(xw / scale, y * weight) / scale
        var = x @ coef
        if not (var > 0).any():
            break
        weight = 1.0 / np.maximum(var, 1e-3 * var.mean())
    a, b, a_lead, b_lead = coef
    if a <= 0 and b <= 0:
        # The lead-0 scale must be positive (a band at the first interval); refit without lead.
        a, b = fit_variance(mean, err, offset=PSEUDO_COUNT)
        return a, b, 0.0, 0.0
    return float(a), float(b), float(a_lead), float(b_lead)


VARIANCE_REWEIGHT_PASSES = 2
MAX_STEPS_BACK = 26


def origins(n: int, per_day: int, horizon: int, min_train: int, folds: int = 3,
            scored: np.ndarray | None = None, copied_from: np.ndarray | None = None) -> list[int]:
    """Fold origins, latest first: ``n - horizon``, then a week (or a horizon) earlier each.

    Origins whose window is mostly imputed (a campaign or holiday season taken out of the
    history) are skipped, stepping further back, so the scores rest on real observations; so
    are origins whose training data holds a value copied from at or after the origin
    (``copied_from[p]`` = source position or -1), which would leak the answer.
    """
    step = min(7 * per_day, horizon)
    out: list[int] = []
    for i in range(MAX_STEPS_BACK):
        cut = n - horizon - i * step
        if cut < min_train or len(out) == folds:
            break
        if scored is not None and scored[cut:cut + horizon].mean() < 0.5:
            continue
        if copied_from is not None and (copied_from[:cut] >= cut).any():
            continue
        out.append(cut)
    return out


def naive_mae(y: np.ndarray, season: int, scored: np.ndarray | None = None) -> float:
    """In-sample MAE of the seasonal naive: the MASE denominator (NaN when undefined).

    Pairs involving imputed values are left out — a cleaned holiday copied from the week
    before would otherwise look perfectly predictable and shrink the scale.
    """
    if len(y) <= season:
        return float("nan")
    diff = np.abs(y[season:] - y[:-season])
    if scored is not None:
        both = scored[season:] & scored[:-season]
        if both.sum() < season:
            return float("nan")  # not enough real pairs: let the other folds set the scale
        diff = diff[both]
    value = float(np.mean(diff))
    return value if value > 0 else float("nan")


def run_backtest(y: np.ndarray, label: str, per_day: int, first_weekday: int, horizon: int,
                 cuts: Sequence[int], scored: np.ndarray | None = None) -> Backtest:
    """Fit before each cut, forecast ``horizon`` after it; keep the errors of scored points.

    ``scored`` (same length as ``y``) is False where ``y`` was imputed — gaps, cleaned holidays
    and events — so a model is never rewarded for predicting values the engine made up.
    """
    actual, mean, fold, lead, position, scale = [], [], [], [], [], []
    for i, cut in enumerate(cuts):
        model = make_model(label).fit(y[:cut], per_day=per_day, first_weekday=first_weekday)
        pred = model.predict(horizon, level=())["mean"]
        keep = slice(None) if scored is None else scored[cut:cut + horizon]
        actual.append(y[cut:cut + horizon][keep])
        mean.append(pred[keep])
        fold.append(np.full(len(mean[-1]), i))
        lead.append(np.arange(len(pred))[keep])
        # Counted back from the end of the series, so days line up with the models' days.
        position.append((cut + np.arange(len(pred)) - len(y))[keep])
        scale.append(naive_mae(y[:cut], 7 * per_day, None if scored is None else scored[:cut]))
    finite = [v for v in scale if np.isfinite(v)]
    pos = np.concatenate(position)
    return Backtest(label, np.concatenate(actual), np.concatenate(mean), np.concatenate(fold),
                    float(np.mean(finite)) if finite else float("nan"), np.concatenate(lead), pos // per_day, pos)


@dataclass
class Selection:
    """Outcome of automatic selection (or of a pinned model) for one series."""

    label: str
    backtests: dict[str, Backtest] = field(default_factory=dict)
    calibration: Calibration | None = None
    coverage80: float = float("nan")
    notes: list[str] = field(default_factory=list)
    #: the winner's backtest on more origins (accuracy and bands), when one was run
    final: Backtest | None = None
    #: the backtest errors the bands were calibrated on
    errors: Backtest | None = None

    @property
    def accuracy(self) -> dict[str, float]:
        bt = self.final or self.backtests.get(self.label)
        if bt is None:
            return {"wape": float("nan"), "mase": float("nan"), "bias": float("nan"), "coverage80": float("nan")}
        return {"wape": bt.wape, "mase": bt.mase, "bias": bt.bias, "coverage80": self.coverage80}


def select(y: np.ndarray, *, per_day: int, first_weekday: int, horizon: int,
           candidates: Sequence[str] = AUTO_CANDIDATES, folds: int = 3,
           scored: np.ndarray | None = None, calibration_folds: int = 0, combine: bool = True,
           copied_from: np.ndarray | None = None) -> Selection:
    """Backtest every candidate that has enough history and return the best by WAPE.

    Falls back — explicitly, with a note — to seasonal naive when the history is too short to
    backtest, and to a one-day seasonal naive below one week.
    """
    notes: list[str] = []
    week = 7 * per_day
    need = {c: int(np.ceil(make_model(c).min_weeks * week)) for c in candidates}
    # Origins every candidate can be backtested at; only when there are none, the origins of the
    # least demanding (a candidate that cannot use every origin is left out of the comparison).
    cuts = origins(len(y), per_day, horizon, max(need.values()), folds, scored, copied_from)
    if not cuts:
        cuts = origins(len(y), per_day, horizon, min(need.values()), folds, scored, copied_from)
    if not cuts:
        label = "seasonal_naive" if len(y) >= week else "seasonal_naive_daily"
        why = ("too short" if scored is None or scored.mean() > 0.5
               else "mostly holidays/campaign days, which are not scored")
        notes.append(f"{len(y) / per_day:.0f} days of history ({why}) leave no backtest origin for a "
                     f"{horizon / per_day:.0f}-day horizon; using {label} (fallback)")
        log.warning(notes[-1])
        return Selection(label, notes=notes)
    results: dict[str, Backtest] = {}
    for c in candidates:
        usable = [cut for cut in cuts if cut >= need[c]]
        if len(usable) < len(cuts):
            notes.append(f"{c} skipped: needs {need[c] / per_day:.0f} days before each backtest origin")
            continue
        base, params = VARIANTS.get(c, (c, {}))
        members = params.get("members", ())
        if base == "ensemble" and all(m in results for m in members):
            # The mean of the members' backtests *is* the ensemble's backtest: no refit needed.
            first = results[members[0]]
            mean = np.mean([results[m].mean for m in members], axis=0)
            results[c] = first.part(np.ones(len(mean), dtype=bool), c, mean)
            continue
        results[c] = run_backtest(y, c, per_day, first_weekday, horizon, cuts, scored)
    if not results:
        notes.append("no candidate had enough history; using seasonal_naive (fallback)")
        log.warning(notes[-1])
        return Selection("seasonal_naive", notes=notes)
    with_combination(results, combine)
    best = min(results, key=lambda c: results[c].wape)
    sel = Selection(best, results, notes=notes)
    need_best = max(need[m] for m in best.split("+"))
    procedure = None
    if calibration_folds <= folds and len(cuts) >= 2:
        # Selection ran on enough origins: the bands come from the errors of the selection
        # itself, re-run without each origin (the winner's own errors are flattered by having won).
        procedure = selection_errors(results, combine)
        notes.append(f"bands from {len(cuts)} backtest origins, each forecast by the model selected "
                     f"without it")
    _calibrate_selection(sel, y, per_day, first_weekday, horizon, need_best, calibration_folds, scored,
                         copied_from, procedure)
    return sel


def with_combination(results: dict[str, Backtest], combine: bool = True) -> None:
    """Add the mean of the two best candidates as one more candidate, scored on the same folds.

    Combinations are often more accurate than either part and never cost a refit here.
    """
    if not combine or len(results) < 2:
        return
    first, second = sorted(results, key=lambda c: results[c].wape)[:2]
    a, b = results[first], results[second]
    if len(a.mean) == len(b.mean):
        label = f"{first}+{second}"
        results[label] = a.part(np.ones(len(a.mean), dtype=bool), label, 0.5 * (a.mean + b.mean))


def selection_errors(results: dict[str, Backtest], combine: bool = True) -> Backtest:
    """Backtest of the selection procedure: each fold forecast by the model chosen on the others.

    The winner's errors on the folds it was chosen on are optimistic (with many candidates,
    one looks good partly by luck); these errors include that luck, as the forecast will.
    """
    singles = {c: bt for c, bt in results.items() if "+" not in c}
    first = next(iter(singles.values()))
    mean = np.empty_like(first.mean)
    for f in np.unique(first.fold):
        out = first.fold == f
        rest = {c: bt.part(~out) for c, bt in singles.items()}
        with_combination(rest, combine)
        label = min(rest, key=lambda c: rest[c].wape)
        mean[out] = np.mean([singles[m].mean[out] for m in label.split("+")], axis=0)
    return first.part(np.ones(len(mean), dtype=bool), "auto", mean)


def backtest_pinned(y: np.ndarray, label: str, *, per_day: int, first_weekday: int, horizon: int,
                    folds: int = 3, scored: np.ndarray | None = None, calibration_folds: int = 0,
                    copied_from: np.ndarray | None = None) -> Selection:
    """Backtest only the pinned model: its accuracy and calibrated intervals, no selection."""
    need = int(np.ceil(make_model(label).min_weeks * 7 * per_day))
    cuts = origins(len(y), per_day, horizon, need, folds, scored, copied_from)
    if not cuts:
        return Selection(label, notes=[f"history too short to backtest {label}; intervals are the model's own"])
    sel = Selection(label, {label: run_backtest(y, label, per_day, first_weekday, horizon, cuts, scored)})
    _calibrate_selection(sel, y, per_day, first_weekday, horizon, need, calibration_folds, scored, copied_from)
    return sel


def _calibrate_selection(sel: Selection, y: np.ndarray, per_day: int, first_weekday: int, horizon: int,
                         need: int, calibration_folds: int, scored: np.ndarray | None,
                         copied_from: np.ndarray | None = None, procedure: Backtest | None = None) -> None:
    """Calibrate the winner's bands, on more origins than selection used when asked to.

    Three folds are enough to rank models but few to estimate a 10 % tail; extra origins for
    the winner alone make the band width (and the reported coverage) steadier for little cost.
    The winner's accuracy figures then come from these folds as well. With ``procedure`` (the
    selection's own errors, see :func:`selection_errors`) the bands come from it instead.
    """
    bt = sel.backtests[sel.label]
    n_folds = len(np.unique(bt.fold))
    if procedure is not None:
        bt = procedure
    elif calibration_folds > n_folds:
        cuts = origins(len(y), per_day, horizon, need, calibration_folds, scored, copied_from)
        if len(cuts) > n_folds:
            bt = run_backtest(y, sel.label, per_day, first_weekday, horizon, cuts, scored)
            sel.final = bt
            sel.notes.append(f"{sel.label}: accuracy and bands from {len(cuts)} backtest origins")
    if (bt.mean > 0).sum() < 20:
        return
    sel.errors = bt
    lead_days = bt.lead / per_day if BANDS_BY_LEAD and bt.lead is not None else None
    groups = None if bt.day is None else (bt.day, bt.fold)
    sel.calibration = calibrate(bt.mean, bt.actual, lead_days=lead_days, groups=groups, position=bt.position,
                                per_day=per_day)
    # Honest coverage: each fold's band comes from a calibration fitted on the other folds.
    folds = np.unique(bt.fold)
    if len(folds) < 2:
        inside = _inside(sel.calibration, bt.mean, bt.actual, lead_days)
        sel.coverage80 = float(inside.mean())
        sel.notes.append("coverage80 is in-sample (one backtest fold)")
        return
    hits = []
    for f in folds:
        train = bt.fold != f
        if ((bt.mean[train] > 0) | (bt.actual[train] > 0)).sum() < 20:
            continue
        cal = calibrate(bt.mean[train], bt.actual[train], lead_days=None if lead_days is None else lead_days[train],
                        groups=None if groups is None else [g[train] for g in groups],
                        position=None if bt.position is None else bt.position[train], per_day=per_day)
        test = ~train
        hits.append(_inside(cal, bt.mean[test], bt.actual[test], None if lead_days is None else lead_days[test],
                            None if bt.position is None else bt.position[test]))
    if hits:
        sel.coverage80 = float(np.concatenate(hits).mean())


def _inside(cal: Calibration, mean: np.ndarray, actual: np.ndarray,
            lead_days: np.ndarray | None = None, position: np.ndarray | None = None) -> np.ndarray:
    band = cal.bands(mean, (80,), lead_days=lead_days, position=position)
    open_ = (mean > 0) | (actual > 0)
    return ((actual >= band["lo-80"]) & (actual <= band["hi-80"]))[open_]
