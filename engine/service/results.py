"""The engine's result types as the service layer hands them out.

The dashboard and the CLI read scores, findings and decisions but never call the
scoring package; they import these names from here (import-linter holds them to it).
"""

from __future__ import annotations

from engine.scoring import AssessmentResult, Finding

__all__ = ["AssessmentResult", "Finding"]
