"""A published release never changes: not its standards or policy (the release pins their
hashes, checked by the loader), and not the release file itself, which pins them. Nothing in
the library can pin the release file, so this table does: a certificate names its release,
and must be reproducible from it years later.

Publishing a release adds its line here (with `sha256sum standards/releases/<version>.yaml`);
a line is never changed. A record holds its own copy of every release registered in it, and
`accredit db init` refuses a library whose release differs from that copy."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

RELEASES = Path(__file__).resolve().parents[2] / "standards" / "releases"
PUBLISHED = {
    "2026.1": "36aaec331bb19f2277833cdbc31be809f0935189237e73943795d2454d18318e",
}


@pytest.mark.parametrize("version", sorted(PUBLISHED))
def test_a_published_release_file_keeps_its_bytes(version: str) -> None:
    file = RELEASES / f"{version}.yaml"
    assert file.is_file(), f"release {version} was published; its file must stay"
    assert hashlib.sha256(file.read_bytes()).hexdigest() == PUBLISHED[version], (
        f"{file} changed after publication: publish a new release instead"
    )


def test_every_release_of_the_library_is_in_the_table() -> None:
    found = {path.stem for path in RELEASES.glob("*.yaml")}
    assert found == set(PUBLISHED), "add the new release's hash to PUBLISHED when publishing"
