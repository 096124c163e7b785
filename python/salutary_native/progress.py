"""A one-line progress bar on a terminal, silent otherwise (logs and CI stay clean)."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    """A one-line progress bar: call ``update()`` once per unit of work.

    It draws only when the stream is a terminal (or ``enabled=True``), so logs and CI stay clean.
    Used as a context manager it ends its line on exit.

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
    >>> bar.done, "[############################] 3/3" in stream.getvalue()
    (3, True)
    """

    def __init__(self, total: int, label: str = "", stream=None, enabled=None, width: int = 28):
        self.total, self.label, self.width = max(int(total), 1), label, width
        self.stream = sys.stderr if stream is None else stream
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else bool(enabled)
        self.done = 0
        self._start = time.perf_counter()

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
        self.done = min(self.done + n, self.total)
        if not self.enabled:
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
        >>> stream.getvalue()
        '\\n'
        """
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
