"""Files fwcompare writes (``export -o FILE``, the release cache of ``fwcompare update``): whole or not at all.

The text goes to a new file beside the target, in the same directory (so on
the same file system), is flushed and synced to the disk, and only then
renamed over the target with `os.replace`, which is atomic. A full disk, a
file-size limit or a kill in the middle leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

__all__ = ["write_atomically"]


def write_atomically(path: str, text: str) -> None:
    """Replace the file at *path* with *text* (UTF-8); on any failure, the old file is untouched.

    A symbolic link is followed (`os.replace` is the rename): the file it points to is replaced and the
    link kept. A target that is not a regular file (``/dev/stdout``, a pipe)
    is written in place, since it cannot be renamed over. Raises `OSError`
    (``EFBIG`` rather than a SIGXFSZ kill under a file-size limit).
    """
    target = Path(path).resolve()
    try:
        mode: int | None = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory")
        with target.open("w", encoding="utf-8") as stream:
            stream.write(text)
        return
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    # O_EXCL: never write through a file (or link) someone else put at that name.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with _file_size_limit_as_error(), os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            temporary.chmod(stat.S_IMODE(mode))  # the old file's permissions, not the umask's
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _sync_directory(target.parent)


@contextlib.contextmanager
def _file_size_limit_as_error() -> Iterator[None]:
    # Past RLIMIT_FSIZE the kernel sends SIGXFSZ, which kills the process (leaving the
    # temporary file behind); ignored, the write fails with EFBIG and the cleanup runs.
    import signal
    import threading

    if not hasattr(signal, "SIGXFSZ") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGXFSZ, previous)


def _sync_directory(directory: Path) -> None:
    # The rename is durable once the directory's entry is on disk (POSIX; Windows has no such call).
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
