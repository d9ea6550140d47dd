"""Accredit engine: models, loading, rules, scoring, storage and the service layer."""

__version__ = "0.1.0"
