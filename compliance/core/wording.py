"""Words a person reads: a count with its noun, and large numbers in scientific notation.

One helper for each, used by Python messages and (as Jinja filters) by the templates alike:

- `count(2, "waiver")` → "2 waivers", `count(1, "open incident")` → "1 open incident"; never
  a noun with a parenthesised plural ending. Irregular plurals are given:
  `count(n, "evidence file")` is regular, `plural(n, "was", "were")` is not.
- `scientific(3.8e25, "FLOP")` → "3.8 × 10^25 FLOP" in plain text (terminal, Markdown,
  JSON messages), and `scientific_markup` → "3.8 × 10<sup>25</sup> FLOP" for HTML and PDF.
  Never Python's float repr ("3.8e+25").
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

PLAIN_RANGE = (1e-4, 1e4)
"""Numbers in [0.0001, 10 000) are written plainly; others in scientific notation."""


def plural(n: int, noun: str, plural_form: str | None = None) -> str:
    """The noun alone, singular or plural for `n` ('waiver' / 'waivers')."""
    if n == 1:
        return noun
    if plural_form is not None:
        return plural_form
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun + "s"


def count(n: int, noun: str, plural_form: str | None = None) -> str:
    """'1 waiver', '2 waivers', '0 open incidents', '3 categories' (thousands separated)."""
    return f"{n:,} {plural(n, noun, plural_form)}"


def _mantissa_exponent(value: float, digits: int) -> tuple[str, int]:
    """'3.8', 25 for 3.8e25 (rounding that carries, 9.999e24, gives '1.0', 25)."""
    mantissa, exp = f"{value:.{max(digits - 1, 0)}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0")
    if mantissa.endswith("."):
        mantissa += "0"
    elif "." not in mantissa:
        mantissa += ".0"
    return mantissa, int(exp)


def _plain(value: float, digits: int) -> str:
    if value == int(value) and abs(value) < 1e4:
        return f"{int(value):,}"
    return f"{float(f'{value:.{digits}g}'):,g}"


def scientific(value: float, unit: str = "", digits: int = 3) -> str:
    """3.8e25 → '3.8 × 10^25'; 7.04e10 → '7.04 × 10^10'; 512 → '512'; with a unit after.

    Plain text for terminals, Markdown and JSON messages; `digits` significant figures.
    """
    if not math.isfinite(value):
        out = "infinite" if value == value else "not a number"
    elif value == 0 or PLAIN_RANGE[0] <= abs(value) < PLAIN_RANGE[1]:
        out = _plain(value, digits)
    else:
        mantissa, exp = _mantissa_exponent(value, digits)
        out = f"{mantissa} × 10^{exp}"
    return f"{out} {unit}".strip()


def power_of_ten(exp: int) -> str:
    """10^25 in plain text (a superscript in HTML and PDF, see scientific_markup)."""
    return f"10^{exp}"


def signed(value: float, digits: int = 3) -> str:
    """A change, always with its sign: '+0.021', '-0.035', '+1.2 × 10^-5'."""
    return ("-" if value < 0 else "+") + scientific(abs(value), "", digits)


def scientific_markup(value: float, unit: str = "", digits: int = 3) -> Markup:
    """The same figure for HTML and PDF: '3.8 × 10<sup>25</sup> FLOP' (unit escaped)."""
    text = scientific(value, "", digits)
    if "^" in text:
        mantissa, exp = text.split(" × 10^")
        html = Markup("{} × 10<sup>{}</sup>").format(mantissa, exp)
    else:
        html = Markup(escape(text))
    if unit:
        html = Markup("{} {}").format(html, unit)
    return html
