"""MkDocs hook: French search that forgives missing accents and English jargon.

Material's search (lunr, ``lang: fr``) matches words as written: "declencheur"
does not find "déclencheur". Readers often type without accents (phones, QWERTY
keyboards), and type the French word ("déclencheur") where the course keeps
Google's English term ("trigger"). Material's search plugin accepts extra index
fields (``plugins.search.fields`` in mkdocs.yml); this hook fills one,
``variants``, for each indexed section, with:

- the accent-free spelling of each accented word ("événement" -> "evenement");
- the French words, with and without accents, for the English terms of
  ``GLOSSARY`` that the section uses ("trigger" -> "déclencheur declencheur").

The reader still sees the original text in the results; only the lookup gains
these spellings. Typed accents keep matching the text field as before.

Declared in mkdocs.yml under ``hooks:``. It runs before the search plugin writes
``search/search_index.json`` (higher event priority), so nothing generated is
edited afterwards.
"""

import re
import unicodedata

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

FIELD = "variants"
WORD = re.compile(r"\w+")
MARKUP = re.compile(r"<[^>]*>")
# English terms of the course -> the French words a reader may search for.
GLOSSARY = {
    "trigger": ("déclencheur",),
    "triggers": ("déclencheurs",),
    "event": ("événement",),
    "events": ("événements",),
}


def fold(word: str) -> str:
    """Drop the accents of a word: "événement" -> "evenement", "cœur" stays."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def variants(*texts: str) -> str:
    """The extra spellings under which ``texts`` must be found, once each."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in WORD.findall(MARKUP.sub(" ", text).lower()):
            for french in GLOSSARY.get(word, ()):
                seen.setdefault(french)
                seen.setdefault(fold(french))
            if fold(word) != word:
                seen.setdefault(fold(word))
    return " ".join(seen)


@event_priority(100)
def on_post_build(config: MkDocsConfig) -> None:
    """Add the ``variants`` field to every entry before the index is written."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is None or not hasattr(index, "entries"):
            continue
        for entry in index.entries:
            words = variants(
                entry.get("title", ""), entry.get("text", ""), *entry.get("tags", [])
            )
            if words:
                entry[FIELD] = words
            else:
                entry.pop(FIELD, None)
