"""Document models: the single source of truth for every file a user writes."""

from engine.models.assessment import (
    EvidenceReference,
    FileEvidence,
    LinkEvidence,
    OrganisationRef,
    Response,
    SelfAssessment,
)
from engine.models.bundle import ReleaseBundle
from engine.models.common import LANGUAGES, Language, LocalizedText, SourceReference, StrictModel
from engine.models.conditions import Condition
from engine.models.policy import DecisionBand, Outcome, Policy, RatingScale
from engine.models.profile import OrganisationProfile, OrganisationProfileDocument
from engine.models.release import PinnedPolicy, PinnedStandard, Release
from engine.models.standard import Requirement, Scope, Standard

DOCUMENT_MODELS: dict[str, type[StrictModel]] = {
    "standard": Standard,
    "policy": Policy,
    "release": Release,
    "organisation_profile": OrganisationProfileDocument,
    "self_assessment": SelfAssessment,
}
"""Every kind of document a person writes, by the value of its `kind` field."""

__all__ = [
    "DOCUMENT_MODELS",
    "LANGUAGES",
    "Condition",
    "DecisionBand",
    "EvidenceReference",
    "FileEvidence",
    "Language",
    "LinkEvidence",
    "LocalizedText",
    "OrganisationProfile",
    "OrganisationProfileDocument",
    "OrganisationRef",
    "Outcome",
    "PinnedPolicy",
    "PinnedStandard",
    "Policy",
    "RatingScale",
    "Release",
    "ReleaseBundle",
    "Requirement",
    "Response",
    "Scope",
    "SelfAssessment",
    "SourceReference",
    "Standard",
    "StrictModel",
]
