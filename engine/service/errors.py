"""Service errors as data: a stable code, a message and a location. Never a traceback.

Storage errors (conflicts, a locked file, a missing row) are re-exported so that callers of the
service need only this module.
"""

from __future__ import annotations

from engine.storage.errors import (
    ConflictError,
    DatabaseInUseError,
    NotFoundError,
    StorageError,
)


class ServiceError(Exception):
    code = "service.error"

    def __init__(self, message: str, location: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "location": self.location}


class AccessDenied(ServiceError):
    """The acting person may not do this. Nothing was changed."""

    code = "access.denied"


class IllegalTransition(ServiceError):
    """The lifecycle does not allow this step from the current state."""

    code = "lifecycle.illegal_transition"


class ConflictOfInterest(ServiceError):
    """The reviewer belongs to the organisation or has declared a conflict with it."""

    code = "review.conflict_of_interest"


class InvalidInput(ServiceError):
    code = "input.invalid"


class CertificateWithheld(ServiceError):
    """The certificate is suspended or withdrawn: no document of it is handed out."""

    code = "certificate.withheld"


class AuthenticationFailed(ServiceError):
    code = "auth.failed"


class ScoringFailed(ServiceError):
    """The engine could not evaluate a condition of the release (an error, never a fail)."""

    code = "scoring.failed"


class ReleaseUnavailable(ServiceError):
    code = "release.unavailable"


__all__ = [
    "AccessDenied",
    "AuthenticationFailed",
    "CertificateWithheld",
    "ConflictError",
    "ConflictOfInterest",
    "DatabaseInUseError",
    "IllegalTransition",
    "InvalidInput",
    "NotFoundError",
    "ReleaseUnavailable",
    "ScoringFailed",
    "ServiceError",
    "StorageError",
]
