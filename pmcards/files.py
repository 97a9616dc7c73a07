"""The user's text files: reading them as UTF-8 with a clear problem when that fails, and replacing
them atomically with the permissions a new file of theirs would get."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pmcards.errors import Problem


def read_bytes(path: Path) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or a problem naming it when it cannot be read."""
    try:
        return path.read_bytes(), []
    except OSError as error:
        return None, [Problem(path, 0, f"cannot read: {error.strerror or error}")]


def undecodable_byte(data: bytes, error: UnicodeDecodeError) -> tuple[int, str]:
    """The line (from 1) of the byte that `error` could not decode, and that byte in hex."""
    return data.count(b"\n", 0, error.start) + 1, data[error.start : error.start + 1].hex()


def decode_utf8(data: bytes, path: Path) -> tuple[str | None, list[Problem]]:
    """`data` as text (UTF-8, a leading byte-order mark dropped), or a problem naming the line and
    byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line, byte = undecodable_byte(data, error)
        return None, [Problem(path, line, f"not UTF-8: invalid byte 0x{byte} at offset {error.start}")]


def unusable_name(path: Path) -> str | None:
    """Why no file system takes `path` as a name (a NUL character, a character that cannot be
    encoded), or None when it can be used."""
    text = str(path)
    if "\x00" in text:
        return "a path cannot hold a NUL character"
    try:
        os.fsencode(text)
    except UnicodeEncodeError as error:
        return f"a path cannot hold {text[error.start]!r}"
    return None


def is_folder(path: Path) -> bool:
    """Whether `path` is a folder; False for one that cannot be looked at (a name too long, say)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def new_file_mode() -> int:
    """The permissions a new file gets under the process's umask (0o644 under the usual 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_beside(target: Path, data: bytes) -> Path:
    """`data` in a new hidden file beside `target`, on disk, with `target`'s permissions (those the
    umask gives when `target` is new or a symbolic link): the caller moves it into place with
    `os.replace`, or removes it. On failure nothing is left behind."""
    mode = target.stat().st_mode if target.is_file() and not target.is_symlink() else new_file_mode()
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old file or the new one, never half of it.

    A symbolic link is followed: its target is replaced, the link stays. The file keeps its
    permissions; a new one gets those the umask gives. On failure nothing is left behind.
    """
    path = path.resolve()
    temporary = write_beside(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
