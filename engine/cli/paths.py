"""File arguments that are checked before a command does anything: a file to write must not be
a folder, and the folders above it must be folders (missing ones are made), so that a command
never records or computes something it then cannot write."""

from __future__ import annotations

import argparse
from pathlib import Path


def output_file(text: str) -> Path:
    """argparse type of a file to write; a bad one is a usage error (exit 2), nothing is done."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give a file name")
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder: give a file name in it")
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise argparse.ArgumentTypeError(f"{folder} is a file, not a folder")
            break
    return path


def output_folder(text: str) -> Path:
    """argparse type of a folder to write into (made if missing); a file there is refused."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give a folder name")
    path = Path(text)
    for folder in (path, *path.parents):
        if folder.exists():
            if not folder.is_dir():
                raise argparse.ArgumentTypeError(f"{folder} is a file, not a folder")
            break
    return path
