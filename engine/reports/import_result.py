"""What reading a self-assessment file gives: the document, the rows it covers, the problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.loading.problems import ValidationReport
from engine.models.assessment import SelfAssessment
from engine.models.bundle import ReleaseBundle

ReleaseLookup = Callable[[str], ReleaseBundle | None]
"""Release version -> its bundle, None when the release is unknown."""


@dataclass
class SelfAssessmentImport:
    """A self-assessment read from a file, and the requirement ids whose answers it sets.

    `document` is None unless the whole file is correct; answers of covered requirements that
    the file leaves empty are removed on import.
    """

    report: ValidationReport
    document: SelfAssessment | None = None
    covered: tuple[str, ...] = ()
