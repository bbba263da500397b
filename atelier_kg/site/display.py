"""Values as a reader of each language expects them: booleans as oui/non and yes/no, dates
written out (2 mars 2024, 2 March 2024), numbers grouped (150 000, 150,000).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from rdflib import Literal
from rdflib.namespace import XSD

MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
BOOLEANS = {True: {"fr": "oui", "en": "yes"}, False: {"fr": "non", "en": "no"}}
INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.short}
NARROW_SPACE = "\u202f"  # French groups thousands with a narrow no-break space


def localized(literal: Literal) -> dict[str, str] | None:
    """The text of a typed literal in each language, or None to show it as it is."""
    datatype = literal.datatype
    text = str(literal)
    if datatype == XSD.boolean and text in ("true", "false", "1", "0"):
        return BOOLEANS[text in ("true", "1")]
    if datatype in (XSD.date, XSD.dateTime):
        try:
            day = datetime.date.fromisoformat(text[:10])
        except ValueError:
            return None
        return {lang: _date(day, lang) for lang in MONTHS}
    if datatype in INTEGERS or datatype == XSD.decimal:
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        return {"fr": _number(number, NARROW_SPACE, ","), "en": _number(number, ",", ".")}
    return None


def _date(day: datetime.date, lang: str) -> str:
    month = MONTHS[lang][day.month - 1]
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def _number(number: Decimal, group: str, point: str) -> str:
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")  # 1000000.0 EUR: 1 000 000
    grouped = f"{int(whole):,}".replace(",", group)
    return sign + grouped + (point + fraction if fraction else "")


__all__ = ["localized"]
