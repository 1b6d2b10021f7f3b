"""MkDocs hook: let the French search find "événement" when typed "evenement".

Material's search (lunr, ``lang: fr``) matches words as written: "declencheur"
does not find "déclencheur". Readers often type without accents (phones, QWERTY
keyboards). Material's search plugin accepts extra index fields
(``plugins.search.fields`` in mkdocs.yml); this hook fills one, ``folded``, with
the accent-free spelling of every accented word of each indexed section. The
reader still sees the original text in the results; only the lookup gains the
unaccented spellings. Typed accents keep matching the text field as before.

Declared in mkdocs.yml under ``hooks:``. It runs before the search plugin writes
``search/search_index.json`` (higher event priority), so nothing generated is
edited afterwards.
"""

import re
import unicodedata

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

FIELD = "folded"
WORD = re.compile(r"\w+")
MARKUP = re.compile(r"<[^>]*>")


def fold(word: str) -> str:
    """Drop the accents of a word: "événement" -> "evenement", "cœur" stays."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded_words(*texts: str) -> str:
    """The accent-free spellings of the accented words of ``texts``, once each."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in WORD.findall(MARKUP.sub(" ", text).lower()):
            plain = fold(word)
            if plain != word:
                seen.setdefault(plain)
    return " ".join(seen)


@event_priority(100)
def on_post_build(config: MkDocsConfig) -> None:
    """Add the ``folded`` field to every entry before the index is written."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is None or not hasattr(index, "entries"):
            continue
        for entry in index.entries:
            words = folded_words(
                entry.get("title", ""), entry.get("text", ""), *entry.get("tags", [])
            )
            if words:
                entry[FIELD] = words
            else:
                entry.pop(FIELD, None)
