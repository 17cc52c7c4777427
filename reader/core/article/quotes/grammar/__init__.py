"""Speaker grammar: the noun phrase that names who speaks, read around a speech verb.

Names with their titles ("Harbor City Police Commissioner Dwayne Ellis", "former Secretary of State Ana
Ruiz"), appositions (", executive director of Juntos,"), descriptors ("a spokeswoman for the district",
"this source", "Only 41 percent of voters"), groups ("police", "Republicans") and pronouns become a `Ref`;
the register of people (people.py) then says who a `Ref` means. One idea a module, each importing only
from those listed before it:

- words.py: tokens, segments, capitals, possessives, role words; an office named with "of" as one title word;
- names.py: a capitalised run as a name with its title, an organisation or a place, and the `Ref`;
- descriptors.py: a speaker described, not named: descriptors, groups, shares of a group, their head noun,
  and whether they can speak;
- phrases.py: the noun phrase that ends or starts a stretch of words, before or after a speech verb;
- subjects.py: the speaker before a verb with its appositions, after an inverted verb or "according to".
"""

from __future__ import annotations

from reader.core.article.quotes.grammar.descriptors import (
    can_speak,
    head_noun,
    strip_determiner,
)
from reader.core.article.quotes.grammar.names import (
    Ref,
    honorific_gender,
    is_demonym,
    junk_name,
    leading_label,
    name_from_run,
    party_label,
    ref_from_run,
    role_prefix,
    run_kind,
    split_title,
)
from reader.core.article.quotes.grammar.phrases import (
    ends_noun_phrase,
    parse_np_end,
    parse_np_start,
    trailing_name,
)
from reader.core.article.quotes.grammar.subjects import (
    appositive_role,
    desc_role,
    is_intro,
    is_state,
    is_time_phrase,
    names_document,
    parse_after,
    parse_subject,
)
from reader.core.article.quotes.grammar.words import (
    AGE,
    AGE_NOUN,
    FIRST_NAMES,
    JOIN,
    POSSESSIVE_END,
    PREPOSITIONS,
    clean_token,
    is_cap,
    is_role_word,
    is_title,
    join_offices,
    split_segments,
    strip_possessive,
    tokens,
)

__all__ = [
    "AGE",
    "AGE_NOUN",
    "FIRST_NAMES",
    "JOIN",
    "POSSESSIVE_END",
    "PREPOSITIONS",
    "Ref",
    "appositive_role",
    "can_speak",
    "clean_token",
    "desc_role",
    "ends_noun_phrase",
    "head_noun",
    "honorific_gender",
    "is_cap",
    "is_demonym",
    "is_intro",
    "is_role_word",
    "is_state",
    "is_time_phrase",
    "is_title",
    "join_offices",
    "junk_name",
    "leading_label",
    "name_from_run",
    "names_document",
    "parse_after",
    "parse_np_end",
    "parse_np_start",
    "parse_subject",
    "party_label",
    "ref_from_run",
    "role_prefix",
    "run_kind",
    "split_segments",
    "split_title",
    "strip_determiner",
    "strip_possessive",
    "tokens",
    "trailing_name",
]
