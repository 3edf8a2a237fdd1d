"""Finding the user's files in folders: glob patterns, a stable walk, symlink loops made safe."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path


def parse_patterns(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """'*.pdf, *.txt; notes/*' -> ('*.pdf', '*.txt', 'notes/*')."""
    if not text:
        return ()
    parts = re.split(r"[,;\n]", text) if isinstance(text, str) else list(text)
    return tuple(p.strip() for p in parts if p and p.strip())


def _matches(name: str, relative: str, patterns: tuple[str, ...]) -> bool:
    """A pattern without '/' matches the name; one with '/' the path below the folder walked."""
    return any(fnmatch.fnmatch(relative if "/" in p else name, p) for p in patterns)


def walk_files(
    roots: Iterable[str | Path],
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    hidden: bool = False,
    follow_links: bool = False,
    recursive: bool = True,
) -> Iterator[Path]:
    """The files named by ``roots``, folders walked in a stable (sorted) order, one at a time.

    ``include``: only files whose name matches one of these globs (all when empty);
    ``exclude``: files and folders to leave out.  Hidden names (starting with '.')
    are skipped unless ``hidden``.  With ``follow_links`` linked folders are walked
    too, each real folder once, so a link back to a parent cannot loop.  Files
    named directly are always yielded, missing ones too: they get a row that says so.
    """
    for raw in roots:
        root = Path(raw)
        if not root.is_dir():
            yield root
            continue
        yield from _walk(root, include, exclude, hidden, follow_links, recursive)


def _walk(root: Path, include, exclude, hidden, follow_links, recursive) -> Iterator[Path]:
    visited: set[tuple[int, int]] = set()  # (device, inode) of every folder entered
    pending = [root]  # a stack, not recursion: deep trees cannot overflow Python's stack
    while pending:
        folder = pending.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in visited:
                continue
            visited.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda e: e.name)
        except OSError:
            continue  # an unreadable folder holds nothing we can classify
        subfolders = []
        for entry in listing:
            name = entry.name
            if not hidden and name.startswith("."):
                continue
            path = Path(entry.path)
            relative = path.relative_to(root).as_posix()
            if exclude and _matches(name, relative, exclude):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=follow_links)
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink() or follow_links:
                    subfolders.append(path)
            elif entry.is_symlink() and not follow_links and _is_dir_link(path):
                continue  # a link to a folder, not followed
            elif not include or _matches(name, relative, include):
                yield path
        if recursive:
            pending.extend(reversed(subfolders))  # popped in name order


def _is_dir_link(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def expand_paths(paths: list[str] | tuple[str, ...], recursive: bool = True) -> list[Path]:
    """Files named by ``paths``: files as they are, folders walked (symlink loops are safe)."""
    return list(walk_files(paths, recursive=recursive))
