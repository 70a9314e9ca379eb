"""Forecasting engine: contact volume (with 80/95 % bands) and AHT per queue and interval.

Entry points: :func:`forecasting.io.read_history` and :func:`forecasting.engine.forecast`; see
``docs/forecasting.md``. Qt-free and solver-free; from ``planner`` only the error types are used.
"""
