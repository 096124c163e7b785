"""A one-line progress bar on a terminal, silent otherwise (logs and CI stay clean).

When ``tqdm`` is installed (``pip install tqdm``) the bar is drawn by ``tqdm.auto`` (a widget in
Jupyter, a text bar elsewhere); without it a small built-in bar is drawn. Both count the same
and stay silent off a terminal.
"""

from __future__ import annotations

import sys
import time


def _tqdm_class():
    """``tqdm.auto.tqdm`` when tqdm is installed, else None (the built-in bar is drawn)."""
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm


class ProgressBar:
    """A one-line progress bar: call ``update()`` once per unit of work.

    It draws only when the stream is a terminal (or ``enabled=True``), so logs and CI stay clean.
    Used as a context manager it ends its line on exit. With tqdm installed, ``tqdm.auto`` draws
    the bar; otherwise a built-in one-line bar does.

    Parameters
    ----------
    total : int
        Units of work in all (at least 1 is assumed).
    label : str, default=""
        Text before the bar.
    stream : file-like, optional
        Where to draw; default ``sys.stderr``.
    enabled : bool, optional
        Force drawing on or off; None draws when ``stream.isatty()`` is true.
    width : int, default=28
        Characters of the bar itself.

    Examples
    --------
    >>> import io
    >>> from salutary_native.progress import ProgressBar
    >>> stream = io.StringIO()
    >>> with ProgressBar(3, "demo", stream=stream, enabled=True) as bar:
    ...     bar.update()
    ...     bar.update(2, "done")
    >>> bar.done, "3/3" in stream.getvalue()
    (3, True)
    """

    def __init__(self, total: int, label: str = "", stream=None, enabled=None, width: int = 28):
        self.total, self.label, self.width = max(int(total), 1), label, width
        self.stream = sys.stderr if stream is None else stream
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else bool(enabled)
        self.done = 0
        self._start = time.perf_counter()
        tqdm = _tqdm_class() if self.enabled else None
        self._tqdm = None
        if tqdm is not None:
            self._tqdm = tqdm(total=self.total, desc=label or None, file=self.stream, leave=True,
                              dynamic_ncols=True)

    def update(self, n: int = 1, note: str = "") -> None:
        """Count ``n`` more units done and redraw the line when enabled.

        Parameters
        ----------
        n : int, default=1
            Units just finished (the count stops at ``total``).
        note : str, default=""
            Text shown after the bar (cut to 40 characters).

        Examples
        --------
        >>> from salutary_native.progress import ProgressBar
        >>> bar = ProgressBar(2, enabled=False)
        >>> bar.update(5)
        >>> bar.done
        2
        """
        step = min(self.done + n, self.total) - self.done
        self.done += step
        if not self.enabled:
            return
        if self._tqdm is not None:
            if note:
                self._tqdm.set_postfix_str(note[:40], refresh=False)
            self._tqdm.update(step)
            return
        filled = self.width * self.done // self.total
        elapsed = time.perf_counter() - self._start
        eta = elapsed / self.done * (self.total - self.done) if self.done else 0.0
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"{self.label} [{bar}] {self.done}/{self.total} {elapsed:5.0f}s eta {eta:4.0f}s {note:<40.40}"
        self.stream.write("\r" + line)
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line (when enabled).

        Examples
        --------
        >>> import io
        >>> from salutary_native.progress import ProgressBar
        >>> stream = io.StringIO()
        >>> ProgressBar(1, stream=stream, enabled=True).close()
        >>> stream.getvalue().endswith("\\n")
        True
        """
        if self._tqdm is not None:
            self._tqdm.close()
            self._tqdm = None
        elif self.enabled:
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
