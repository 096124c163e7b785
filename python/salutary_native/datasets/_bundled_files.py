"""Where a loader reads its file: the copy bundled in ``data/`` or a path the user gives."""

from __future__ import annotations

import os
from pathlib import Path

BUNDLED_DIR = Path(__file__).resolve().parent / "data"


def source_file(bundled_name: str, path: str | os.PathLike | None = None) -> Path:
    """The user's ``path`` when given, else the bundled copy; FileNotFoundError if it is absent.

    Parameters
    ----------
    bundled_name : str
        File name inside the bundled ``data/`` folder.
    path : str or os.PathLike, optional
        The user's own copy, used instead when given.

    Returns
    -------
    pathlib.Path
        The file to read.

    Raises
    ------
    FileNotFoundError
        If the chosen file does not exist or is not a file.

    Examples
    --------
    >>> from salutary_native.datasets._bundled_files import source_file
    >>> source_file("waveform.data.gz").name
    'waveform.data.gz'
    """
    chosen = BUNDLED_DIR / bundled_name if path is None else Path(os.fspath(path))
    if not chosen.is_file():
        where = "the bundled copy" if path is None else "path"
        raise FileNotFoundError(f"{where} {str(chosen)!r} does not exist or is not a file")
    return chosen
