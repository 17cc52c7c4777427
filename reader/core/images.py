"""Lead photos: fetched within the fetch limits, decoded by Pillow (the only PIL import) under its decompression-bomb
limit, and kept on disk as a bounded JPEG in an LRU cache. Anything broken or unsupported is a one-line reason."""

from __future__ import annotations

import hashlib
import io
import os
import time
import warnings
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.models import LeadPhoto
from reader.core.safe import one_line

if TYPE_CHECKING:
    from reader.core.fetch import FetchResult

__all__ = ["MAX_IMAGE_BYTES", "MAX_PIXELS", "ImageCache", "load_photo"]

MAX_IMAGE_BYTES = 5 * 1024 * 1024  # what one image may weigh on the wire (a news photo is 100 KB - 1 MB)
MAX_PIXELS = 24_000_000  # Pillow's bomb limit for us: a 6000x4000 camera frame; a 20,000x20,000 bomb is refused
MAX_SIDE = 1600  # what is kept: enough for Sixel or Kitty at full terminal width, small on disk
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
FAILURE_TTL = 3600.0  # a broken image is not asked for again within the hour

ImageFetcher = Callable[[str, int], "FetchResult"]  # (url, byte cap) → bytes; raises with a reason


class ImageError(Exception):
    """Why an image cannot be shown: one line for the placeholder."""


class ImageCache:
    """Decoded lead photos on disk, least recently used first out past `max_bytes`."""

    def __init__(self, directory: Path, max_bytes: int = 200 * 1024 * 1024) -> None:
        self.directory = directory
        self.max_bytes = max_bytes

    def _path(self, url: str, suffix: str) -> Path:
        return self.directory / (hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:40] + suffix)

    def get(self, url: str) -> LeadPhoto | None:
        path = self._path(url, ".jpg")
        try:
            os.utime(path)  # a hit is a use: the LRU order is the files' times
            with path.open("rb") as handle:
                width, height = _jpeg_size(handle.read(64 * 1024))
            return LeadPhoto(url=url, path=str(path), width=width, height=height)
        except (OSError, ValueError):
            pass
        failed = self._path(url, ".err")
        with suppress(OSError):
            if time.time() - failed.stat().st_mtime < FAILURE_TTL:
                return LeadPhoto(url=url, error=failed.read_text("utf-8", "replace")[:300] or "cannot be shown")
        return None

    def put(self, url: str, jpeg: bytes) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self._path(url, ".jpg")
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(jpeg)
        os.replace(partial, path)  # readers never see half a file
        self._path(url, ".err").unlink(missing_ok=True)
        self.trim()
        return path

    def fail(self, url: str, reason: str) -> None:
        with suppress(OSError):
            self.directory.mkdir(parents=True, exist_ok=True)
            self._path(url, ".err").write_text(reason, "utf-8")

    def size(self) -> int:
        return sum(entry.stat().st_size for entry in self._entries())

    def _entries(self) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(self.directory) as listing:
                return [e for e in listing if e.is_file() and e.name.endswith((".jpg", ".err"))]
        except OSError:
            return []

    def trim(self) -> int:
        """Remove the least recently used photos until the cache is within its bound; returns how many went."""
        entries = [(e.stat().st_mtime, e.stat().st_size, e.path) for e in self._entries()]
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            with suppress(OSError):
                os.unlink(path)
                total -= size
                removed += 1
        return removed


def _jpeg_size(head: bytes) -> tuple[int, int]:
    """Width and height from a JPEG's start-of-frame marker (what we wrote), without decoding it."""
    i = 2
    while i + 9 < len(head):
        if head[i] != 0xFF:
            raise ValueError("not a JPEG")
        marker = head[i + 1]
        length = int.from_bytes(head[i + 2 : i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return int.from_bytes(head[i + 7 : i + 9], "big"), int.from_bytes(head[i + 5 : i + 7], "big")
        i += 2 + length
    raise ValueError("no frame header")


def decode(data: bytes, content_type: str | None) -> tuple[bytes, int, int]:
    """An image's bytes → (a JPEG of at most MAX_SIDE a side, width, height); raises ImageError with the reason."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if "svg" in kind or data.lstrip()[:5] in (b"<svg ", b"<?xml"):
        raise ImageError("an SVG drawing (only photos are shown: JPEG, PNG, WebP, GIF)")
    if kind and not kind.startswith("image/") and kind not in ("application/octet-stream", "binary/octet-stream"):
        raise ImageError(f"not an image (the server sent {kind[:60]})")
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Above MAX_PIXELS Pillow only warns (it raises at twice that): both are a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise ImageError(f"too large ({opened.width}x{opened.height} pixels)")
                opened.seek(0)  # a GIF's first frame
                if opened.format == "JPEG":
                    opened.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at a reduced scale: less time, less memory
                opened.load()
                image = opened.convert("RGB")
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(f"too large to decode safely ({one_line(exc, 120)})") from exc
    except UnidentifiedImageError as exc:
        raise ImageError("not a JPEG, PNG, WebP or GIF image") from exc
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        raise ImageError(f"broken image ({one_line(exc, 120)})") from exc
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue(), image.width, image.height


def load_photo(url: str, fetch: ImageFetcher, cache: ImageCache) -> LeadPhoto:
    """The photo at `url`, from the cache or fetched and decoded into it; an `error` says why it cannot be shown."""
    cached = cache.get(url)
    if cached is not None:
        return cached
    try:
        fetched = fetch(url, MAX_IMAGE_BYTES)
        jpeg, width, height = decode(fetched.content, fetched.content_type)
    except ImageError as exc:
        reason = str(exc)
        cache.fail(url, reason)
        return LeadPhoto(url=url, error=reason)
    except Exception as exc:  # a fetch failure (FetchError, LibraryError): said as it is, and tried again next time
        return LeadPhoto(url=url, error=one_line(exc, 200) or type(exc).__name__)
    path = cache.put(url, jpeg)
    return LeadPhoto(url=url, path=str(path), width=width, height=height)
