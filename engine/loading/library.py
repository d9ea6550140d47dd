"""The standards library on disk: every published standard, policy and release, checked."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from engine.loading.checks import DocumentContext, run_document_checks, run_library_checks
from engine.loading.documents import validate_document
from engine.loading.problems import Location, Problem, ValidationReport
from engine.loading.reader import MAX_BYTES, SourceMap, read_bytes
from engine.locations import library_root
from engine.models import Policy, Release, ReleaseBundle, Standard, StrictModel

_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LibraryFile:
    """A file of the library: where it is, its sha256 and its source map."""

    path: Path
    display: str
    sha256: str
    source: SourceMap


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@dataclass
class Library:
    root: Path
    standards: dict[tuple[str, str], Standard] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    releases: dict[str, Release] = field(default_factory=dict)
    files: dict[tuple[str, ...], LibraryFile] = field(default_factory=dict)

    def standard_versions(self, standard_id: str) -> list[str]:
        versions = [v for (i, v) in self.standards if i == standard_id]
        return sorted(versions, key=_version_key)

    def release_versions(self) -> list[str]:
        return sorted(self.releases, key=_version_key)

    def bundle(self, release_version: str) -> ReleaseBundle | None:
        """The release with its policy and standards, or None if any part is missing."""
        release = self.releases.get(release_version)
        if release is None or release.policy.version not in self.policies:
            return None
        keys = [(s.id, s.version) for s in release.standards]
        if any(key not in self.standards for key in keys):
            return None
        standards = tuple(self.standards[key] for key in keys)
        return ReleaseBundle(release, self.policies[release.policy.version], standards)

    def file_of(self, kind: str, *key: str) -> LibraryFile | None:
        return self.files.get((kind, *key))

    def add(self, document: StrictModel, file: LibraryFile) -> None:
        if isinstance(document, Standard):
            self.standards[(document.id, document.version)] = document
            self.files[("standard", document.id, document.version)] = file
        elif isinstance(document, Policy):
            self.policies[document.version] = document
            self.files[("policy", document.version)] = file
        elif isinstance(document, Release):
            self.releases[document.version] = document
            self.files[("release", document.version)] = file


def load_library_file(
    path: Path, display: str, relative: tuple[str, ...] | None
) -> tuple[StrictModel | None, LibraryFile | None, list[Problem]]:
    """Read, validate and check one document; the file's hash is of the exact bytes read."""
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= MAX_BYTES else b""
    except OSError as error:
        return None, None, [Problem("file-unreadable", str(error.strerror), Location(display))]
    if size > MAX_BYTES:
        message = f"{size:,} bytes; the limit is {MAX_BYTES:,}"
        return None, None, [Problem("file-too-large", message, Location(display))]
    read = read_bytes(raw, display)
    if not read.ok:
        return None, None, read.problems
    document, problems = validate_document(read.data, read.source)
    if document is None or not isinstance(document, StrictModel):
        return None, None, problems
    context = DocumentContext(document, read.source, relative)
    problems = run_document_checks(context)
    file = LibraryFile(path, display, hashlib.sha256(raw).hexdigest(), read.source)
    return document, file, problems


def _library_paths(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in _SUFFIXES and p.is_file())


def load_library(root: Path | None = None) -> tuple[Library, ValidationReport]:
    """Load every document under `root` (default: the installed library) and check it all."""
    root = root or library_root()
    library = Library(root)
    report = ValidationReport()
    if not root.is_dir():
        report.problems.append(Problem("file-not-found", "no such folder", Location(str(root))))
        return library, report
    for path in _library_paths(root):
        relative = path.relative_to(root).parts
        display = _display(path)
        report.files.append(display)
        document, file, problems = load_library_file(path, display, relative)
        report.problems.extend(problems)
        if document is not None and file is not None:
            library.add(document, file)
    report.problems.extend(run_library_checks(library))
    return library, report


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
