"""File arguments that are checked before a command does anything: a file to write must not be
a folder, a symbolic link or a device, and the folders above it must be folders (missing ones
are made), so that a command never records or computes something it then cannot write."""

from __future__ import annotations

import argparse
from pathlib import Path


def _under_folders(path: Path, text: str, kind: str) -> Path:
    """`path`, once its nearest existing ancestor (itself included) is known to be a folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"give a {kind} name")
    for place in (path, *path.parents):
        if place.exists():
            if not place.is_dir():
                raise argparse.ArgumentTypeError(f"{place} is a file, not a folder")
            break
    return path


def output_file(text: str) -> Path:
    """argparse type of a file to write; a bad one is a usage error (exit 2), nothing is done."""
    path = Path(text)
    if text.strip() and path.is_symlink():  # writing would replace the link, not its file
        raise argparse.ArgumentTypeError(
            f"{text} is a symbolic link: give the file it points to, or a new name"
        )
    if text.strip() and path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder: give a file name in it")
    if text.strip() and path.exists() and not path.is_file():
        raise argparse.ArgumentTypeError(
            f"{text} is not a regular file (a device or a pipe): give a file name"
        )
    _under_folders(path.parent, text, "file")
    return path


def output_folder(text: str) -> Path:
    """argparse type of a folder to write into (made if missing); a file there is refused."""
    return _under_folders(Path(text), text, "folder")


def library_folder(text: str) -> Path:
    """argparse type of a standards library to read: a folder that exists, with releases in
    it (else 'not in the library (releases: none)' would hide a mistyped path)."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"no folder {text}: give the standards library's folder")
    if not (path / "releases").is_dir():
        raise argparse.ArgumentTypeError(
            f"{text} holds no releases/ folder: give the standards library's folder"
        )
    return path
