"""Which problems of the standards library stop a release or a policy from being used.

Loading the library always gives whatever could be read, with a report of every problem.
Anything that uses one release (publishing it, diffing, migrating, scoring a file against it)
or one policy (a what-if) must refuse it while a problem concerns it: a published file edited
in place (its hash no longer matches what the release pins), a file that fails its schema, a
version bump too small for its changes. Problems elsewhere in the library do not stop it.

The problems are passed on as they are (file, line, column, field, how to fix), never
summarised into "is invalid".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from engine.loading import Library, Location, Problem, ValidationReport, load_library
from engine.loading.checks.release_refs import hash_problem
from engine.models import Policy, ReleaseBundle
from engine.service.errors import InvalidInput, ReleaseUnavailable


def release_files(library: Library, version: str) -> set[str]:
    """The files a release consists of (its own, its policy's, its standards'), as shown."""
    release = library.releases.get(version)
    if release is None:
        return set()
    keys = [
        ("release", version),
        ("policy", release.policy.version),
        *(("standard", s.id, s.version) for s in release.standards),
    ]
    return {f.display for key in keys if (f := library.file_of(*key)) is not None}


def release_problems(library: Library, report: ValidationReport, version: str) -> list[Problem]:
    """The library's errors located in a file of this release; every error of the library when
    the release is there but cannot be put together (a file it pins could not be read, so it
    is not known as the release's: the cause is among them)."""
    if version in library.releases and library.bundle(version) is None:
        return list(report.errors)
    own = release_files(library, version)
    return [p for p in report.errors if p.location.file in own]


def library_trouble(library: Library, report: ValidationReport) -> list[Problem]:
    """What is wrong with the library as a whole: its errors, or that it has no files."""
    if not report.files:
        hint = "Set ACCREDIT_LIBRARY to a library folder (with standards/), or unset it."
        message = f"the standards library at {library.root} has no YAML or JSON files"
        return [Problem("file-not-found", message, Location(str(library.root)), hint=hint)]
    return list(report.errors)


def policy_problems(library: Library, report: ValidationReport, version: str) -> list[Problem]:
    """The errors of a policy file, and each release that pins other bytes than it has now."""
    file = library.file_of("policy", version)
    if file is None:
        return []
    own = [p for p in report.errors if p.location.file == file.display]
    return own + list(_policy_pins(library, version))


def _policy_pins(library: Library, version: str) -> Iterator[Problem]:
    file = library.file_of("policy", version)
    for release_version, release in library.releases.items():
        if file is not None and release.policy.version == version:
            release_file = library.file_of("release", release_version)
            yield from hash_problem(release.policy.sha256, file, release_file, ("policy", "sha256"))


def refusal(problems: list[Problem], what: str, where: str) -> InvalidInput:
    """One error for the first problems (the rest counted), each as file:line:column."""
    shown = "; ".join(p.to_text() for p in problems[:3])
    more = f"; and {len(problems) - 3} more (run `accredit validate`)" if len(problems) > 3 else ""
    return InvalidInput(f"{what} cannot be used: {shown}{more}", where)


def checked_release(version: str | None, root: Path | None = None) -> ReleaseBundle:
    """A release of the library (default: the installed one) that nothing is wrong with;
    `None`: the newest release the library has."""
    library, report = load_library(root)
    if version is None:
        newest = library.release_versions()[-1:]
        if not newest:
            raise ReleaseUnavailable("the standards library has no release", "release")
        version = newest[0]
    problems = release_problems(library, report, version)
    if problems:
        raise refusal(problems, f"release {version}", "release")
    bundle = library.bundle(version)
    if bundle is None:
        known = ", ".join(library.release_versions()) or "none"
        raise ReleaseUnavailable(
            f"release {version} is not in the library at {library.root} (releases: {known})",
            version,
        )
    return bundle


def checked_policy(version: str, root: Path | None = None) -> Policy:
    """A policy version of the library that nothing is wrong with."""
    library, report = load_library(root)
    problems = policy_problems(library, report, version)
    if problems:
        raise refusal(problems, f"policy {version}", "--policy")
    found = library.policies.get(version)
    if found is None and report.errors:  # a policy file that could not be read may be it
        raise refusal(report.errors, f"policy {version}", "--policy")
    if found is None:
        known = ", ".join(sorted(library.policies)) or "none"
        raise InvalidInput(
            f"policy {version} is not in the library at {library.root} (policies: {known})",
            "--policy",
        )
    return found


def unknown_release(library: Library, version: str) -> Problem:
    """The problem of a release that the library does not have at all."""
    known = ", ".join(library.release_versions()) or "none"
    return Problem(
        "unknown-reference",
        f"release {version} is not in the library (releases: {known})",
        Location(str(library.root)),
    )
