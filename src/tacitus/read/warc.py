"""WARC archives: HTML response records go through the HTML reader.

The source of each report is the record's ``WARC-Target-URI``.  Records
other than HTML responses (requests, metadata, images) are skipped quietly;
an archive that holds no HTML response is rejected.
"""
from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import redirect_stderr
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from tacitus.model import RawDocument, Reject
from tacitus.read.decode import ENCODINGS_TRIED, decode_bytes
from tacitus.read.html import read_html

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.-]+)", re.IGNORECASE)


# warcio logs (an invalid target URI) and writes to stderr (a record whose length is
# wrong, a gzip member cut short) while it reads on regardless; the user gets one
# line per rejected input, ours, so both are kept off the terminal
logging.getLogger("warcio").addHandler(logging.NullHandler())


def _muted():
    return redirect_stderr(io.StringIO())


def read_warc(source: str, stream: BinaryIO, max_bytes: int) -> Iterator[RawDocument | Reject]:
    """Yield a RawDocument (or Reject) per HTML response record of a WARC stream."""
    found = 0
    try:
        with _muted():
            records = iter(ArchiveIterator(stream))
        while True:
            with _muted():
                record = next(records, None)
                if record is None:
                    break
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower():
                    continue
                found += 1
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{found}"
                body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield Reject(uri, f"document is over the {max_bytes / 2**20:g} MB limit")
                continue
            m = _CHARSET.search(ctype)
            decoded = decode_bytes(body, m.group(1) if m else None)
            if decoded is None:
                yield Reject(uri, f"cannot decode text as {ENCODINGS_TRIED}")
                continue
            yield read_html(uri, decoded[0], url=uri)
    except Exception as exc:  # warcio raises several kinds on a damaged archive
        yield Reject(source, f"damaged WARC archive ({type(exc).__name__}: {str(exc)[:60]})")
        return
    if not found:
        yield Reject(source, "WARC archive has no HTML response records")
