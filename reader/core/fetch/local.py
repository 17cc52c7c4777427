"""A file:// URL read as a fetch: regular files only, under the same size cap."""

from __future__ import annotations

import mimetypes
import os
import stat

from reader.core.fetch.errors import FetchError, _too_big
from reader.core.fetch.records import FetchResult
from reader.core.fetch.urls import _path_to_uri, _uri_to_path


def _read_local(url: str, cap: int) -> FetchResult:
    path = _uri_to_path(url)
    try:
        info = os.stat(path)
        # A FIFO or device would block or never end; only regular files are feeds.
        if stat.S_ISDIR(info.st_mode):
            raise FetchError(f"is a directory: {path}")
        if not stat.S_ISREG(info.st_mode):
            raise FetchError(f"not a regular file: {path}")
        with open(path, "rb") as handle:
            content = handle.read(cap + 1)
    except FileNotFoundError:
        raise FetchError(f"no such file: {path}") from None
    except PermissionError:
        raise FetchError(f"permission denied: {path}") from None
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:  # a NUL in the path
        raise FetchError(f"invalid file path {path!r}: {exc}") from None
    if len(content) > cap:
        raise _too_big(cap)
    if not content:
        raise FetchError(f"empty file: {path}")
    return FetchResult(
        url=_path_to_uri(path),
        status=200,
        content=content,
        content_type=mimetypes.guess_type(path)[0],
        etag=None,
        last_modified=None,
    )
