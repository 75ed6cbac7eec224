"""Publication dates: parse what metadata and texts say into ISO 8601 strings.

Only unambiguous forms are accepted: `2017-01-24`, `2017-01-24T10:00:00Z`, `2017/01/24`,
`24 January 2017`, `January 24, 2017`, `Jan. 24 2017`, RFC 2822 (`Tue, 24 Jan 2017 10:00:00
+0000`); in an article's text also `24.01.2017` and `01/24/2017` where the day is over 12. A
date like `01/03/00` could be March or January, so it is refused rather than guessed. A time
of day written beside a date in a text counts where it names its zone (`March 26, 2024 10:15
AM EDT`, `09.40 GMT`, `9:40 a.m. ET`); a bare `09:40` could be any zone's.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_ISO = re.compile(
    r"(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})"
    r"(?:[T ](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
_DAY_MONTH_YEAR = re.compile(rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE)
#: An explicit full date anywhere in a text (used near the top of an article only).
TEXT_DATE = re.compile(rf"\b(?:{_DAY_MONTH_YEAR.pattern}|{_MONTH_DAY_YEAR.pattern.replace('?P<', '?P<m_')})\b", re.IGNORECASE)
#: Numeric full dates in a text: `2017-01-24` (with a time or not), `24.01.2017` (day first, as
#: wherever dots are written), `01/24/2017` or `24/01/2017` only where the day is over 12.
_TEXT_ISO = re.compile(r"(?<![\d./-])(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?![\d/-])")
_TEXT_DOTTED = re.compile(r"(?<![\d./-])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?![\d/-]|\.\d)")
_TEXT_SLASHED = re.compile(r"(?<![\d./-])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)\d\d)(?![\d/-])")


#: A time of day with its zone: `10:15 AM EDT`, `9:40 a.m. ET`, `09.40 GMT`, `09:40:00+00:00`
_TIME = re.compile(r"(?<![\d:.])(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?"
                   r"\s*(?P<ap>[AaPp]\.?\s?[Mm]\.?)?\s*\(?(?P<tz>[A-Z]{1,4}\b|[+-]\d{2}:?\d{2}\b)")
_TIME_WINDOW = 40  # characters between a date and its time of day
_ZONES = {"Z": 0, "UTC": 0, "GMT": 0, "WET": 0, "BST": 60, "CET": 60, "WAT": 60, "CEST": 120, "EET": 120,
          "SAST": 120, "EEST": 180, "MSK": 180, "IST": 330, "HKT": 480, "SGT": 480, "AWST": 480, "JST": 540,
          "KST": 540, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
          "EDT": -240, "EST": -300, "CDT": -300, "CST": -360, "MDT": -360, "MST": -420, "PDT": -420, "PST": -480}
_US_ZONES = {"ET": -300, "CT": -360, "MT": -420, "PT": -480}


def parse_date(value: str) -> str | None:
    """ISO 8601 form of a date or date-time string, or None when it is not an unambiguous date."""
    value = value.strip()
    if not value:
        return None
    m = _ISO.match(value)
    if m:
        return _iso(m)
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        m = pattern.fullmatch(value.rstrip("."))
        if m:
            return _from_parts(m.group("year"), m.group("month"), m.group("day"))
    if re.search(r"\d{1,2}:\d{2}", value) and "," in value:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        return _format_datetime(dt)
    return None


def find_text_date(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The first unambiguous full date in `text[start:end]`, written out (`24 January 2017`)
    or in numbers (`2017-01-24`, `24.01.2017`, `01/24/2017`): `(iso, start, end)`."""
    found: list[tuple[int, int, str]] = []
    for m in TEXT_DATE.finditer(text, start, end):
        g = m.groupdict()
        if g.get("year"):
            iso = _from_parts(g["year"], g["month"], g["day"])
        else:
            iso = _from_parts(g["m_year"], g["m_month"], g["m_day"])
        if iso:
            found.append((m.start(), m.end(), iso))
            break
    for pattern in (_TEXT_ISO, _TEXT_DOTTED):
        for m in pattern.finditer(text, start, end):
            if iso := _from_parts(m.group("year"), m.group("month"), m.group("day")):
                found.append((m.start(), m.end(), iso))
                break
    for m in _TEXT_SLASHED.finditer(text, start, end):
        a, b = int(m.group("a")), int(m.group("b"))
        if (a > 12) == (b > 12):
            continue  # 01/03/2017 could be January or March; 31/31/2017 is no date
        day, month = (a, b) if a > 12 else (b, a)
        if iso := _from_parts(m.group("year"), str(month), str(day)):
            found.append((m.start(), m.end(), iso))
            break
    if not found:
        return None
    s, e, iso = min(found)
    timed = _time_near(text, s, e, start, end, iso)
    if timed is not None:
        iso, s, e = timed
    return iso, s, e


def _time_near(text: str, s: int, e: int, start: int, end: int, day: str) -> tuple[str, int, int] | None:
    """The date `day` (found at `text[s:e]`) with the time of day written beside it on its line
    (`March 26, 2024 10:15 AM EDT`, `Updated 3:45 PM GMT, Tue 26 March 2024`,
    `2024-03-26T09:40:00+00:00`) when the time names its zone, in UTC: `(iso, start, end)` of
    date and time together. A time with no zone ("26/03/2024 09:40") could be any of them, and
    the day alone is kept."""
    lo = max(start, s - _TIME_WINDOW, text.rfind("\n", 0, s) + 1)
    line_end = text.find("\n", e)
    hi = min(end, e + _TIME_WINDOW, line_end if line_end >= 0 else len(text))
    best = None
    for m in _TIME.finditer(text, lo, hi):
        if m.start() < e and m.end() > s:
            continue  # inside the date itself
        offset = _zone_minutes(m.group("tz"), day)
        if offset is None:
            continue
        hour, minute = int(m.group("h")), int(m.group("mi"))
        ap = (m.group("ap") or "").replace(".", "").replace(" ", "").lower()
        if ap and not 1 <= hour <= 12:
            continue
        if ap == "pm" and hour != 12:
            hour += 12
        elif ap == "am" and hour == 12:
            hour = 0
        distance = m.start() - e if m.start() >= e else s - m.end()
        if best is None or distance < best[0]:
            local = datetime.fromisoformat(day).replace(hour=hour, minute=minute)
            when = local.replace(tzinfo=timezone(timedelta(minutes=offset)))
            best = (distance, _format_datetime(when), min(s, m.start()), max(e, m.end()))
    return best[1:] if best is not None else None


def _zone_minutes(tz: str, day: str) -> int | None:
    """Minutes east of UTC of a zone as news sites write it; the US zones without S or D
    ("ET") by the date's daylight saving (second Sunday of March to first Sunday of November)."""
    if tz[0] in "+-":
        digits = tz[1:].replace(":", "")
        return (1 if tz[0] == "+" else -1) * (int(digits[:2]) * 60 + int(digits[2:]))
    if tz in _ZONES:
        return _ZONES[tz]
    if tz in _US_ZONES:
        d = date.fromisoformat(day)
        march = date(d.year, 3, 8 + (6 - date(d.year, 3, 8).weekday()) % 7)  # second Sunday
        november = date(d.year, 11, 1 + (6 - date(d.year, 11, 1).weekday()) % 7)  # first Sunday
        return _US_ZONES[tz] + (60 if march <= d < november else 0)
    return None


def _from_parts(year: str, month: str, day: str) -> str | None:
    mon = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    if mon is None:
        return None
    try:
        return date(int(year), mon, int(day)).isoformat()
    except ValueError:
        return None


def _iso(m: re.Match[str]) -> str | None:
    d = _from_parts(m.group("year"), m.group("month"), m.group("day"))
    if d is None or m.group("h") is None:
        return d
    try:
        dt = datetime(
            int(m.group("year")), int(m.group("month")), int(m.group("day")),
            int(m.group("h")), int(m.group("mi")), int(m.group("s") or 0),
        )
    except ValueError:
        return None
    tz = m.group("tz")
    if tz:
        dt = dt.replace(tzinfo=timezone(timedelta(minutes=_zone_minutes(tz, d) or 0)))
    return _format_datetime(dt)


def _format_datetime(dt: datetime) -> str:
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
        return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def to_timestamp(iso: str | None) -> float | None:
    """Seconds since the epoch (UTC assumed when no zone is given), or None."""
    if not iso:
        return None
    try:
        dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()
