"""Embedded social posts (X, Bluesky, Mastodon, Instagram, Threads, TikTok, Facebook, YouTube) → Reactions."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from lxml.html import HtmlElement

from reader.core.article import dom
from reader.core.article.markup import EMBED_TAG
from reader.core.models import Reaction
from reader.core.safe import scrub

# --- Post URLs, one pattern per platform -------------------------------------------------------------
_X_STATUS = re.compile(
    r"^https?://(?:(?:www|mobile|m)\.)?(?:twitter|x)\.com/(?:i(?:/web)?|(?P<user>\w{1,20}))/status(?:es)?/(?P<id>\d+)",
    re.I,
)
_X_EMBED_IFRAME = re.compile(r"^https?://platform\.twitter\.com/embed/Tweet\.html\?(?:.*&)?id=(?P<id>\d+)", re.I)
_BSKY_POST = re.compile(r"^https?://(?:www\.)?bsky\.app/profile/(?P<actor>[^/?#]+)/post/(?P<rkey>[\w-]+)", re.I)
_BSKY_EMBED_IFRAME = re.compile(
    r"^https?://embed\.bsky\.app/embed/(?P<actor>[^/?#]+)/app\.bsky\.feed\.post/(?P<rkey>[\w-]+)", re.I
)
_TIKTOK_EMBED_IFRAME = re.compile(r"^https?://(?:www\.)?tiktok\.com/(?:embed(?:/v2)?|player/v1)/(?P<id>\d+)", re.I)
_BSKY_URI = re.compile(r"^at://(?P<actor>[^/]+)/app\.bsky\.feed\.post/(?P<rkey>[\w-]+)")
_INSTAGRAM_POST = re.compile(
    r"^https?://(?:www\.)?instagram\.com/(?:[\w.]+/)?(?P<kind>p|reel|reels|tv)/(?P<code>[\w-]+)", re.I
)
_THREADS_POST = re.compile(r"^https?://(?:www\.)?threads\.(?:net|com)/@(?P<user>[\w.]+)/post/(?P<code>[\w-]+)", re.I)
_TIKTOK_VIDEO = re.compile(r"^https?://(?:(?:www|m)\.)?tiktok\.com/@(?P<user>[\w.-]+)/video/(?P<id>\d+)", re.I)
_FACEBOOK_POST = re.compile(
    r"^https?://(?:(?:www|m|web|business|developers)\.)?facebook\.com/"
    r"(?:(?P<page>[\w.-]+)/(?:posts|videos|photos|reels?)/|permalink\.php|story\.php|watch/?\?|reel/|share/[pvr]/)",
    re.I,
)
_FACEBOOK_PLUGIN = re.compile(r"^https?://(?:www\.)?facebook\.com/plugins/(?:post|video)\.php\?", re.I)
_YOUTUBE = re.compile(
    r"^(?:https?:)?//(?:(?:www|m)\.)?(?:youtube(?:-nocookie)?\.com/(?:embed/|shorts/|live/|v/|watch/?\?(?:.*&)?v=)"
    r"|youtu\.be/)(?P<id>[\w-]{6,20})",
    re.I,
)
# A Mastodon-compatible post: https://instance/@user/123456[/embed] (numeric id: Medium and TikTok use
# other shapes) or the ActivityPub path /users/user/statuses/123.
_MASTODON_POST = re.compile(
    r"^https?://(?P<host>[\w.-]+\.[a-z]{2,})/(?:@(?P<user>\w+)|users/(?P<user2>\w+)/statuses)/(?P<id>\d+)(?:/embed)?/?(?:[?#]|$)",
    re.I,
)
_NOT_MASTODON_HOSTS = re.compile(r"(?:^|\.)(?:twitter|x|threads|tiktok|instagram|facebook|youtube|medium)\.\w+$", re.I)

# "— Jane Doe (@janedoe) November 18, 2019", the signature line of X embeds; the post above it may hold dashes.
_X_HANDLE = re.compile(r"\(@(?P<handle>\w{1,20})\)")
_BSKY_HANDLE = re.compile(r"\(\s*@?[\w.:-]{1,100}\s*\)")
_DASHES = "—–"


def _signature(full: str, handle: re.Pattern[str]) -> tuple[str | None, re.Match[str] | None, int]:
    """(author, handle match, where the signature starts) from an embed's closing line, or (None, None, -1).

    The author is what stands between the last dash before the handle and the handle ("— West Ham United
    (@WestHam)"), so a dash or hyphen inside the post's own words ("a 4-1 win") never cuts the name.
    """
    found = None
    for match in handle.finditer(full):
        found = match
    if found is None:
        return None, None, -1
    before = full[: found.start()]
    cut = max(before.rfind(d) for d in _DASHES)
    if cut < 0:
        spaced = before.rfind(" - ")
        cut = spaced + 1 if spaced >= 0 else -1
    if cut < 0 or found.start() - cut > 100:
        return None, found, -1
    name = dom.norm_space(before[cut + 1 :]) or None
    return name, found, cut


def has_x_signature(full: str) -> bool:
    return _signature(full, _X_HANDLE)[2] >= 0
_SHARED_BY = re.compile(r"A (?:post|video|photo|reel) shared by\s+(?P<name>.*?)\s*\(@(?P<handle>[\w.]+)\)", re.I)
_SHARED_BY_HANDLE = re.compile(r"A (?:post|video|photo|reel) shared by\s+@?(?P<handle>[\w.]+)", re.I)
_POSTED_BY = re.compile(r"Posted by\s+(?P<name>.+?)(?:\s+on\s+(?P<date>.+))?$", re.I | re.S)

# Scripts that turn the markup into a widget: removed with the embed so no stray loader remains.
_EMBED_SCRIPT = re.compile(
    r"platform\.twitter\.com|embed\.bsky\.app|instagram\.com/embed|tiktok\.com/embed|threads\.(?:net|com)/embed"
    r"|/embed\.js|connect\.facebook\.net|youtube\.com/iframe_api",
    re.I,
)
_WRAPPER_TAGS = frozenset({"div", "figure", "p", "span", "center", "section"})
_PROVIDERS = {
    "twitter": "x",
    "x": "x",
    "bluesky": "bluesky",
    "bsky": "bluesky",
    "mastodon": "mastodon",
    "instagram": "instagram",
    "threads": "threads",
    "tiktok": "tiktok",
    "facebook": "facebook",
    "youtube": "youtube",
}


def _clean_url(url: str | None, *, keep_query: bool = False) -> str | None:
    """A post URL without tracking parameters (?ref_src, ?utm_source) or fragments."""
    if not url:
        return None
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query if keep_query else "", ""))


def _links(el: HtmlElement) -> list[tuple[str, str]]:
    """(href, text) of every link under el, in order."""
    return [((a.get("href") or "").strip(), dom.text_of(a)) for a in dom.iter_elements(el, "a")]


def _first_p_text(el: HtmlElement, *, skip: Callable[[str], bool] = lambda s: False) -> str | None:
    for p in dom.iter_elements(el, "p"):
        text = dom.text_of(p)
        if text and not skip(text):
            return text
    return None


def _s(value: str | None) -> str | None:
    if value is None:
        return None
    value = scrub(dom.norm_space(value))
    return value or None


def _reaction(platform: str, **fields: str | None) -> Reaction:
    return Reaction(platform=platform, **{k: _s(v) for k, v in fields.items()})


# --- One parser per platform ------------------------------------------------------------------------
def _parse_x(el: HtmlElement) -> Reaction | None:
    links = _links(el)
    status = next(((h, t) for h, t in reversed(links) if _X_STATUS.match(h)), None)
    url = _clean_url(status[0]) if status else None
    date = status[1] if status else None
    if url is None and el.tag == "iframe":
        m = _X_EMBED_IFRAME.match(_src(el))
        if m:
            url = f"https://twitter.com/i/status/{m.group('id')}"
    if url is None and el.get("data-tweet-id", "").isdigit():
        url = f"https://twitter.com/i/status/{el.get('data-tweet-id')}"  # a tweet the widget already rendered
    full = dom.text_of(el)
    author, sig, cut = _signature(full, _X_HANDLE)
    handle = sig.group("handle") if sig else None
    if handle is None and url:
        m = _X_STATUS.match(url)
        if m and m.group("user"):
            handle = m.group("user")
    text = _first_p_text(el)
    if text is None and cut > 0:
        text = full[:cut].strip() or None
    if url is None and handle is None:
        return None
    return _reaction("x", author=author, handle=f"@{handle}" if handle else None, text=text, date=date, url=url)


def _parse_bluesky(el: HtmlElement) -> Reaction | None:
    links = _links(el)
    post = next(((h, t) for h, t in reversed(links) if _BSKY_POST.match(h)), None)
    url = _clean_url(post[0]) if post else None
    date = post[1] if post and not post[1].startswith("[") else None
    if url is None:
        m = _BSKY_URI.match(el.get("data-bluesky-uri") or "") or _BSKY_EMBED_IFRAME.match(_src(el))
        if m:
            url = f"https://bsky.app/profile/{m.group('actor')}/post/{m.group('rkey')}"
    handle = next((t for h, t in links if t.startswith("@") and "/post/" not in h), None)
    if handle is None and url:
        actor = _BSKY_POST.match(url)
        if actor and not actor.group("actor").startswith("did:"):
            handle = "@" + actor.group("actor")
    full = dom.text_of(el)
    author, _sig, _cut = _signature(full, _BSKY_HANDLE)
    text = None
    for p in dom.iter_elements(el, "p"):
        # The "[image or embed]" link stands for media the terminal cannot show.
        parts = [dom.norm_space(p.text)] + [
            dom.norm_space(("" if dom.text_of(c).startswith("[") else dom.text_of(c)) + " " + (c.tail or "")) for c in p
        ]
        text = dom.norm_space(" ".join(x for x in parts if x)) or None
        if text:
            break
    if url is None and handle is None:
        return None
    return _reaction("bluesky", author=author, handle=handle, text=text, date=date, url=url)


def _mastodon_from_url(url: str) -> tuple[str | None, str | None]:
    """(handle @user@instance, post URL) from a post or embed URL."""
    m = _MASTODON_POST.match(url)
    if not m or _NOT_MASTODON_HOSTS.search(m.group("host")):
        return None, None
    user = m.group("user") or m.group("user2")
    host = m.group("host").lower()
    return f"@{user}@{host}", f"https://{host}/@{user}/{m.group('id')}"


def _parse_mastodon(el: HtmlElement) -> Reaction | None:
    candidates = [el.get("data-embed-url") or "", _src(el)] + [h for h, _ in _links(el)]
    handle = url = None
    for cand in candidates:
        handle, url = _mastodon_from_url(cand)
        if url:
            break
    if url is None:
        return None
    text = _first_p_text(el, skip=lambda s: s.startswith("Post by") or s.startswith("View on"))
    date = None
    time_el = next(dom.iter_elements(el, "time"), None)
    if time_el is not None:
        date = time_el.get("datetime") or dom.text_of(time_el)
    return _reaction("mastodon", handle=handle, text=text, date=date, url=url)


def _parse_instagram(el: HtmlElement) -> Reaction | None:
    permalink = el.get("data-instgrm-permalink") or next((h for h, _ in _links(el) if _INSTAGRAM_POST.match(h)), None)
    if permalink is None and el.tag == "iframe":
        permalink = _src(el)
    m = _INSTAGRAM_POST.match(permalink or "")
    url = f"https://www.instagram.com/{m.group('kind')}/{m.group('code')}/" if m else _clean_url(permalink)
    full = dom.text_of(el)
    author = handle = None
    shared = _SHARED_BY.search(full)
    if shared:
        author, handle = shared.group("name") or None, shared.group("handle")
    else:
        bare = _SHARED_BY_HANDLE.search(full)
        if bare:
            handle = bare.group("handle")
    if handle is None:
        for href, _ in _links(el):
            prof = re.match(r"^https?://(?:www\.)?instagram\.com/(?!p/|reel|tv/|explore/)([\w.]+)/?(?:[?#]|$)", href)
            if prof:
                handle = prof.group(1)
                break
    text = _first_p_text(el, skip=lambda s: bool(_SHARED_BY_HANDLE.search(s)) or s.lower().startswith("view this post"))
    date = None
    time_el = next(dom.iter_elements(el, "time"), None)
    if time_el is not None:
        date = time_el.get("datetime") or dom.text_of(time_el)
    if url is None and handle is None:
        return None
    return _reaction("instagram", author=author, handle=f"@{handle}" if handle else None, text=text, date=date, url=url)


def _parse_threads(el: HtmlElement) -> Reaction | None:
    permalink = el.get("data-text-post-permalink") or next((h for h, _ in _links(el) if _THREADS_POST.match(h)), None)
    if permalink is None and el.tag == "iframe":
        permalink = re.sub(r"/embed/?(?=[?#]|$)", "", _src(el))
    m = _THREADS_POST.match(permalink or "")
    if not m:
        return None
    text = _first_p_text(el, skip=lambda s: s.startswith("Post by") or s.startswith("View on"))
    return _reaction("threads", handle="@" + m.group("user"), text=text, url=_clean_url(permalink))


def _parse_tiktok(el: HtmlElement) -> Reaction | None:
    if el.tag == "iframe":
        frame = _TIKTOK_EMBED_IFRAME.match(_src(el))
        if frame is None:
            return None
        return _reaction("tiktok", text=el.get("title"), url=f"https://www.tiktok.com/embed/v2/{frame.group('id')}")
    cite = el.get("cite") or next((h for h, _ in _links(el) if _TIKTOK_VIDEO.match(h)), None) or ""
    m = _TIKTOK_VIDEO.match(cite)
    links = _links(el)
    handle = "@" + m.group("user") if m else next((t for _, t in links if t.startswith("@")), None)
    text = None
    section = el.find(".//section")
    if section is not None:
        words: list[str] = [dom.norm_space(section.text)]
        for child in section:
            child_text = dom.text_of(child)
            # The handle link and the "♬ original sound" music credit are not the caption.
            if not (child_text.startswith("@") and child_text == handle) and not child_text.startswith("♬"):
                words.append(child_text)
            words.append(dom.norm_space(child.tail))
        text = dom.norm_space(" ".join(w for w in words if w)) or None
    if not m and handle is None:
        return None
    return _reaction("tiktok", handle=handle, text=text, url=_clean_url(cite) if m else None)


def _facebook_handle(url: str | None) -> str | None:
    m = _FACEBOOK_POST.match(url or "")
    page = m.group("page") if m else None
    return f"@{page}" if page and not page.isdigit() else None


def _parse_facebook(el: HtmlElement) -> Reaction | None:
    href = el.get("data-href") or ""
    if not href and el.tag == "iframe":
        src = _src(el)
        if _FACEBOOK_PLUGIN.match(src):
            query = parse_qs(urlsplit(src).query)
            href = unquote(query.get("href", [""])[0])
    if not href:
        bq = el if el.tag == "blockquote" else el.find(".//blockquote")
        href = (bq.get("cite") if bq is not None else None) or next(
            (h for h, _ in _links(el) if _FACEBOOK_POST.match(h)), ""
        )
    if not href:
        return None
    url = _clean_url(href, keep_query="permalink.php" in href or "story.php" in href or "watch" in href)
    full = dom.text_of(el)
    author = date = None
    # "Posted by <a>Name</a> on <a>date</a>": read the links that follow the words "Posted by".
    posted = _POSTED_BY.search(full)
    if posted:
        author = posted.group("name")
        date = posted.group("date")
    text = _first_p_text(el)
    return _reaction("facebook", author=author, handle=_facebook_handle(url), text=text, date=date, url=url)


def _parse_youtube(el: HtmlElement) -> Reaction | None:
    vid = el.get("videoid") if el.tag == "lite-youtube" else None
    if vid is None:
        m = _YOUTUBE.match(_src(el))
        if not m:
            return None
        vid = m.group("id")
    title = el.get("title") or el.get("playlabel") or el.get("data-title")
    if title and (title.lower().startswith("youtube") or title.lower() in ("video", "embedded content")):
        title = None
    if title and title.startswith("Play: "):
        title = title[6:]
    return _reaction("youtube", text=title, url=f"https://www.youtube.com/watch?v={vid}")


_PARSERS: dict[str, Callable[[HtmlElement], Reaction | None]] = {
    "x": _parse_x,
    "bluesky": _parse_bluesky,
    "mastodon": _parse_mastodon,
    "instagram": _parse_instagram,
    "threads": _parse_threads,
    "tiktok": _parse_tiktok,
    "facebook": _parse_facebook,
    "youtube": _parse_youtube,
}


def _src(el: HtmlElement) -> str:
    """An iframe's address, including the lazy-loading attributes themes use instead of src."""
    for attr in ("src", "data-src", "data-lazy-src", "data-url"):
        value = (el.get(attr) or "").strip()
        if value and not value.startswith("data:") and value != "about:blank":
            return value
    return ""


def platform_of_url(url: str) -> str | None:
    """The platform a post/video URL belongs to, or None."""
    url = url.strip()
    if _X_STATUS.match(url):
        return "x"
    if _BSKY_POST.match(url):
        return "bluesky"
    if _INSTAGRAM_POST.match(url):
        return "instagram"
    if _THREADS_POST.match(url):
        return "threads"
    if _TIKTOK_VIDEO.match(url):
        return "tiktok"
    if _FACEBOOK_POST.match(url):
        return "facebook"
    if _YOUTUBE.match(url):
        return "youtube"
    if _mastodon_from_url(url)[1]:
        return "mastodon"
    return None


def _from_url(url: str) -> Reaction | None:
    """A reaction known only by its URL (WordPress's bare-URL embed fallback)."""
    platform = platform_of_url(url)
    if platform is None:
        return None
    url = url.strip()
    if platform == "x":
        m = _X_STATUS.match(url)
        user = m.group("user") if m else None
        return _reaction("x", handle=f"@{user}" if user else None, url=_clean_url(url))
    if platform == "bluesky":
        m = _BSKY_POST.match(url)
        actor = m.group("actor") if m else ""
        return _reaction("bluesky", handle=None if actor.startswith("did:") else "@" + actor, url=_clean_url(url))
    if platform == "instagram":
        m = _INSTAGRAM_POST.match(url)
        assert m is not None
        return _reaction("instagram", url=f"https://www.instagram.com/{m.group('kind')}/{m.group('code')}/")
    if platform == "threads":
        m = _THREADS_POST.match(url)
        assert m is not None
        return _reaction("threads", handle="@" + m.group("user"), url=_clean_url(url))
    if platform == "tiktok":
        m = _TIKTOK_VIDEO.match(url)
        assert m is not None
        return _reaction("tiktok", handle="@" + m.group("user"), url=_clean_url(url))
    if platform == "facebook":
        clean = _clean_url(url, keep_query="permalink.php" in url or "story.php" in url or "watch" in url)
        return _reaction("facebook", handle=_facebook_handle(clean), url=clean)
    if platform == "youtube":
        m = _YOUTUBE.match(url)
        assert m is not None
        return _reaction("youtube", url=f"https://www.youtube.com/watch?v={m.group('id')}")
    handle, post = _mastodon_from_url(url)
    return _reaction("mastodon", handle=handle, url=post)


# --- Recognising embed roots ------------------------------------------------------------------------
def _classify(el: HtmlElement) -> str | None:
    """Which platform's embed this element is the root of (None when it is not an embed root)."""
    tag = el.tag
    cls = (el.get("class") or "").lower().split()
    if tag == "blockquote":
        if "twitter-tweet" in cls or "twitter-video" in cls:
            return "x"
        if "bluesky-embed" in cls or el.get("data-bluesky-uri"):
            return "bluesky"
        if "mastodon-embed" in cls or "/embed" in (el.get("data-embed-url") or ""):
            return "mastodon"
        if "instagram-media" in cls or el.get("data-instgrm-permalink"):
            return "instagram"
        if "text-post-media" in cls or el.get("data-text-post-permalink"):
            return "threads"
        if "tiktok-embed" in cls:
            return "tiktok"
        return _classify_bare_blockquote(el)
    if tag == "iframe":
        if "twitter-tweet" in cls or "twitter-tweet-rendered" in cls or (el.get("data-tweet-id") or "").isdigit():
            return "x"  # a tweet the widget script already rendered
        src = _src(el)
        if not src:
            return None
        if _YOUTUBE.match(src):
            return "youtube"
        if _BSKY_EMBED_IFRAME.match(src):
            return "bluesky"
        if _TIKTOK_EMBED_IFRAME.match(src):
            return "tiktok"
        if _THREADS_POST.match(src) and "/embed" in src:
            return "threads"
        if _FACEBOOK_PLUGIN.match(src):
            return "facebook"
        if _X_EMBED_IFRAME.match(src):
            return "x"
        if "instagram-media" in cls or (_INSTAGRAM_POST.match(src) and "/embed" in src):
            return "instagram"
        if "mastodon-embed" in cls or (src.rstrip("/").endswith("/embed") and _mastodon_from_url(src)[1]):
            return "mastodon"
        return None
    if tag == "lite-youtube":
        return "youtube" if el.get("videoid") else None
    if tag == "div" and ("fb-post" in cls or "fb-video" in cls) and el.get("data-href"):
        return "facebook"
    if tag == "figure" and "wp-block-embed" in cls:
        return "wrapper"
    if (tag == "p" and len(el) <= 1) or (tag == "div" and "wp-block-embed__wrapper" in cls):
        # Cheap test first: this runs on every paragraph of every page.
        head = (el.text or "").strip() or (dom.norm_space(el[0].text) if len(el) else "")
        if head.startswith("http") and _bare_post_url(el):
            return "bare"
    return None


def _classify_bare_blockquote(el: HtmlElement) -> str | None:
    """An embed whose class was stripped (by a feed sanitizer) but whose signature and post link remain."""
    links = _links(el)
    if not links:
        return None
    last = links[-1][0]
    full = dom.text_of(el)
    if _X_STATUS.match(last) and has_x_signature(full):
        return "x"
    if _BSKY_POST.match(last) and "—" in full:
        return "bluesky"
    if any(_INSTAGRAM_POST.match(h) for h, _ in links) and _SHARED_BY_HANDLE.search(full):
        return "instagram"
    if el.get("cite") and _TIKTOK_VIDEO.match(el.get("cite") or ""):
        return "tiktok"
    if el.get("cite") and _FACEBOOK_POST.match(el.get("cite") or "") and "Posted by" in full:
        return "facebook"
    return None


def _bare_post_url(el: HtmlElement) -> str | None:
    """The post URL when the element's whole text is one (a paragraph WordPress would have embedded)."""
    text = dom.text_of(el)
    if not text.startswith("http") or " " in text or len(text) > 300:
        return None
    if el.tag == "p" or "wp-block-embed__wrapper" in (el.get("class") or ""):
        return text if platform_of_url(text) else None
    return None


def _parse_root(el: HtmlElement, kind: str) -> Reaction | None:
    if kind == "bare":
        url = _bare_post_url(el)
        return _from_url(url) if url else None
    if kind != "wrapper":
        return _PARSERS[kind](el)
    # A WordPress embed block: the provider class names the platform; inside is the real markup or a URL.
    provider = None
    for c in (el.get("class") or "").lower().split():
        if c.startswith("is-provider-"):
            provider = _PROVIDERS.get(c[len("is-provider-") :])
    for inner in dom.iter_elements(el):
        if inner is el:
            continue
        inner_kind = _classify(inner)
        if inner_kind and inner_kind not in ("wrapper", "bare"):
            found = _PARSERS[inner_kind](inner)
            if found:
                return found
    for href, _ in _links(el):
        if platform_of_url(href):
            return _from_url(href)
    text = dom.text_of(el)
    for word in text.split():
        if word.startswith("http") and platform_of_url(word):
            return _from_url(word)
    if provider:
        return None
    return None


def _take_out(el: HtmlElement, marker: HtmlElement | None) -> None:
    """Take an embed out of the tree with the loader script after it: a marker keeps its place, or the
    wrappers its removal leaves empty go too."""
    nxt = el.getnext()
    while nxt is not None and nxt.tag == "script" and _EMBED_SCRIPT.search(nxt.get("src") or ""):
        if (el.tail or "").strip():
            break
        after = nxt.getnext()
        dom.remove(nxt)
        nxt = after
    parent = el.getparent()
    if parent is None:
        return
    if marker is not None:
        marker.tail = el.tail
        parent.replace(el, marker)
        return
    dom.remove(el)
    while parent is not None and parent.tag in _WRAPPER_TAGS and parent.getparent() is not None:
        if len(parent) or (parent.text or "").strip():
            break
        grand = parent.getparent()
        dom.remove(parent)
        parent = grand


def extract_reactions(root: HtmlElement, *, mark: bool = False) -> list[Reaction]:
    """Find embedded posts under root, in document order, and take their nodes out of the tree.

    With `mark`, each embed leaves a <reader-embed data-index="i"> element where it stood, so that the
    document keeps the post in its place among the paragraphs.
    """
    found: list[tuple[HtmlElement, str]] = []
    chosen: set[HtmlElement] = set()
    for el in dom.iter_elements(root, "blockquote", "iframe", "lite-youtube", "div", "figure", "p"):
        kind = _classify(el)
        if kind is None:
            continue
        if any(anc in chosen for anc in el.iterancestors()):
            continue  # inside an embed already found (a wrapper holding a blockquote): no duplicate
        found.append((el, kind))
        chosen.add(el)
    reactions: list[Reaction] = []
    for el, kind in found:
        try:
            reaction = _parse_root(el, kind)
        except (ValueError, AttributeError, TypeError, AssertionError):
            reaction = None
        if reaction is None:
            if kind == "wrapper":
                _take_out(el, None)  # an embed of some other provider: still not article text
            continue
        marker = None
        if mark:
            marker = el.makeelement(EMBED_TAG, {"data-index": str(len(reactions))})
        reactions.append(reaction)
        _take_out(el, marker)
    return reactions
