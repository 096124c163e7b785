"""Run state on disk: written atomically, verified on read, never unpickled.

A state file is an uncompressed ``.npz`` holding plain arrays, a JSON metadata record and a
SHA-256 digest of both. It is written to a temporary file in the same folder, flushed and
fsynced, then renamed over the old one, so a crash leaves either the old or the new state,
never a torn file. A truncated or altered file fails the digest and raises CheckpointError.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from typing import Dict, Tuple

import numpy as np

FORMAT_VERSION = 1
_META = "__meta__"
_DIGEST = "__digest__"


class CheckpointError(ValueError):
    """A state file that cannot be trusted: corrupted, truncated, or from another run.

    A ``ValueError``; the message names the file and says what to do (usually: delete it).

    Examples
    --------
    >>> import numpy as np, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "not-a-state.npz")
    >>> np.savez(path, a=np.arange(3))
    >>> try:
    ...     load_state(path)
    ... except CheckpointError as exc:
    ...     print("refused")
    refused
    """


def _digest(arrays: Dict[str, np.ndarray], meta_bytes: bytes) -> str:
    h = hashlib.sha256(meta_bytes)
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(name.encode())
        h.update(str(a.dtype.str).encode() + str(a.shape).encode())
        h.update(a.tobytes())
    return h.hexdigest()


def save_state(path, arrays: Dict[str, np.ndarray], meta: dict) -> None:
    """Atomically replace ``path`` with the arrays and the JSON-serialisable meta.

    Parameters
    ----------
    path : str or path-like
        The state file; its folder is created when missing.
    arrays : dict of str to array-like
        Plain arrays (no dtype object); names must not start with ``__``.
    meta : dict
        JSON-serialisable metadata (NaN allowed); ``format_version`` is added.

    Raises
    ------
    TypeError
        When an array has dtype object, which would need pickle.
    OSError
        When the write fails; the old file, if any, is left as it was.

    Examples
    --------
    >>> import numpy as np, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "state.npz")
    >>> save_state(path, {"rows": np.arange(3)}, {"round": 2})
    >>> arrays, meta = load_state(path)
    >>> arrays["rows"], meta["round"]
    (array([0, 1, 2]), 2)
    """
    for name, a in arrays.items():
        if np.asarray(a).dtype.hasobject:
            raise TypeError(f"state array {name!r} has dtype object, which would need pickle")
    meta_bytes = json.dumps({"format_version": FORMAT_VERSION, **meta}, sort_keys=True).encode()
    payload = {name: np.asarray(a) for name, a in arrays.items()}
    payload[_META] = np.frombuffer(meta_bytes, dtype=np.uint8)
    payload[_DIGEST] = np.frombuffer(_digest(arrays, meta_bytes).encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez(buffer, **payload)

    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(buffer.getbuffer())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    # The rename itself is durable only once the folder entry is on disk.
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def load_state(path) -> Tuple[Dict[str, np.ndarray], dict]:
    """The arrays and meta written by ``save_state``, read without pickle and verified.

    Parameters
    ----------
    path : str or path-like
        A file written by ``save_state``.

    Returns
    -------
    arrays : dict of str to ndarray
    meta : dict
        Including ``format_version``.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist.
    CheckpointError
        When the file is truncated, altered, not a state file, or of another format version.

    Examples
    --------
    >>> import numpy as np, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "state.npz")
    >>> save_state(path, {}, {"note": "empty"})
    >>> load_state(path)
    ({}, {'format_version': 1, 'note': 'empty'})
    """
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except FileNotFoundError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as exc:
        raise CheckpointError(f"state file {path} is corrupted or truncated ({exc}); "
                              "delete it to start the run again") from None
    meta_arr, digest_arr = arrays.pop(_META, None), arrays.pop(_DIGEST, None)
    if meta_arr is None or digest_arr is None:
        raise CheckpointError(f"state file {path} is not a salutary-native state file")
    meta_bytes = meta_arr.tobytes()
    if digest_arr.tobytes().decode(errors="replace") != _digest(arrays, meta_bytes):
        raise CheckpointError(f"state file {path} fails its checksum: it is corrupted; delete it to start again")
    meta = json.loads(meta_bytes)
    if meta.get("format_version") != FORMAT_VERSION:
        raise CheckpointError(f"state file {path} has format version {meta.get('format_version')}, "
                              f"this library reads {FORMAT_VERSION}")
    return arrays, meta
