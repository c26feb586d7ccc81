"""Report sets: a folder of reports replaced as one unit.

Renaming files one by one lets a crash, a SIGKILL or a second run leave a
mix of two sets, and leaves files of an earlier run (an old report.json beside
new CSVs). So the whole set is written into a fresh hidden folder *beside* the
target (same filesystem, so renames are cheap and atomic), described by a
manifest.json, fsynced, and swapped in with directory renames under a lock.
A reader that opens the folder sees the old set or the new one, never a mix.

Library code: never prints or exits; raises OutputError with the fix.
"""
from __future__ import annotations

import ctypes
import errno
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..errors import OutputError

MANIFEST = "manifest.json"
# Names only we write: without an old manifest these (and *.html) count as reports of an earlier run.
REPORT_NAMES = frozenset({"alignment.csv", "findings.csv", "summary.csv", "signature.txt", "report.json",
                          MANIFEST, "report.sarif"})
LOCK_WAIT_S = 120.0
_FIX = "pass -o with a writable directory"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
# mkstemp leftovers of the old file-by-file writer: ".summary.csv.k3j_x9a2"
_OLD_TEMP = re.compile(r"\.(.+)\.[a-z0-9_]{8}")


# --------------------------------------------------------------------------- checks before any work


def check_writable(out_dir: Path) -> None:
    """Fail before any work if ``out_dir`` could not be written; create nothing.

    Creating the folder here would leave an empty one behind when the run fails later.
    """
    out_dir = Path(out_dir)
    if out_dir.exists():
        if not out_dir.is_dir():
            raise OutputError(f"output directory {out_dir} is a file, not a directory; {_FIX}")
        if not _writable(out_dir):
            raise OutputError(f"output directory {out_dir} is not writable; {_FIX}")
        return
    ancestor = Path(os.path.abspath(out_dir))
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputError(f"cannot create output directory {out_dir}: {ancestor} is not a directory; {_FIX}")
    if not _writable(ancestor):
        raise OutputError(f"cannot create output directory {out_dir}: {ancestor} is not writable; {_FIX}")


def check_output_dir(out_dir: Path) -> None:
    """``check_writable`` plus what ``write_set`` needs: a writable parent and no foreign sub-folders."""
    check_writable(out_dir)
    target = _resolve(out_dir)
    if target.exists():
        if not _writable(target.parent):
            raise OutputError(f"cannot replace output directory {out_dir}: its parent {target.parent} is not "
                              f"writable (the new set is written beside it, then swapped in); {_FIX}")
        _foreign_entries(target)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK | os.X_OK)


def _resolve(out_dir: Path) -> Path:
    # Through symlinks: swapping a symlink would replace the link with a folder, not update its target.
    return Path(os.path.realpath(out_dir))


# --------------------------------------------------------------------------- writing a set


def write_set(out_dir: Path, files: dict[str, str | bytes], signature: str) -> list[Path]:
    """Make ``files`` (name -> content) the whole content of ``out_dir``, swapped in at once.

    Files of an earlier set go; other files in the folder (a screenshot) are carried over.
    Returns the paths written, manifest.json last.
    """
    _check_names(files)
    check_writable(out_dir)
    target = _resolve(out_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output directory {out_dir}: {exc.strerror}; {_FIX}") from exc
    with _lock(target):
        try:
            _recover(target)
            _replace(target, files, signature, _foreign_entries(target))
        except OSError as exc:
            raise OutputError(f"cannot write reports to {out_dir}: {exc.strerror}; {_FIX}") from exc
    return [Path(out_dir) / name for name in [*files, MANIFEST]]


def _replace(target: Path, files: dict[str, str | bytes], signature: str, keep: list[str]) -> None:
    tmp = _new_dir(target, "set")
    try:
        _build(target, tmp, files, signature, keep)
        _swap(tmp, target)
    except BaseException:  # Ctrl-C too: the old set stays whole and no temp folder is left
        _remove_tree(tmp)
        raise


def _check_names(files: dict[str, str | bytes]) -> None:
    for name in files:
        if (name in ("", ".", "..", MANIFEST) or "/" in name or os.sep in name
                or (os.altsep and os.altsep in name)):
            raise ValueError(f"report file name {name!r} must be a plain file name other than {MANIFEST}")


def _build(target: Path, tmp: Path, files: dict[str, str | bytes], signature: str, keep: list[str]) -> None:
    """Fill the temp folder: reports, carried foreign files, then the manifest that vouches for them."""
    listed = []
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        _write_file(tmp / name, data)
        listed.append({"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    kept = [n for n in keep if n not in files]  # a new report wins over a same-named foreign file
    for name in kept:
        _carry(target / name, tmp / name)
    manifest = {"tool": "repost-audit", "version": __version__, "signature": signature,
                "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "files": listed, "kept": kept}
    _write_file(tmp / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    _fsync_dir(tmp)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "xb") as f:  # mode 0666 less the umask, like any file the user writes
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _carry(src: Path, dst: Path) -> None:
    # A hard link costs nothing and keeps the very same file; copy where links are refused.
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _new_dir(target: Path, kind: str) -> Path:
    """A hidden sibling named after our pid, so a later writer can tell a dead writer's leftovers."""
    path = _new_dir_name(target, kind)
    os.mkdir(path)
    if target.is_dir():
        os.chmod(path, stat.S_IMODE(target.stat().st_mode))  # keep the folder's permissions across swaps
    return path


def _swap(tmp: Path, target: Path) -> None:
    """Put ``tmp`` in place of ``target``; the old set ends up at a hidden name and is removed."""
    if not os.path.lexists(target):
        os.rename(tmp, target)
        _fsync_dir(target.parent)
        return
    if _exchange(tmp, target):  # one atomic step: the target never goes missing
        old = tmp
    else:
        old = _new_dir_name(target, "old")
        os.rename(target, old)
        try:
            os.rename(tmp, target)  # a SIGKILL just before this is repaired by _recover
        except BaseException:
            os.rename(old, target)
            raise
    _fsync_dir(target.parent)
    _remove_tree(old)


def _new_dir_name(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE); False where the kernel, libc or filesystem lacks it."""
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


@functools.lru_cache(maxsize=1)
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2  # glibc >= 2.28
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def _fsync_dir(path: Path) -> None:
    # Makes the new names durable; some systems (Windows) cannot open a folder, which only costs durability.
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


# --------------------------------------------------------------------------- what is ours in an old set


def _foreign_entries(target: Path) -> list[str]:
    """Names in an existing set that are not reports of ours; refuse a folder that holds folders."""
    try:
        entries = list(os.scandir(target))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise OutputError(f"cannot read output directory {target}: {exc.strerror}; {_FIX}") from exc
    listed = _manifest_names(target)
    keep = []
    for e in sorted(entries, key=lambda e: e.name):
        if e.is_dir(follow_symlinks=False):
            raise OutputError(f"output directory {target} holds other folders (e.g. {e.name}/); reports need a "
                              "folder of their own: pass -o with a new or report-only folder")
        if not _is_ours(e.name, listed):
            keep.append(e.name)
    return keep


def _is_ours(name: str, listed: set[str] | None) -> bool:
    if name in REPORT_NAMES or (name in listed if listed is not None else name.endswith(".html")):
        return True
    old_temp = _OLD_TEMP.fullmatch(name)  # a killed old-style writer's temp file
    return bool(old_temp) and _is_ours(old_temp.group(1), listed)


def _manifest_names(folder: Path) -> set[str] | None:
    """Names an old manifest lists (trusted over name patterns), or None without a readable one."""
    entries = _manifest_files(folder)
    return None if entries is None else {e["name"] for e in entries}


def _manifest_files(folder: Path) -> list[dict] | None:
    try:
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = doc["files"]
        if all(isinstance(e["name"], str) and isinstance(e["size"], int) for e in files):
            return files
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


# --------------------------------------------------------------------------- lock and recovery


@contextmanager
def _lock(target: Path) -> Iterator[None]:
    """One writer per folder. flock, not a lock file's existence: the kernel drops it when its holder
    dies, even by SIGKILL, so a killed run never blocks the next. The file stays (unlinking it races)."""
    path = target.parent / f".{target.name}.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot lock output directory {target}: {exc.strerror}; {_FIX}") from exc
    try:
        deadline = time.monotonic() + LOCK_WAIT_S
        try:
            while not _try_lock(fd):
                if time.monotonic() > deadline:
                    raise OutputError(f"another audit is writing to {target}; wait for it or pass another -o")
                time.sleep(0.02)
        except OSError as exc:
            raise OutputError(f"cannot lock output directory {target}: {exc.strerror}; {_FIX}") from exc
        yield
    finally:
        os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:  # BlockingIOError on POSIX, PermissionError/EDEADLK from msvcrt
        if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK):
            return False
        raise


def _recover(target: Path) -> None:
    """Under the lock: clear what killed writers left beside the target.

    A writer killed between the two renames of the fallback swap left no target and
    the old set aside: put that old set back, then remove the rest.
    """
    leftovers = _leftovers(target)
    if not os.path.lexists(target):
        olds = [p for kind, p in leftovers if kind == "old" and _whole(p)]
        if olds:
            newest = max(olds, key=lambda p: p.stat().st_mtime)
            os.rename(newest, target)
            leftovers = [(k, p) for k, p in leftovers if p != newest]
    for _, path in leftovers:
        _remove_tree(path)


def _leftovers(target: Path) -> list[tuple[str, Path]]:
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(set|old)-(\d+)-[0-9a-f]+")
    found = []
    for e in os.scandir(target.parent):
        m = pattern.fullmatch(e.name)
        if m and e.is_dir(follow_symlinks=False) and _stale(int(m.group(2))):
            found.append((m.group(1), Path(e.path)))
    return found


def _stale(pid: int) -> bool:
    """Writers make these folders only while holding the lock, so the pid check is a second guard."""
    if pid == os.getpid() or os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return False


def _whole(folder: Path) -> bool:
    """An old set worth restoring: its manifest's files are all there at their sizes (no manifest: a
    set from before manifests, whole by construction since it was the target)."""
    return not (folder / MANIFEST).exists() or whole_set(folder) is not None


def whole_set(folder: Path) -> list[dict] | None:
    """The manifest's entries (name, size, sha256) of a set whose every file is there at its size;
    None without a readable manifest or with a file missing or cut short."""
    files = _manifest_files(folder)
    try:
        return files if files is not None and all((folder / e["name"]).stat().st_size == e["size"]
                                                  for e in files) else None
    except OSError:
        return None
