"""Score the quote, reaction and bio extractors against the hand-labelled gold sets in tests/gold/."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_QUOTE_MARKS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "`": "'",
    }
)
_END_PUNCT = " \t\n\"'.,;:!?…—–-()[]*_"
_TOKEN = re.compile(r"\w+(?:'\w+)*")
_ARTICLE = re.compile(r"^(?:a|an|the|another)\s+")
MATCH_JACCARD = 0.8


def normalise(text: str | None) -> str:
    """Casefold, unify quote marks, collapse whitespace and strip punctuation at the ends."""
    if text is None:
        return ""
    text = " ".join(text.translate(_QUOTE_MARKS).casefold().split())
    return text.strip(_END_PUNCT)


def normalise_role(role: str | None) -> str:
    """A role or speaker compares without its leading article: "the Coalition" == "Coalition"."""
    return _ARTICLE.sub("", normalise(role))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text))


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def quote_similarity(predicted: str, gold: str) -> float:
    """1.0 for equal texts; Jaccard when one contains the other; 0.0 otherwise.

    Containment is tested on word tokens, so a comma that became a period where a split quote was
    joined does not decide a match.
    """
    a, b = normalise(predicted), normalise(gold)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    if ta == tb:
        return 1.0
    contained = a in b or b in a or _contains(ta, tb) or _contains(tb, ta)
    if not contained:
        return 0.0
    sa, sb = set(ta), set(tb)
    return len(sa & sb) / len(sa | sb)


def match_quotes(predicted: Sequence[str], gold: Sequence[str]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching, best pairs first: (predicted index, gold index)."""
    pairs: list[tuple[float, int, int]] = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            score = quote_similarity(p, g)
            if score >= MATCH_JACCARD:
                pairs.append((score, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched: list[tuple[int, int]] = []
    for _score, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matched.append((i, j))
    return sorted(matched)


@dataclass
class QuoteScore:
    """Counts over a quote gold set."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    speaker_ok: int = 0
    role_ok: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_ok / self.matched if self.matched else 0.0

    @property
    def role_accuracy(self) -> float:
        return self.role_ok / self.matched if self.matched else 0.0


def paragraphs(text: str) -> list[str]:
    """A gold case's text as the quote finder takes it: its blank-line paragraphs."""
    return [p for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def _field(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def score_quote_cases(
    cases: Sequence[dict[str, Any]], extract: Callable[[dict[str, Any]], Sequence[Any]]
) -> QuoteScore:
    """Run `extract` on each case and compare with its gold quotes."""
    score = QuoteScore()
    for case in cases:
        predicted = list(extract(case))
        gold = case["quotes"]
        score.predicted += len(predicted)
        score.gold += len(gold)
        pairs = match_quotes([_field(q, "text") or "" for q in predicted], [g["text"] for g in gold])
        score.matched += len(pairs)
        notes: list[str] = []
        for i, j in pairs:
            p, g = predicted[i], gold[j]
            if normalise_role(_field(p, "speaker")) == normalise_role(g.get("speaker")):
                score.speaker_ok += 1
            else:
                notes.append(f"speaker {_field(p, 'speaker')!r} != {g.get('speaker')!r}  ({g['text'][:50]!r})")
            if normalise_role(_field(p, "role")) == normalise_role(g.get("role")):
                score.role_ok += 1
            else:
                notes.append(f"role {_field(p, 'role')!r} != {g.get('role')!r}  ({g['text'][:50]!r})")
        got_p = {i for i, _ in pairs}
        got_g = {j for _, j in pairs}
        notes += [f"missed: {g['text'][:90]!r}" for j, g in enumerate(gold) if j not in got_g]
        notes += [f"spurious: {_field(p, 'text')[:90]!r}" for i, p in enumerate(predicted) if i not in got_p]
        if notes:
            score.misses[case["id"]] = notes
    return score


def _handle(handle: str | None) -> str:
    return (handle or "").strip().lstrip("@").casefold()


def score_reactions(
    cases: Sequence[dict[str, Any]], analyze: Callable[..., Any]
) -> tuple[dict[str, list[int]], dict[str, list[str]]]:
    """Recall by platform: {platform: [found, total]} and the misses per case."""
    by_platform: dict[str, list[int]] = {}
    misses: dict[str, list[str]] = {}
    for case in cases:
        reading = analyze(case["html"])
        predicted = {
            (str(_field(r, "platform")).casefold(), _handle(_field(r, "handle")))
            for r in (_field(reading, "reactions") or ())
        }
        for gold in case["reactions"]:
            platform = gold["platform"].casefold()
            counts = by_platform.setdefault(platform, [0, 0])
            counts[1] += 1
            if (platform, _handle(gold.get("handle"))) in predicted:
                counts[0] += 1
            else:
                misses.setdefault(case["id"], []).append(f"missed {platform} {gold.get('handle')!r}")
    return by_platform, misses


def _squash(text: str | None) -> str:
    return "".join((text or "").split())


def score_bios(cases: Sequence[dict[str, Any]], analyze: Callable[..., Any]) -> tuple[int, int, dict[str, list[str]]]:
    """Bio accuracy: (correct, total, misses)."""
    correct = 0
    misses: dict[str, list[str]] = {}
    for case in cases:
        reading = analyze(case["html"], author=case.get("byline"))
        bio = _field(reading, "author_bio")
        gold = case.get("bio")
        if bio is None or gold is None:
            ok = bio is None and gold is None
        else:
            ok = normalise(_field(bio, "name")) == normalise(gold.get("name")) and _squash(gold["text"]) in _squash(
                _field(bio, "text")
            )
        if ok:
            correct += 1
        else:
            misses[case["id"]] = [f"bio {bio!r} != {gold!r}"]
    return correct, len(cases), misses


def load_gold(name: str) -> list[dict[str, Any]]:
    path = GOLD_DIR / name
    if not path.exists():
        return []
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _load_analyze() -> Callable[..., Any] | None:
    try:
        from reader.core.article import analyze_html
    except ImportError as exc:
        print(f"(analyze_html unavailable, skipping HTML cases: {exc})")
        return None
    fn: Callable[..., Any] = analyze_html
    return fn


def score_quotes_gold(cases: Sequence[dict[str, Any]] | None = None) -> QuoteScore:
    """Score find_quotes on the text cases of quotes.json (the test suite's entry point)."""
    from reader.core.article.quotes import find_quotes

    cases = load_gold("quotes.json") if cases is None else cases
    text_cases = [c for c in cases if "text" in c]
    return score_quote_cases(text_cases, lambda case: find_quotes(paragraphs(case["text"])))


def _print_misses(misses: dict[str, list[str]]) -> None:
    for case_id, notes in misses.items():
        print(f"  {case_id}:")
        for note in notes:
            print(f"    {note}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses per case")
    args = parser.parse_args(argv)

    from reader.core.article.quotes import find_quotes

    quote_cases = load_gold("quotes.json")
    text_cases = [c for c in quote_cases if "text" in c]
    html_cases = [c for c in quote_cases if "html" in c]
    start = time.perf_counter()
    score = score_quote_cases(text_cases, lambda case: find_quotes(paragraphs(case["text"])))
    elapsed = time.perf_counter() - start
    print(
        f"quotes.json: {len(text_cases)} text cases, {score.gold} gold quotes, {score.predicted} predicted "
        f"({elapsed * 1000:.1f} ms)"
    )
    print(f"  quote precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}")
    print(
        f"  speaker accuracy {score.speaker_accuracy:.3f}  role accuracy {score.role_accuracy:.3f}"
        f"  (over {score.matched} matched)"
    )
    if args.verbose:
        _print_misses(score.misses)
    # The blind set: written apart from the extractor and never tuned on; the honest estimate.
    heldout = load_gold("heldout_quotes.json")
    if heldout:
        blind = score_quote_cases(heldout, lambda case: find_quotes(paragraphs(case["text"])))
        print(
            f"heldout_quotes.json (blind): {len(heldout)} articles, {blind.gold} gold quotes, "
            f"{blind.predicted} predicted"
        )
        print(f"  quote precision {blind.precision:.3f}  recall {blind.recall:.3f}  F1 {blind.f1:.3f}")
        print(
            f"  speaker accuracy {blind.speaker_accuracy:.3f}  role accuracy {blind.role_accuracy:.3f}"
            f"  (over {blind.matched} matched)"
        )
        if args.verbose:
            _print_misses(blind.misses)

    reaction_cases = load_gold("reactions.json")
    bio_cases = load_gold("bios.json")
    if not (html_cases or reaction_cases or bio_cases):
        return 0
    analyze = _load_analyze()
    if analyze is None:
        return 0
    if html_cases:
        html_score = score_quote_cases(html_cases, lambda case: _field(analyze(case["html"]), "quotes") or ())
        print(
            f"quotes.json html cases: P {html_score.precision:.3f} R {html_score.recall:.3f} "
            f"F1 {html_score.f1:.3f} speaker {html_score.speaker_accuracy:.3f}"
        )
        if args.verbose:
            _print_misses(html_score.misses)
    if reaction_cases:
        by_platform, misses = score_reactions(reaction_cases, analyze)
        print(f"reactions.json: {len(reaction_cases)} cases")
        for platform, (found, total) in sorted(by_platform.items()):
            print(f"  {platform:<10} recall {found}/{total} = {found / total:.3f}")
        if args.verbose:
            _print_misses(misses)
    if bio_cases:
        correct, total, misses = score_bios(bio_cases, analyze)
        print(f"bios.json: bio accuracy {correct}/{total} = {correct / total:.3f}")
        if args.verbose:
            _print_misses(misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
