"""'Did you mean …?': the closest known name, and Unicode look-alikes named for what they are."""

from __future__ import annotations

import difflib
import typing
import unicodedata


def closest(word: str, choices: typing.Iterable[str], cutoff: float = 0.6) -> str | None:
    """The most similar choice (the first one on ties), or None below `cutoff`."""
    best: str | None = None
    best_score = cutoff
    for choice in choices:
        score = difflib.SequenceMatcher(None, word, choice).ratio()
        if score > best_score or (best is None and score >= cutoff):
            best, best_score = choice, score
    return best


# Letters from other scripts that render like ASCII ones: an id typed or pasted with one
# of them looks right in review yet matches nothing (or, worse, something else).
_LOOKALIKES = str.maketrans(
    # Cyrillic capitals, Cyrillic small letters, Greek letters, then dashes and minus.
    "\u0410\u0412\u0421\u0415\u041d\u0406\u0408\u041a\u041c\u041e\u0420\u0405\u0422\u0425\u04ae"
    "\u0430\u0441\u0435\u0456\u0458\u043e\u0440\u0455\u0445\u0443\u0501\u04bb\u051b\u051d"
    "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7\u03bf\u03bd"
    "\u2010\u2011\u2012\u2013\u2014\u2212",
    "ABCEHIJKMOPSTXYaceijopsxydhqwABEZHIKMNOPTYXov------",
)


def ascii_lookalike(word: str) -> str | None:
    """The ASCII text `word` looks like, if it differs only by look-alike characters."""
    if word.isascii():
        return None
    folded = unicodedata.normalize("NFKC", word).translate(_LOOKALIKES)
    return folded if folded.isascii() else None


def lookalike_note(word: str) -> str:
    """Names the first non-ASCII character of `word`, e.g. "'С' (U+0421 CYRILLIC ...)"."""
    char = next((c for c in word if not c.isascii()), None)
    if char is None:
        return ""
    name = unicodedata.name(char, "unnamed character")
    return f"{char!r} at position {word.index(char) + 1} is U+{ord(char):04X} {name}, not ASCII"


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """'did you mean X?' for the closest choice, or ''; look-alike characters are named."""
    choices = list(choices)
    plain = ascii_lookalike(word)
    if plain is not None and plain in choices:
        return f"did you mean {plain!r}? {lookalike_note(word)}"
    match = closest(word, choices)
    if match and not word.isascii():
        return f"did you mean {match!r}? {lookalike_note(word)}"
    return f"did you mean {match!r}?" if match else ""
