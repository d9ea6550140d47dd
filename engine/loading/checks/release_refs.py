"""A release names what exists, with hashes of the exact published bytes, and stays consistent
with its policy. Consecutive versions of a standard are bumped as their changes need."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from engine.loading.checks import LibraryCheck
from engine.loading.problems import Location, Problem

if TYPE_CHECKING:
    from engine.loading.library import Library, LibraryFile


def _at(file: LibraryFile | None, path: tuple[str | int, ...]) -> Location:
    return file.source.locate(path) if file else Location()


def hash_problem(
    pinned: str, actual: LibraryFile, release_file: LibraryFile | None, path: tuple[str | int, ...]
) -> Iterator[Problem]:
    if pinned != actual.sha256:
        message = f"{actual.display} has sha256 {actual.sha256}, the release pins {pinned}"
        hint = "a published file must never change: publish a new version instead"
        yield Problem("hash-mismatch", message, _at(release_file, path), hint=hint)


def references_exist(library: Library) -> Iterator[Problem]:
    for version, release in library.releases.items():
        release_file = library.file_of("release", version)
        policy_file = library.file_of("policy", release.policy.version)
        if policy_file is None:
            message = f"policy {release.policy.version} is not in the library"
            yield Problem("unknown-reference", message, _at(release_file, ("policy", "version")))
        else:
            yield from hash_problem(
                release.policy.sha256, policy_file, release_file, ("policy", "sha256")
            )
        seen: set[str] = set()
        for index, pinned in enumerate(release.standards):
            if pinned.id in seen:
                message = f'standard "{pinned.id}" is named twice'
                yield Problem(
                    "duplicate-id", message, _at(release_file, ("standards", index, "id"))
                )
            seen.add(pinned.id)
            file = library.file_of("standard", pinned.id, pinned.version)
            if file is None:
                known = library.standard_versions(pinned.id)
                message = f"standard {pinned.id} {pinned.version} is not in the library"
                where = _at(release_file, ("standards", index, "version"))
                yield Problem(
                    "unknown-reference", message, where, hint=f"known versions: {known or 'none'}"
                )
            else:
                yield from hash_problem(
                    pinned.sha256, file, release_file, ("standards", index, "sha256")
                )


def codes_unique_in_release(library: Library) -> Iterator[Problem]:
    for version in library.releases:
        bundle = library.bundle(version)
        if bundle is None:
            continue
        codes: dict[str, str] = {}
        for index, standard in enumerate(bundle.standards):
            if standard.code in codes:
                message = (
                    f'code "{standard.code}" is used by {codes[standard.code]} and {standard.id}'
                )
                where = _at(library.file_of("release", version), ("standards", index, "id"))
                yield Problem("duplicate-id", message, where)
            codes.setdefault(standard.code, standard.id)


def not_applicable_respects_policy(library: Library) -> Iterator[Problem]:
    for version in library.releases:
        bundle = library.bundle(version)
        if bundle is None or not bundle.policy.not_applicable.forbidden_on_critical_universal:
            continue
        for standard in bundle.standards:
            file = library.file_of("standard", standard.id, standard.version)
            for index, requirement in enumerate(standard.requirements):
                universal = standard.scope == "universal" and requirement.scope == "universal"
                if universal and requirement.critical and requirement.na_allowed:
                    message = (
                        f"{requirement.id} is critical and universal; policy "
                        f"{bundle.policy.version} of release {version} forbids N/A on it"
                    )
                    where = _at(file, ("requirements", index, "na_allowed"))
                    yield Problem("policy-rule", message, where, hint="set na_allowed: false")


def effective_dates_ordered(library: Library) -> Iterator[Problem]:
    for version, release in library.releases.items():
        if release.effective_until and release.effective_until < release.effective_from:
            message = "effective_until is before effective_from"
            yield Problem(
                "invalid-value",
                message,
                _at(library.file_of("release", version), ("effective_until",)),
            )


CHECKS = (
    LibraryCheck("release-references-exist", references_exist),
    LibraryCheck("standard-codes-unique-in-release", codes_unique_in_release),
    LibraryCheck("not-applicable-respects-policy", not_applicable_respects_policy),
    LibraryCheck("release-dates-ordered", effective_dates_ordered),
)
