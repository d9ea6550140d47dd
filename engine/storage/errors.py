"""Storage errors as data: a stable code, a message and where it happened."""

from __future__ import annotations


class StorageError(Exception):
    """A storage problem a user can act on. `code` is stable; `message` is for people."""

    code = "storage.error"

    def __init__(self, message: str, location: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "location": self.location}


class DatabaseInUseError(StorageError):
    """Another process holds the database file open (DuckDB allows one writing process)."""

    code = "storage.in_use"


class DatabaseOpenError(StorageError):
    """The database file could not be opened (damaged, unreadable or a newer format)."""

    code = "storage.open_failed"


class ConflictError(StorageError):
    """Someone else changed the same thing first: reload and try again."""

    code = "storage.conflict"


class NotFoundError(StorageError):
    code = "storage.not_found"


class IntegrityError(StorageError):
    """A write broke a rule of the schema (duplicate key, missing parent, bad value)."""

    code = "storage.integrity"
