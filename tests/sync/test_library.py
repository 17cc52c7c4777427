"""The contract end to end: config.toml's [sync], `reader sync --json`, read/unread/bookmark, add/remove and refresh,
against the real Miniflux through both protocols (the same scenarios each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sync.device import Device
from tests.sync.feeds import item_title, rss
from tests.sync.miniflux_server import MinifluxServer
from tests.sync.users import MinifluxUser

pytestmark = pytest.mark.xdist_group("miniflux")

SHAPE = {
    "service": str,
    "status": str,
    "pulled": {"feeds", "articles", "states"},
    "pushed": {"read", "unread", "bookmarked", "unbookmarked", "subscribed", "unsubscribed"},
}


@pytest.fixture
def device(tmp_path: Path, user: MinifluxUser, service: str) -> Device:
    return Device.configure(tmp_path / "laptop", user, service)


def sync(device: Device) -> dict[str, object]:
    report = device.json("sync")
    assert set(report) == {"service", "status", "error", "pulled", "pushed"}
    assert set(report["pulled"]) == SHAPE["pulled"] and set(report["pushed"]) == SHAPE["pushed"]
    assert report["service"] == device.service and report["status"] == "ok" and report["error"] is None
    return report


def test_first_sync_lists_and_searches_every_article(device: Device, user: MinifluxUser) -> None:
    user.add_feed("harbor", range(1, 5), pages=True)
    user.add_feed("mill", range(1, 4))
    ids = user.ids()
    user.set_status(ids[:2], "read")
    user.set_starred([ids[2]], True)
    report = sync(device)
    assert report["pulled"] == {"feeds": 2, "articles": 7, "states": 0}
    assert report["pushed"] == dict.fromkeys(SHAPE["pushed"], 0)
    feeds = {f["title"]: f for f in device.json("feeds")}
    assert set(feeds) == {"harbor Gazette", "mill Gazette"}
    assert feeds["harbor Gazette"]["url"] == user.feed_urls[min(user.feed_urls)]
    assert (feeds["harbor Gazette"]["unread"], feeds["mill Gazette"]["unread"]) == (2, 3)
    assert device.flags() == device.server_flags()
    assert [b["title"] for b in device.json("bookmarks")] == [user.entry(ids[2])["title"]]
    hits = device.json("search", "bakery anniversary")
    assert {h["title"] for h in hits} == {item_title("harbor", 2), item_title("mill", 2)}


def test_articles_from_the_server_are_read_like_feed_items(device: Device, user: MinifluxUser) -> None:
    # The feed only sums each story up: the reading fetches the page, as for a feed fetched here.
    user.add_feed("harbor", range(1, 3), pages=True)
    sync(device)
    story = device.articles()[item_title("harbor", 1)]
    article = device.json("show", str(story["id"]))
    assert "Neighbors filled the hall on Tuesday evening" in article["text"]
    assert {"text", "speaker", "role"} <= set(article["quotes"][0])
    assert [(q["speaker"], q["role"]) for q in article["quotes"]] == [
        ("Marisol Vega", "president of the Harbor Street Neighbors Association")
    ]
    assert article["url"] == user.feed_host.url(f"/{user.username}/pages/harbor/1")


def test_local_changes_are_pushed_and_never_flipped_back(device: Device, user: MinifluxUser) -> None:
    user.add_feed("harbor", range(1, 7))
    user.set_status([user.id_of(item_title("harbor", 3))], "read")
    user.set_starred([user.id_of(item_title("harbor", 5))], True)
    user.age_entries()
    sync(device)
    by_title = device.articles()
    a, b, c, d, e = (str(by_title[item_title("harbor", n)]["id"]) for n in (1, 2, 3, 4, 5))
    device.ok("read", a, b)
    device.ok("unread", c)
    device.ok("bookmark", d)
    device.ok("unbookmark", e)
    mine = device.flags()
    report = sync(device)
    assert report["pushed"] == {
        "read": 2, "unread": 1, "bookmarked": 1, "unbookmarked": 1, "subscribed": 0, "unsubscribed": 0
    }
    assert device.server_flags() == mine == device.flags()
    again = sync(device)  # the pull after the push brings our own changes back: nothing flips
    assert again["pushed"] == dict.fromkeys(SHAPE["pushed"], 0) and again["pulled"]["states"] == 0
    assert device.flags() == mine


def test_changes_on_the_server_are_pulled(device: Device, user: MinifluxUser) -> None:
    user.add_feed("harbor", range(1, 6))
    user.age_entries()
    sync(device)
    ids = user.ids()
    user.set_status(ids[:2], "read")  # read on a phone
    user.set_starred([ids[3]], True)
    report = sync(device)
    assert report["pulled"]["states"] == 3 and report["pulled"]["articles"] == 0
    assert device.flags() == device.server_flags()
    assert sum(read for read, _ in device.flags().values()) == 2


def test_new_entries_and_feeds_from_elsewhere_are_pulled(device: Device, user: MinifluxUser) -> None:
    harbor = user.add_feed("harbor", range(1, 4))
    user.age_entries()
    sync(device)
    user.serve_feed("harbor", range(1, 6))
    user.refresh(harbor)
    mill = user.add_feed("mill", range(1, 3))  # subscribed on a phone
    report = sync(device)
    assert report["pulled"]["articles"] == 4 and report["pulled"]["feeds"] == 1
    assert len(device.articles()) == 7
    # Unsubscribed on the phone: gone here too, except what was bookmarked here.
    kept = device.articles()[item_title("mill", 1)]["id"]
    device.ok("bookmark", str(kept))
    user.api("DELETE", f"/v1/feeds/{mill}")
    report = sync(device)
    assert report["pulled"]["feeds"] == 1
    assert [f["title"] for f in device.json("feeds")] == ["harbor Gazette"]
    assert [b["title"] for b in device.json("bookmarks")] == [item_title("mill", 1)]


def test_a_feed_renamed_on_the_server_is_renamed_on_every_article_here(device: Device, user: MinifluxUser) -> None:
    harbor = user.add_feed("harbor", range(1, 4))
    sync(device)
    assert {a["feed"] for a in device.articles().values()} == {"harbor Gazette"}
    user.api("PUT", f"/v1/feeds/{harbor}", {"title": "Harbor Gazette Daily"})
    sync(device)
    assert [f["title"] for f in device.json("feeds")] == ["Harbor Gazette Daily"]
    assert {a["feed"] for a in device.articles().values()} == {"Harbor Gazette Daily"}


def test_mark_feed_read_both_ways(device: Device, user: MinifluxUser) -> None:
    harbor = user.add_feed("harbor", range(1, 121))
    mill = user.add_feed("mill", range(1, 4))
    user.age_entries()
    sync(device)
    feed_ids = {f["title"]: f["id"] for f in device.json("feeds")}
    assert device.ok("read", "--feed", str(feed_ids["harbor Gazette"])).out.strip() == "marked 120 read"
    with device.library() as library:
        result = library.sync()
    assert result.ok and result.pushed_read == 120
    assert result.requests <= 10  # one batch, not 120 requests
    assert {e["status"] for e in user.entries(feed_id=str(harbor))} == {"read"}
    assert {e["status"] for e in user.entries(feed_id=str(mill))} == {"unread"}
    user.api("PUT", f"/v1/feeds/{mill}/mark-all-as-read")  # on the phone
    assert sync(device)["pulled"]["states"] == 3
    assert {f["title"]: f["unread"] for f in device.json("feeds")} == {"harbor Gazette": 0, "mill Gazette": 0}


def test_offline_every_command_works_and_changes_wait(
    device: Device, user: MinifluxUser, miniflux: MinifluxServer
) -> None:
    user.add_feed("harbor", range(1, 4))
    user.age_entries()
    sync(device)
    first = device.articles()[item_title("harbor", 1)]["id"]
    ferry = user.serve_feed("ferry", range(1, 3))
    miniflux.stop_miniflux()
    try:
        device.ok("read", str(first))
        device.ok("bookmark", str(first))
        added = device.ok("add", ferry)  # fetched from its own site; subscribed on the server later
        assert "waits for the next sync" in added.err and "cannot connect" in added.err
        assert len(device.json("list")) == 5 and device.json("search", "bakery")
        failed = device.run("sync", "--json")
        assert failed.code == 1
        assert len(failed.err.strip().splitlines()) == 1 and "cannot connect" in failed.err
        assert failed.json()["status"] == "error" and "cannot connect" in failed.json()["error"]
        refreshed = device.run("refresh", "--json")
        assert refreshed.code == 1 and refreshed.json()[0]["status"] == "error"
        assert {r["feed"] for r in refreshed.json()[1:]} == {"ferry Gazette"}  # not on the server yet: fetched here
    finally:
        miniflux.start_miniflux()
    report = sync(device)
    assert (report["pushed"]["read"], report["pushed"]["bookmarked"], report["pushed"]["subscribed"]) == (1, 1, 1)
    assert device.server_flags()[item_title("harbor", 1)] == (True, True)
    assert ferry in {f["feed_url"] for f in user.api("GET", "/v1/feeds")}
    assert len(device.articles()) == 5  # the server's ferry entries matched the ones fetched here: no duplicates


def test_add_and_remove_subscribe_and_unsubscribe_on_the_server(device: Device, user: MinifluxUser) -> None:
    url = user.serve_feed("ferry", range(1, 4))
    added = device.ok("add", url, "--json").json()
    assert added["new"] == 3 and added["title"] == "ferry Gazette"
    assert [f["feed_url"] for f in user.api("GET", "/v1/feeds")] == [url]
    device.ok("read", str(device.articles()[item_title("ferry", 2)]["id"]))
    sync(device)
    assert len(device.articles()) == 3
    assert device.server_flags()[item_title("ferry", 2)] == (True, False)
    device.ok("remove", str(added["id"]))
    assert user.api("GET", "/v1/feeds") == []
    report = sync(device)
    assert report["pulled"]["feeds"] == 0 and device.json("feeds") == []


def test_refresh_syncs_and_fetches_the_feeds_the_server_lacks(
    device: Device, user: MinifluxUser, tmp_path: Path
) -> None:
    user.add_feed("harbor", range(1, 3))
    local = tmp_path / "pantry.xml"
    local.write_bytes(rss("pantry", range(1, 3)))
    device.ok("add", str(local))  # a file: the server cannot have it
    results = device.json("refresh")
    assert results[0]["feed"] == f"sync ({device.service})" and results[0]["status"] == "ok"
    assert results[0]["new"] == 2
    assert [r["feed"] for r in results[1:]] == ["pantry Gazette"]
    assert {f["title"] for f in device.json("feeds")} == {"harbor Gazette", "pantry Gazette"}
    assert [f["feed_url"] for f in user.api("GET", "/v1/feeds")] == [user.feed_urls[min(user.feed_urls)]]


def test_a_library_from_before_sync_joins_the_server(tmp_path: Path, user: MinifluxUser, service: str) -> None:
    # Subscribed and read here before any [sync]; the server has one of the two feeds already, with its own flags.
    harbor = user.add_feed("harbor", range(1, 4))
    user.set_status([user.id_of(item_title("harbor", 3))], "read")
    mill = user.serve_feed("mill", range(1, 3))
    device = Device.configure(tmp_path / "laptop", user, service, config="")
    device.ok("add", user.feed_urls[harbor])
    device.ok("add", mill)
    before = device.articles()
    device.ok("read", str(before[item_title("harbor", 1)]["id"]))
    device.ok("bookmark", str(before[item_title("mill", 2)]["id"]))
    Device.configure(device.data, user, service)  # now with [sync]
    report = sync(device)
    assert report["pushed"]["subscribed"] == 1  # mill went to the server; harbor was there already
    assert sorted(f["feed_url"] for f in user.api("GET", "/v1/feeds")) == sorted([user.feed_urls[harbor], mill])
    after = device.articles()
    assert {t: a["id"] for t, a in after.items()} == {t: a["id"] for t, a in before.items()}  # matched, not copied
    # What either side read or bookmarked stays so, on both sides.
    assert device.flags()[item_title("harbor", 1)] == (True, False)
    assert device.flags()[item_title("harbor", 3)] == (True, False)
    assert device.flags()[item_title("mill", 2)] == (False, True)
    assert device.flags() == device.server_flags()


def test_a_feed_removed_offline_is_unsubscribed_at_the_next_sync(
    device: Device, user: MinifluxUser, miniflux: MinifluxServer
) -> None:
    harbor = user.add_feed("harbor", range(1, 3))
    user.add_feed("mill", range(1, 3))
    sync(device)
    feed_id = next(f["id"] for f in device.json("feeds") if f["title"] == "mill Gazette")
    miniflux.stop_miniflux()
    try:
        removed = device.ok("remove", str(feed_id))
        assert "waits for the next sync" in removed.err
        assert [f["title"] for f in device.json("feeds")] == ["harbor Gazette"]
    finally:
        miniflux.start_miniflux()
    report = sync(device)
    assert report["pushed"]["unsubscribed"] == 1 and report["pulled"]["feeds"] == 0  # not brought back
    assert [f["id"] for f in user.api("GET", "/v1/feeds")] == [harbor]
    assert [f["title"] for f in device.json("feeds")] == ["harbor Gazette"]
