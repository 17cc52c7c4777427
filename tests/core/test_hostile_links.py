"""Only http(s) and mailto links may be opened: reader.core.safe.is_openable_url."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.safe import is_openable_url

OPENABLE = [
    "https://news.example/2026/03/ferry-fares/",
    "http://news.example/",
    "HTTPS://NEWS.EXAMPLE/Upper",
    "Http://news.example:8080/path?q=1&r=2#frag",
    "https://user@news.example/",
    "https://[2001:db8::1]/feed",
    "https://xn--caf-dma.example/",
    "https://news.example/%E2%80%AE",  # a percent-encoded bidi character is inert text in a URL
    "mailto:tips@news.example",
    "MAILTO:tips@news.example?subject=Story",
]

NEVER = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "JAVASCRIPT:alert(document.cookie)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "\x00javascript:alert(1)",
    "javascript\x00:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "\u202ejavascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    " data:text/html,x",
    "file:///etc/passwd",
    "FILE:///C:/Windows/win.ini",
    "file://localhost/etc/passwd",
    "ftp://news.example/file",
    "ftps://news.example/file",
    "sftp://news.example/",
    "ssh://news.example/",
    "smb://server/share",
    "gopher://news.example/",
    "news:comp.lang.python",
    "tel:+15550100",
    "sms:+15550100",
    "x-apple.systempreferences:com.apple",
    "ms-msdt:/id PCWDiagnostic",
    "search-ms:query=x",
    "about:blank",
    "chrome://settings",
    "blob:https://news.example/uuid",
    "intent://scan/#Intent;scheme=zxing;end",
    "/relative/path",
    "relative/path",
    "//news.example/protocol-relative",
    "?q=1",
    "#fragment",
    "",
    " ",
    "https:",
    "https:news.example",
    "https:/news.example",
    "https:///news.example",
    "https://",
    "http:\\\\news.example\\path",
    "https:\\/\\/news.example",
    " https://news.example/",
    "https://news.example/ ",
    "\thttps://news.example/",
    "https://news.example/\n",
    "https://news.example/a b",
    "https://news.example/\x1b[2J",
    "https://news.example/\x1b]52;c;cm0gLXJmIH4=\x07",
    "https://news.example/\u009b31m",
    "https://news.example/\u202egnp.exe",
    "https://news.example/\u2066x\u2069",
    "https://news.example/\x7f",
    "\ufeffhttps://news.example/",
    "\uff48\uff54\uff54\uff50\uff53://news.example/",  # full-width "https"
    "https\u200b://news.example/",
    "mailto:",
    "mailto: tips@news.example",
]


@pytest.mark.parametrize("url", OPENABLE)
def test_http_https_and_mailto_open(url: str) -> None:
    assert is_openable_url(url)


@pytest.mark.parametrize("url", NEVER, ids=[repr(u)[1:-1][:40] or "empty" for u in NEVER])
def test_everything_else_never_opens(url: str) -> None:
    assert not is_openable_url(url)


def test_non_strings_never_open() -> None:
    for value in (None, b"https://news.example/", 42, ["https://news.example/"]):
        assert not is_openable_url(value)  # type: ignore[arg-type]


def test_very_long_urls_do_not_open() -> None:
    assert not is_openable_url("https://news.example/" + "a" * 100_000)


_SCHEMES = st.sampled_from(["javascript", "vbscript", "data", "file", "ftp", "about", "blob", "jar", "view-source"])


@settings(max_examples=200, deadline=None)
@given(
    scheme=_SCHEMES,
    case=st.lists(st.booleans(), min_size=12, max_size=12),
    pad=st.sampled_from(["", " ", "\t", "\n", "\x00", "\x0b", "\x0c", "\r", "\u00a0", "\u3000"]),
    rest=st.text(max_size=40),
)
def test_no_case_or_padding_makes_another_scheme_openable(scheme: str, case: list[bool], pad: str, rest: str) -> None:
    mixed = "".join(c.upper() if up else c for c, up in zip(scheme, case * 2, strict=False))
    for url in (f"{pad}{mixed}:{rest}", f"{mixed}{pad}:{rest}", f"{mixed}:{pad}{rest}", f"{mixed}://{rest}"):
        assert not is_openable_url(url), url


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_whatever_opens_is_plainly_http_https_or_mailto(url: str) -> None:
    if is_openable_url(url):
        assert url.lower().startswith(("http://", "https://", "mailto:"))
        assert url == url.strip() and url.isprintable()
