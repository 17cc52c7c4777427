"""A response body read under a size cap, counted on raw and inflated bytes, with gzip/deflate inflated in
bounded steps; and a small error body drained so its connection goes back to the pool."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

from reader.core.fetch.errors import FetchError, _too_big

if TYPE_CHECKING:
    import httpx  # only for annotations: httpx itself is imported by the session, when it first fetches

# An error body this small is read to its end so the connection goes back to the pool; a bigger one is dropped.
_DRAIN = 64 * 1024


class _Inflater:
    """Decodes gzip/deflate with output bounded per call, so a bomb stops after max_bytes + 1 bytes.

    httpx's own decoder inflates each 64 KB network chunk in one go (up to ~64 MB for zeros), which is
    why we ask httpx for raw bytes and decode here.
    """

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._gzip = encoding in ("gzip", "x-gzip")
        if not self._gzip and encoding != "deflate":
            raise FetchError(f"unsupported content encoding {encoding}")
        self._inflater: Any = zlib.decompressobj(16 + zlib.MAX_WBITS) if self._gzip else None
        self._head = b""  # deflate: the first bytes, until we know whether a zlib header is there

    def feed(self, data: bytes, out: bytearray, cap: int) -> None:
        if self._inflater is None:
            data = self._head + data
            if len(data) < 2:
                self._head = data
                return
            # RFC 9110 deflate is zlib-wrapped, but some servers send raw deflate: sniff the header.
            cmf, flg = data[0], data[1]
            zlib_header = cmf & 0x0F == 8 and (cmf * 256 + flg) % 31 == 0
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        while data:
            try:
                piece = self._inflater.decompress(data, cap + 1 - len(out))
            except zlib.error as exc:
                raise FetchError(f"corrupt {self._encoding} body") from exc
            out += piece
            if len(out) > cap:
                raise _too_big(cap)
            if not self._inflater.eof:
                data = self._inflater.unconsumed_tail
                continue
            data = self._inflater.unused_data
            if not (self._gzip and data[:2] == b"\x1f\x8b"):
                return  # trailing bytes after the stream are ignored, as browsers do
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # a further gzip member

    def finish(self) -> None:
        if self._inflater is None or not self._inflater.eof:
            raise FetchError(f"incomplete body ({self._encoding} data cut short)")


async def _drain(response: httpx.Response) -> None:
    """Read a small body to its end so httpx can put the connection back in the pool; drop a big one."""
    declared = response.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > _DRAIN:
        return
    received = 0
    async for chunk in response.aiter_raw():
        received += len(chunk)
        if received > _DRAIN:
            return


async def _read_body(response: httpx.Response, cap: int, *, allow_empty: bool = False) -> bytes:
    declared = response.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > cap:
        raise _too_big(cap)  # refuse before reading a byte
    encoding = response.headers.get("content-encoding", "").strip().lower()
    inflater = None if encoding in ("", "identity") else _Inflater(encoding)
    out = bytearray()
    received = 0
    async for raw in response.aiter_raw():
        received += len(raw)
        if received > cap:  # compressed bytes count too: a stream that inflates to nothing still ends
            raise _too_big(cap)
        if inflater is None:
            out += raw
            if len(out) > cap:
                raise _too_big(cap)
        else:
            inflater.feed(raw, out, cap)
    if inflater is not None and received:
        inflater.finish()
    if not out and not allow_empty:
        raise FetchError("empty body")
    return bytes(out)
