"""Readers: turn files, directories and stdin into RawDocuments, never raising.

``iter_inputs(paths)`` streams one ``RawDocument`` per report, or a ``Reject``
with a one-line reason for an input that cannot be read.  Formats (see
``docs/input-formats.md``):

* plain text (``tacitus.read.text``): optional ``date YYYY-MM-DD`` and
  ``key: value`` header lines, then the report;
* JSON Lines ``.jsonl``/``.ndjson`` (also gzipped), ``.json`` arrays
  (``tacitus.read.jsonl``);
* HTML ``.html``/``.htm`` or sniffed (``tacitus.read.html``);
* RSS/Atom ``.rss``/``.atom``/``.xml`` or sniffed (``tacitus.read.feed``);
* WARC ``.warc``/``.warc.gz`` (``tacitus.read.warc``);
* Telegram Desktop channel exports, ``result.json`` and ``messages*.html``,
  sniffed (``tacitus.read.telegram``): one document per message;
* any of these gzipped; directories recursively in sorted order (hidden files
  skipped); ``-`` for stdin (format sniffed).

Files are read one at a time; JSON Lines, feeds' items and WARC records are
streamed, so a directory or a big archive is never held in memory at once.
A single document larger than ``max_bytes`` is rejected without being read.
"""
from __future__ import annotations

import gzip
import io
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from tacitus.model import RawDocument, Reject
from tacitus.sanitize import sanitize, sanitize_reject
from tacitus.read.decode import ENCODINGS_TRIED, decode_bytes
from tacitus.read.feed import read_feed
from tacitus.read.html import read_html
from tacitus.read.jsonl import read_json_array, read_jsonl
from tacitus.read.sniff import GZIP_MAGIC, binary_kind, sniff_format
from tacitus.read.telegram import read_telegram_html, read_telegram_json
from tacitus.read.text import parse_text
from tacitus.read.warc import read_warc

__all__ = ["iter_inputs", "read_path", "read_stream", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 10 * 2**20
# a Telegram export holds a whole channel: read as one JSON value, up to this many times max_bytes
TELEGRAM_EXPORT_FACTOR = 20
_HEAD = 8192


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


def _over(size: int, max_bytes: int) -> str:
    return f"document is {_mb(size)}, over the {max_bytes / 2**20:g} MB limit"


class _Prefixed(io.RawIOBase):
    """A read-only stream that gives back ``head`` and then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buf))
        buf[:len(data)] = data
        return len(data)


def _peek(stream: BinaryIO) -> tuple[bytes, BinaryIO]:
    """Read the first bytes of a stream and return them with a stream that starts over."""
    head = stream.read(_HEAD)
    return head, io.BufferedReader(_Prefixed(head, stream), buffer_size=65536)


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | int]:
    """Lines of a stream; a line longer than ``limit`` is skipped and its length given instead."""
    while True:
        line = stream.readline(limit)
        if not line:
            return
        if len(line) < limit or line.endswith(b"\n"):
            yield line
            continue
        skipped = len(line)
        while True:
            more = stream.readline(1 << 20)
            skipped += len(more)
            if not more or more.endswith(b"\n"):
                break
        yield skipped


def _valid(items: Iterable[RawDocument | Reject]) -> Iterator[RawDocument | Reject]:
    """Every value made valid where it enters (``tacitus.sanitize``): no lone
    surrogate or control character, bounded fields, a sane date; one-line rejects."""
    for item in items:
        if isinstance(item, Reject):
            yield sanitize_reject(item)
            continue
        had_text = bool(item.text.strip())
        item = sanitize(item)
        if item.text.strip():
            yield item
        else:
            yield sanitize_reject(Reject(item.source, "no text but control characters" if had_text else "no text"))


def read_stream(source: str, name: str, stream: BinaryIO, *, size: int | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES, tz: str | None = None) -> Iterator[RawDocument | Reject]:
    """Read one input stream of any supported format; ``name`` guides the sniffing.
    ``tz`` is the time zone of a Telegram export's channel (see ``tacitus.read.telegram``)."""
    return _valid(_guarded(source, _read_stream(source, name, stream, size=size, max_bytes=max_bytes, tz=tz)))


def _guarded(source: str, items: Iterator[RawDocument | Reject]) -> Iterator[RawDocument | Reject]:
    """``items``; a reader's exception ends them with a reject, never a crash."""
    try:
        yield from items
    except (OSError, EOFError, zlib.error) as exc:
        yield Reject(source, f"cannot read ({type(exc).__name__}: {str(exc)[:80]})")
    except Exception as exc:  # noqa: BLE001 - a reader's bug costs this input, never the run
        yield Reject(source, _reader_failed(exc))


def _read_stream(source: str, name: str, stream: BinaryIO, *, size: int | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, tz: str | None = None) -> Iterator[RawDocument | Reject]:
    head, stream = _peek(stream)
    if not head.strip():
        yield Reject(source, "empty file")
        return
    if head.startswith(GZIP_MAGIC):
        try:
            stream = gzip.GzipFile(fileobj=stream, mode="rb")
            head, stream = _peek(stream)
        except (OSError, EOFError, zlib.error) as exc:
            yield Reject(source, f"damaged gzip file ({exc})")
            return
        name = name[:-3] if name.lower().endswith(".gz") else name
        size = None
        if not head.strip():
            yield Reject(source, "empty file")
            return
    kind = binary_kind(head)
    if kind:
        yield Reject(source, f"binary file (looks like {kind})")
        return
    fmt = sniff_format(name, head)
    if fmt == "warc":
        yield from read_warc(source, stream, max_bytes)
        return
    if fmt == "jsonl":
        yield from read_jsonl(source, _bounded_lines(stream, max_bytes + 2048), max_bytes)
        return
    if fmt == "telegram":
        limit = max_bytes * TELEGRAM_EXPORT_FACTOR
        data = stream.read(limit + 1)
        if len(data) > limit:
            yield Reject(source, f"Telegram export is over the {limit / 2**20:g} MB limit")
            return
        yield from read_telegram_json(source, data, max_bytes, tz)
        return
    if size is not None and size > max_bytes:
        yield Reject(source, _over(size, max_bytes))
        return
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Reject(source, f"document is over the {max_bytes / 2**20:g} MB limit")
        return
    if fmt == "json":
        yield from read_json_array(source, data, max_bytes)
        return
    if fmt == "feed":
        yield from read_feed(source, data)
        return
    decoded = decode_bytes(data)
    if decoded is None:
        yield Reject(source, f"cannot decode text as {ENCODINGS_TRIED}")
        return
    text = decoded[0]
    if fmt == "telegram-html":
        yield from read_telegram_html(source, text, tz)
        return
    if fmt == "html":
        yield read_html(source, text)
    else:
        yield parse_text(source, text)


_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_URL_HINT = (" (a URL? tacitus reads files and never fetches: save the page first,"
             " e.g. curl -o page.html URL, then ingest page.html)")


def read_path(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, tz: str | None = None
              ) -> Iterator[RawDocument | Reject]:
    """Read one file (not a directory); every failure becomes a Reject."""
    return _valid(_read_path(path, max_bytes=max_bytes, tz=tz))


def _read_path(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, tz: str | None = None
               ) -> Iterator[RawDocument | Reject]:
    try:
        size = os.path.getsize(path)
        if size == 0:
            yield Reject(path, "empty file")
            return
        with open(path, "rb") as fh:
            yield from _read_stream(path, os.path.basename(path), fh, size=size, max_bytes=max_bytes, tz=tz)
    except FileNotFoundError:
        yield Reject(path, "no such file or directory")
    except PermissionError:
        yield Reject(path, "permission denied")
    except IsADirectoryError:
        yield Reject(path, "is a directory")
    except (OSError, EOFError, zlib.error) as exc:
        yield Reject(path, f"cannot read ({type(exc).__name__}: {str(exc)[:80]})")
    except Exception as exc:  # noqa: BLE001 - a reader's bug costs this file, never the run
        yield Reject(path, _reader_failed(exc))


def _reader_failed(exc: BaseException) -> str:
    return f"reader failed ({type(exc).__name__}: {str(exc)[:80]})"


def _walk(directory: str, seen: set[str] | None = None) -> Iterator[str]:
    """Files under ``directory``, recursively, in name order (a sub-directory where
    its name sorts), hidden names skipped, symlink loops followed once."""
    seen = set() if seen is None else seen
    real = os.path.realpath(directory)
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted((e for e in os.scandir(directory) if not e.name.startswith(".")),
                         key=lambda e: e.name)
    except OSError:
        yield directory  # read_path turns the failure into a Reject
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=True):
            yield from _walk(entry.path, seen)
        else:
            yield entry.path


def iter_inputs(paths: Iterable[str], *, stdin: BinaryIO | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES, tz: str | None = None) -> Iterator[RawDocument | Reject]:
    """Stream RawDocuments (or Rejects with a reason) from files, directories and ``-``.

    ``stdin`` is the binary stream read for ``-`` (default ``sys.stdin.buffer``);
    a text stream is accepted too.  ``max_bytes`` caps the size of one document.
    ``tz`` is the time zone of Telegram exports' channels (``tacitus.read.telegram``).
    Every value is valid Unicode without control characters (``tacitus.sanitize``).
    """
    return _valid(_iter_inputs(paths, stdin=stdin, max_bytes=max_bytes, tz=tz))


def _iter_inputs(paths: Iterable[str], *, stdin: BinaryIO | None, max_bytes: int,
                 tz: str | None) -> Iterator[RawDocument | Reject]:
    for path in paths:
        path = str(path)
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            if isinstance(stream, io.TextIOBase):
                stream = getattr(stream, "buffer", None) or io.BytesIO(stream.read().encode("utf-8"))
            try:
                yield from _read_stream("<stdin>", "", stream, max_bytes=max_bytes, tz=tz)
            except (OSError, EOFError, zlib.error) as exc:
                yield Reject("<stdin>", f"cannot read ({type(exc).__name__})")
            except Exception as exc:  # noqa: BLE001 - as in _read_path
                yield Reject("<stdin>", _reader_failed(exc))
        elif os.path.isdir(path):
            for file in _walk(path):
                yield from _read_path(file, max_bytes=max_bytes, tz=tz)
        elif not os.path.exists(path):
            yield Reject(path, "no such file or directory" + (_URL_HINT if _URL.match(path) else ""))
        else:
            yield from _read_path(path, max_bytes=max_bytes, tz=tz)
