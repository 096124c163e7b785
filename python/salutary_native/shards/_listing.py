"""Which files make a sharded pool, in which order, and whether a numbered one is missing.

A folder's shards are taken in natural order (``part-2`` before ``part-10``). When their names
differ only by one number, the numbers must run on without a gap, or name each shard's first
global row; anything else means a file is missing, and the missing name is reported.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Optional, Sequence

_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple:
    """A sort key that orders the digit runs of ``name`` by value: ``part-2`` before ``part-10``."""
    parts = _DIGITS.split(name)
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), name


def shard_paths(path_or_paths, pattern: str, what: str) -> tuple[list[Path], Optional[Path]]:
    """The shard files, and the folder they were found in (None for an explicit list).

    A folder is searched with ``pattern`` and sorted naturally; a single file is a one-shard
    pool; a list of paths is taken in its own order. A path that does not exist, a list
    entry that is not a file or that is listed twice, or a folder with no matching file is a
    ValueError naming it.
    """
    if isinstance(path_or_paths, (str, os.PathLike)):
        path = Path(path_or_paths)
        if path.is_dir():
            found = [p for p in path.glob(pattern) if p.is_file()]
            if not found:
                raise ValueError(f"{path} holds no {what} matching {pattern!r}")
            return sorted(found, key=lambda p: natural_key(p.relative_to(path).as_posix())), path
        if path.is_file():
            return [path], None
        raise ValueError(f"{path} does not exist")
    try:
        paths = [Path(p) for p in path_or_paths]
    except TypeError:
        raise TypeError(f"expected a folder, a file or a list of files of {what}, "
                        f"got {type(path_or_paths).__name__}") from None
    if not paths:
        raise ValueError(f"the list of {what} is empty")
    seen = {}
    for p in paths:
        if not p.is_file():
            raise ValueError(f"{p} does not exist" if not p.exists() else f"{p} is not a file")
        same = seen.setdefault(p.resolve(), p)
        if same is not p:
            raise ValueError(f"{p} is listed twice (also as {same}): its rows would enter the pool twice")
    return paths, None


def _fill(template: list, slot: int, number: int, width: Optional[int]) -> str:
    parts = list(template)
    parts[slot] = str(number).zfill(width) if width else str(number)
    return "".join(parts)


def check_numbering(paths: Sequence[Path], folder: Path, first_rows: Sequence[int]) -> None:
    """Raise a ValueError naming the missing shard when numbered names skip a number.

    Only names that differ in exactly one digit run are checked. Their numbers must either
    count up by one from 0 or 1, or equal the first global row of each shard (names by offset).
    """
    if len(paths) < 2:
        return
    names = [p.relative_to(folder).as_posix() for p in paths]
    split = [_DIGITS.split(n) for n in names]
    if len({len(s) for s in split}) != 1:
        return
    template = split[0]
    if any(s[k] != template[k] for s in split for k in range(0, len(template), 2)):
        return
    varying = [k for k in range(1, len(template), 2) if len({int(s[k]) for s in split}) > 1]
    if len(varying) != 1:
        return
    slot = varying[0]
    numbers = [int(s[slot]) for s in split]
    widths = {len(s[slot]) for s in split}
    width = widths.pop() if len(widths) == 1 and template[slot].startswith("0") else None
    first_rows = [int(r) for r in first_rows]
    if numbers == first_rows:
        return
    hint = "; pass the files as a list, or check_numbering=False, to take them as they are"
    matched = next(j for j, (a, b) in enumerate(zip(numbers, first_rows)) if a != b)
    if matched >= 2 and first_rows[1] > 1:
        # Named by first row: the shard that should start where the last matching one ends is gone.
        raise ValueError(f"shard {folder / _fill(template, slot, first_rows[matched], width)} is missing: "
                         f"{names[matched - 1]} ends at row {first_rows[matched]}, but the next shard in "
                         f"{folder} is {names[matched]}{hint}")
    if numbers[0] > 1:
        raise ValueError(f"shard {folder / _fill(template, slot, 0 if width else 1, width)} is missing: the "
                         f"numbered shards in {folder} start at {names[0]}{hint}")
    for a, b, name_a, name_b in zip(numbers, numbers[1:], names, names[1:]):
        if b == a:
            raise ValueError(f"{folder / name_a} and {folder / name_b} carry the same number {a}{hint}")
        if b != a + 1:
            raise ValueError(f"shard {folder / _fill(template, slot, a + 1, width)} is missing: the numbered "
                             f"shards in {folder} go from {name_a} to {name_b}{hint}")
