"""A fetched page's bytes as text: its declared charset, read as browsers read it."""

from __future__ import annotations

import re

# The WHATWG encoding standard reads these labels as their supersets, as every browser does.
_CHARSET_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "iso-8859-1": "cp1252", "latin1": "cp1252",
                      "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254",
                      "tis-620": "cp874", "ks_c_5601-1987": "cp949", "euc-kr": "cp949", "shift_jis": "cp932"}


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """A fetched page as text: the charset from Content-Type, else from a <meta> tag, else UTF-8 (never raises).

    A page whose bytes are not in the charset it declares but are valid UTF-8 is read as UTF-8 (pages are
    often re-saved as UTF-8 and keep their old meta tag).
    """
    charset = None
    if content_type:
        declared = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
        charset = declared.group(1) if declared else None
    if not charset:
        meta = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", data[:4096], re.IGNORECASE)
        charset = meta.group(1).decode("ascii", "replace") if meta else None
    charset = _CHARSET_SUPERSETS.get((charset or "utf-8").lower(), charset or "utf-8")
    try:
        return data.decode(charset)
    except LookupError:
        charset = "utf-8"
    except UnicodeDecodeError:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return data.decode(charset, "replace")
