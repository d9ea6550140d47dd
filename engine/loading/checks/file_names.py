"""Inside the library, a file's name and folder say what it holds, and must agree with it.

standards/<standard-id>/<version>.yaml, standards/policies/<version>.yaml,
standards/releases/<version>.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.loading.checks import DocumentCheck, DocumentContext
from engine.loading.problems import Location, Problem

_FOLDERS = {"policy": "policies", "release": "releases"}


def version_matches_name(ctx: DocumentContext) -> Iterator[Problem]:
    if ctx.relative_path is None:
        return
    *folders, filename = ctx.relative_path
    version = str(getattr(ctx.document, "version", ""))
    stem = filename.rsplit(".", 1)[0]
    if stem != version:
        message = f'the file says version "{version}" but is named {filename}'
        yield Problem(
            "version-mismatch",
            message,
            ctx.at(("version",)),
            hint=f"rename it to {version}.yaml or fix the version",
        )
    kind = str(getattr(ctx.document, "kind", ""))
    expected_folder = _FOLDERS.get(kind) or str(getattr(ctx.document, "id", ""))
    if folders and folders[-1] != expected_folder:
        where = ctx.at(("id",)) if kind == "standard" else Location(ctx.source.file, 1, 1)
        message = (
            f'a {kind} "{expected_folder}" belongs in folder {expected_folder}/, not {folders[-1]}/'
        )
        yield Problem("id-mismatch", message, where)


CHECKS = (
    DocumentCheck(
        "version-matches-file-name",
        frozenset({"standard", "policy", "release"}),
        version_matches_name,
    ),
)
