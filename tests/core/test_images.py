"""Lead photos from a real loopback server: what decodes is cached and bounded; hostile images are a reason, not a crash."""

from __future__ import annotations

import io
import os
import struct
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from reader.core.images import MAX_IMAGE_BYTES, MAX_SIDE, ImageCache
from reader.core.library import Library, make_library
from reader.core.models import ParsedEntry, ParsedFeed
from reader.core.storage import Storage
from tests.httpserver import LoopbackServer


def picture(fmt: str, size: tuple[int, int] = (320, 200), color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("P", (40, 30), i) for i in (10, 200)]
    frames[0].putpalette([v for i in range(256) for v in ((0, 0, 255) if i == 10 else (255, 255, 0))])
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width x height pixels (a decompression bomb's header) with almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def library_for(tmp_path: Path, feed_url: str, cache_mb: int = 200) -> tuple[Library, int]:
    storage = Storage(tmp_path / "lib.sqlite")
    feed_id, _ = storage.add_feed(feed_url, "Photos")
    entry = ParsedEntry(key="a", title="A story", url=None, author=None, published=datetime(2026, 6, 1, tzinfo=UTC),
                        updated=None, summary=None, content="<p>Text.</p>")
    storage.store_feed(feed_id, ParsedFeed("Photos", None, (entry,)), etag=None, last_modified=None)
    article_id = storage.articles()[0].id
    storage.close()
    return make_library(tmp_path / "lib.sqlite", cache_dir=tmp_path / "cache", image_cache_mb=cache_mb), article_id


@pytest.fixture
def web(tmp_path: Path, http_server: LoopbackServer) -> tuple[Library, int, LoopbackServer]:
    lib, article_id = library_for(tmp_path, http_server.url("/feed"))
    yield lib, article_id, http_server
    lib.close()


@pytest.mark.parametrize("fmt,kind", [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")])
def test_a_photo_is_fetched_decoded_and_cached(web: tuple[Library, int, LoopbackServer], fmt: str, kind: str) -> None:
    lib, article_id, server = web
    url = server.route(f"/p.{fmt.lower()}", body=picture(fmt), headers={"Content-Type": kind})
    photo = lib.lead_photo(article_id, url)
    assert photo.error is None and photo.path is not None
    assert (photo.width, photo.height) == (320, 200)
    with Image.open(photo.path) as cached:
        assert cached.format == "JPEG" and cached.size == (320, 200)
        red, green, _ = cached.convert("RGB").getpixel((10, 10))
        assert red > 150 and green < 80
    again = lib.lead_photo(article_id, url)
    assert again.path == photo.path and server.hits(f"/p.{fmt.lower()}") == 1  # the second time, from disk


def test_a_gif_shows_its_first_frame(web: tuple[Library, int, LoopbackServer]) -> None:
    lib, article_id, server = web
    url = server.route("/anim.gif", body=animated_gif(), headers={"Content-Type": "image/gif"})
    photo = lib.lead_photo(article_id, url)
    assert photo.path is not None
    with Image.open(photo.path) as cached:
        red, green, blue = cached.convert("RGB").getpixel((5, 5))
    assert blue > 150 and red < 80  # the first frame is blue, the second yellow


def test_a_big_photo_is_kept_at_a_bounded_size(web: tuple[Library, int, LoopbackServer]) -> None:
    lib, article_id, server = web
    url = server.route("/big.jpg", body=picture("JPEG", (4000, 3000)), headers={"Content-Type": "image/jpeg"})
    photo = lib.lead_photo(article_id, url)
    assert photo.path is not None and max(photo.width, photo.height) <= MAX_SIDE
    assert photo.width / photo.height == pytest.approx(4 / 3, rel=0.02)


HOSTILE = {
    "truncated": (lambda: picture("JPEG", (800, 600))[:2000], "image/jpeg", "broken image"),
    "bomb": (lambda: png_header_only(20_000, 20_000), "image/png", "too large"),
    "html labelled jpeg": (lambda: b"<html><body>Not found</body></html>", "image/jpeg", "not a JPEG, PNG"),
    "png labelled html": (lambda: picture("PNG"), "text/html; charset=utf-8", "not an image (the server sent text/html)"),
    "svg": (lambda: b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>x</script></svg>',
            "image/svg+xml", "SVG"),
    "svg without a type": (lambda: b'<svg xmlns="http://www.w3.org/2000/svg"/>', "", "SVG"),
    "bmp": (lambda: picture("BMP"), "image/bmp", "not a JPEG, PNG"),
    "empty": (lambda: b"", "image/jpeg", ""),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_images_give_a_reason_never_a_crash(web: tuple[Library, int, LoopbackServer], name: str) -> None:
    lib, article_id, server = web
    make, kind, reason = HOSTILE[name]
    url = server.route("/evil", body=make(), headers={"Content-Type": kind} if kind else {})
    started = time.perf_counter()
    photo = lib.lead_photo(article_id, url)
    assert photo.path is None and photo.error
    assert reason.lower() in photo.error.lower()
    assert time.perf_counter() - started < 10  # the bomb is refused from its header, not decoded
    assert not list((lib.cache_dir / "images").glob("*.jpg"))


def test_a_broken_image_is_not_asked_for_again_soon(web: tuple[Library, int, LoopbackServer]) -> None:
    lib, article_id, server = web
    url = server.route("/svg", body=b"<svg/>", headers={"Content-Type": "image/svg+xml"})
    first = lib.lead_photo(article_id, url)
    second = lib.lead_photo(article_id, url)
    assert first.error == second.error and server.hits("/svg") == 1


def test_an_image_over_the_cap_is_refused_without_reading_it_all(web: tuple[Library, int, LoopbackServer]) -> None:
    lib, article_id, server = web
    url = server.route("/huge.jpg", body=lambda: iter([b"\xff" * 65536] * 200), headers={"Content-Type": "image/jpeg"},
                       chunked=True)
    photo = lib.lead_photo(article_id, url)
    assert photo.path is None and photo.error and str(MAX_IMAGE_BYTES // (1024 * 1024)) in photo.error


def test_an_image_that_redirects_to_a_local_file_is_refused(web: tuple[Library, int, LoopbackServer],
                                                            tmp_path: Path) -> None:
    lib, article_id, server = web
    secret = tmp_path / "secret.png"
    secret.write_bytes(picture("PNG"))
    url = server.route("/moved", status=302, headers={"Location": secret.as_uri()})
    photo = lib.lead_photo(article_id, url)
    assert photo.path is None and photo.error and "non-http(s)" in photo.error
    direct = lib.lead_photo(article_id, secret.as_uri())  # a web feed naming a local file is refused too
    assert direct.path is None and direct.error == "not a web address"


def test_a_slow_image_server_times_out_with_a_reason(tmp_path: Path, http_server: LoopbackServer) -> None:
    from reader.core.fetch import Fetcher, FetchLimits

    storage_lib, article_id = library_for(tmp_path, http_server.url("/feed"))
    storage_lib.close()
    lib = make_library(tmp_path / "lib.sqlite", Fetcher(FetchLimits(deadline=0.5, read_timeout=0.5)),
                       cache_dir=tmp_path / "cache")
    try:
        url = http_server.route("/slow.jpg", body=picture("JPEG"), headers={"Content-Type": "image/jpeg"}, delay=3)
        photo = lib.lead_photo(article_id, url)
        assert photo.path is None and photo.error
    finally:
        lib.close()


def test_a_local_feed_may_show_a_local_photo(tmp_path: Path) -> None:
    image = tmp_path / "photo.jpg"
    image.write_bytes(picture("JPEG"))
    lib, article_id = library_for(tmp_path, (tmp_path / "feed.xml").as_uri())
    try:
        photo = lib.lead_photo(article_id, image.as_uri())
        assert photo.error is None and photo.path is not None
    finally:
        lib.close()


def test_the_cache_keeps_to_its_bound_least_recently_used_first(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "images", max_bytes=250_000)
    blob = os.urandom(100_000)
    cache.put("https://x.example/1.jpg", blob)
    cache.put("https://x.example/2.jpg", blob)
    first = cache._path("https://x.example/1.jpg", ".jpg")
    second = cache._path("https://x.example/2.jpg", ".jpg")
    old = time.time() - 100
    os.utime(second, (old, old))  # 2 was used longer ago than 1
    cache.put("https://x.example/3.jpg", blob)  # over the bound: the least recently used goes
    assert first.exists() and not second.exists() and cache.size() <= 250_000


def test_the_reading_takes_the_feed_image_when_the_item_names_one(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "lib.sqlite")
    feed_id, _ = storage.add_feed("https://news.example/feed", "News")
    when = datetime(2026, 6, 1, tzinfo=UTC)
    figure = ('<figure><img src="https://news.example/{}.jpg"><figcaption>The pier at dawn.</figcaption></figure>'
              "<p>Body text of the story goes on.</p>")
    entries = (
        ParsedEntry(key="a", title="Media wins", url=None, author=None, published=when, updated=None, summary=None,
                    content=figure.format("figure"), image="https://news.example/media.jpg"),
        ParsedEntry(key="b", title="Same picture", url=None, author=None, published=when, updated=None, summary=None,
                    content=figure.format("media"), image="https://news.example/media.jpg"),
        ParsedEntry(key="c", title="Figure only", url=None, author=None, published=when, updated=None, summary=None,
                    content=figure.format("figure")),
    )
    storage.store_feed(feed_id, ParsedFeed("News", None, entries), etag=None, last_modified=None)
    storage.close()
    lib = make_library(tmp_path / "lib.sqlite")
    try:
        images = {a.title: lib.article(a.id).reading.image for a in lib.articles()}  # type: ignore[union-attr]
        assert images["Media wins"] is not None and images["Media wins"].url == "https://news.example/media.jpg"
        assert images["Same picture"] is not None and images["Same picture"].caption == "The pier at dawn."
        assert images["Figure only"] is not None and images["Figure only"].url == "https://news.example/figure.jpg"
        # A cached reading gets it too (the feed's image is applied as the article is shown).
        again = {a.title: lib.article(a.id).reading.image for a in lib.articles()}  # type: ignore[union-attr]
        assert again == images
    finally:
        lib.close()
