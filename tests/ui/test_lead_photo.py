"""Lead photos in the reading view (textual-image's half-block widget, as on any terminal): the text comes first,
the photo after it from a real loopback server; broken ones are a one-line placeholder; i hides and shows them."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from textual_image.widget import HalfcellImage

from reader.app import ReaderApp
from reader.core.library import Library, make_library
from reader.core.models import LeadImage, Reading
from reader.core.storage import Storage
from reader.screens.reading import ReadingScreen
from reader.widgets.lead_photo import LeadPhotoView
from tests.httpserver import LoopbackServer
from tests.ui.conftest import make_app, settle
from tests.ui.fixture_library import Story, _store

TEXT = "The harbor ferry will run until 1 a.m. on weekends starting in July, the transit agency said."


def gradient(size: tuple[int, int] = (480, 270)) -> bytes:
    """An original test picture: sky, sea and a sandbar, in colours half-blocks show plainly."""
    image = Image.new("RGB", size)
    width, height = size
    pixels = image.load()
    assert pixels is not None
    for y in range(height):
        for x in range(width):
            if y < height * 0.45:
                pixels[x, y] = (90 + y * 100 // height, 150 + y * 80 // height, 230)
            elif y < height * 0.8:
                pixels[x, y] = (20, 70 + x * 60 // width, 120 + x * 40 // width)
            else:
                pixels[x, y] = (220, 200 - (x % 40), 140)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def photo_library(data_dir: Path, image_url: str) -> Library:
    storage = Storage(data_dir / "library.sqlite")
    reading = Reading(
        text=f"{TEXT}\n\nRiders have asked for later boats for years.",
        image=LeadImage(image_url, caption="The 11:40 p.m. boat leaves Pier 3.", credit="Ana Ruiz / Beacon"),
    )
    _store(storage, "https://beacon.example/rss", "Harbor City Beacon",
           [Story("Harbor ferry adds late-night runs", 5, "Ana Ruiz", reading, "https://beacon.example/ferry")],
           "beacon")
    storage.close()
    return make_library(data_dir / "library.sqlite")


@pytest.fixture
def photo_app(tmp_path: Path, http_server: LoopbackServer) -> Iterator[tuple[ReaderApp, LoopbackServer]]:
    url = http_server.route("/ferry.jpg", body=gradient(), headers={"Content-Type": "image/jpeg"}, delay=0.6)
    lib = photo_library(tmp_path / "lib", url)
    yield make_app(tmp_path / "lib", lib, image_widget=HalfcellImage), http_server
    lib.close()


async def test_the_text_paints_first_then_the_photo_arrives(photo_app: tuple[ReaderApp, LoopbackServer]) -> None:
    app, server = photo_app
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        started = time.monotonic()
        reading = app.screen
        assert isinstance(reading, ReadingScreen)
        photo = reading.article_view.photo
        text_seen = photo_seen = None
        while time.monotonic() - started < 20 and photo_seen is None:
            await pilot.pause(0.01)
            if text_seen is None and TEXT in reading.article_view.body_text:
                text_seen = time.monotonic()
                assert photo.drawn is None and photo.status_text == "Loading the photo…"  # the text did not wait
                assert photo.caption_text == "The 11:40 p.m. boat leaves Pier 3. · Photo: Ana Ruiz / Beacon"
            if photo.drawn is not None and photo.drawn.region.height > 0:  # mounted and laid out
                photo_seen = time.monotonic()
        assert text_seen is not None and photo_seen is not None and text_seen < photo_seen
        assert isinstance(photo.drawn, HalfcellImage) and photo.drawn.region.height > 5
        assert photo.status_text == "" and TEXT in reading.article_view.body_text
        assert server.hits("/ferry.jpg") == 1


async def test_i_hides_and_shows_the_photo(photo_app: tuple[ReaderApp, LoopbackServer]) -> None:
    app, server = photo_app
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        photo = app.screen.query_one(LeadPhotoView)
        assert photo.drawn is not None
        await pilot.press("i")
        await settle(pilot)
        assert photo.drawn is None and photo.status_text == "Photo hidden · i shows it"
        await pilot.press("i")
        await settle(pilot)
        assert photo.drawn is not None and server.hits("/ferry.jpg") == 1  # the second time from the disk cache


async def test_a_broken_photo_is_a_one_line_placeholder(tmp_path: Path, http_server: LoopbackServer) -> None:
    url = http_server.route("/x.jpg", body=b"<html>gone</html>", headers={"Content-Type": "text/html"})
    lib = photo_library(tmp_path / "lib", url)
    app = make_app(tmp_path / "lib", lib, image_widget=HalfcellImage)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            photo = app.screen.query_one(LeadPhotoView)
            assert photo.drawn is None
            assert photo.status_text == "Photo not shown: not an image (the server sent text/html)"
            assert TEXT in app.screen.query_one("#article").body_text  # type: ignore[attr-defined]
    finally:
        lib.close()


async def test_with_images_off_nothing_is_fetched_and_i_says_how_to_turn_them_on(
    tmp_path: Path, http_server: LoopbackServer
) -> None:
    url = http_server.route("/ferry.jpg", body=gradient(), headers={"Content-Type": "image/jpeg"})
    lib = photo_library(tmp_path / "lib", url)
    app = make_app(tmp_path / "lib", lib)  # no image widget: images = "off" or --no-images
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            photo = app.screen.query_one(LeadPhotoView)
            assert not photo.has_class("-shown") and http_server.hits("/ferry.jpg") == 0
            await pilot.press("i")
            await pilot.pause()
            assert any("Lead photos are off" in n.message for n in app._notifications)
    finally:
        lib.close()


async def test_quitting_while_a_photo_is_on_its_way_does_not_wait_for_it(
    tmp_path: Path, http_server: LoopbackServer
) -> None:
    import threading

    url = http_server.route("/slow.jpg", body=gradient(), headers={"Content-Type": "image/jpeg"}, delay=30)
    lib = photo_library(tmp_path / "lib", url)
    app = make_app(tmp_path / "lib", lib, image_widget=HalfcellImage)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            deadline = time.monotonic() + 10
            while http_server.hits("/slow.jpg") == 0 and time.monotonic() < deadline:
                await pilot.pause(0.05)
            assert http_server.hits("/slow.jpg") == 1  # the fetch is under way, on the photo thread
            assert any(t.name.startswith("photos_") and t.is_alive() for t in threading.enumerate())
        quit_at = time.monotonic()
        while any(t.name.startswith("photos_") for t in threading.enumerate()) and time.monotonic() - quit_at < 10:
            time.sleep(0.05)
        # The photo's thread saw the app quit and left at once (a 30 s server never holds up quitting).
        assert not any(t.name.startswith("photos_") for t in threading.enumerate())
        assert time.monotonic() - quit_at < 10
    finally:
        lib.close()
