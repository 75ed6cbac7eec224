from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.encoding import DecodeError, decode

ARTICLE = "MOSCOW, March 5. /TASS/. The ministry’s statement — “rubbish,” he said. £5 café\r\nNext line.\n"


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16"),
        (ARTICLE.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_unicode_encodings_round_trip(data: bytes, codec: str) -> None:
    text, found = decode(data)
    assert found == codec
    assert text == ARTICLE
    assert data.decode(found) == text


def test_latin1_with_control_characters_like_meter() -> None:
    raw = "\x19Mr Justice Forbes said: ``It is a sad case.''<\r\n\x19She lost 3\xbd stone.<\r\n".encode("latin-1")
    text, codec = decode(raw)
    assert codec in ("cp1252", "latin-1")
    assert "3½ stone" in text
    assert "\r\n" in text  # line ends are kept as they are


def test_cp1252_curly_quotes() -> None:
    raw = "He said \u201crubbish\u201d \u2014 twice.".encode("cp1252")
    text, codec = decode(raw)
    assert codec == "cp1252"
    assert text == "He said \u201crubbish\u201d \u2014 twice."


def test_undefined_cp1252_bytes_fall_back_to_latin1() -> None:
    text, codec = decode(b"Caf\xe9 \x81 bar")
    assert codec == "latin-1"
    assert text == "Café \x81 bar"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "whitespace"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
    ],
)
def test_non_text_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode(data)


@given(st.text(min_size=1).filter(lambda s: s.strip() and all(c >= " " or c in "\n\r\t" for c in s)))
def test_any_utf8_text_decodes_to_itself(s: str) -> None:
    if "\x00" in s:
        return
    text, codec = decode(s.encode("utf-8"))
    assert text == s
    assert codec == "utf-8"


def test_cyrillic_in_a_legacy_codec_is_detected() -> None:
    s = "Министерство обороны России заявило, что нанесло удар совместно с коалицией. " * 3
    text, _codec = decode(s.encode("cp1251"))
    assert text == s
