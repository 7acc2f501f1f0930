"""Other people's names out of the subject's records (UK GDPR Article 15(4), third parties).

The people named in the same records (the other pupils of an incident, the
children on the school's roster, a second carer) are replaced in every text
by a neutral phrase: "another pupil", "another person". Full names are
replaced wherever they appear; the single names of the people recorded in the
same incident too, unless the subject shares it (a sibling's surname stays).
A name written some other way (a nickname, an initial) cannot be recognised:
the headteacher reads the export before it is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ANOTHER_PUPIL = "another pupil"
ANOTHER_PERSON = "another person"
MIN_WORD = 3  # shorter single names ("Al", "Jo") match too many ordinary words


def _words(name: str) -> list[str]:
    return [word for word in re.split(r"[\s,]+", name.strip()) if word]


def _pattern(name: str) -> str:
    return r"\s+".join(re.escape(word) for word in _words(name))


class Redactor:
    def __init__(self, subject_names: Iterable[str]) -> None:
        self._subject_words = {w.casefold() for name in subject_names for w in _words(name)}
        self._subject_names = {" ".join(_words(n)).casefold() for n in subject_names}
        self._full: dict[str, str] = {}
        self._single: dict[str, str] = {}
        self._compiled: re.Pattern[str] | None = None

    def add(self, name: str, phrase: str = ANOTHER_PUPIL, *, single_words: bool = False) -> None:
        """Replace ``name`` by ``phrase``; with ``single_words``, each of its words as well."""
        words = _words(name)
        if not words or " ".join(words).casefold() in self._subject_names:
            return
        if len(words) > 1:
            self._full.setdefault(" ".join(words).casefold(), phrase)
        if single_words or len(words) == 1:
            for word in words:
                key = word.casefold()
                if len(key) >= MIN_WORD and key not in self._subject_words:
                    self._single.setdefault(key, phrase)
        self._compiled = None

    def phrase_for(self, name: str) -> str | None:
        return self._full.get(" ".join(_words(name)).casefold())

    def _regex(self) -> re.Pattern[str] | None:
        if self._compiled is None and (self._full or self._single):
            # Longest first, so "Sam Jones" wins over "Sam".
            names = sorted([*self._full, *self._single], key=len, reverse=True)
            alternatives = "|".join(_pattern(name) for name in names)
            self._compiled = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        return self._compiled

    def __call__(self, text: str) -> str:
        regex = self._regex()
        if not text or regex is None:
            return text
        return regex.sub(self._replacement, text)

    def _replacement(self, match: re.Match[str]) -> str:
        key = " ".join(match.group(0).split()).casefold()
        return self._full.get(key) or self._single.get(key) or ANOTHER_PERSON
