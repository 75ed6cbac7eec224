"""Turn a file's bytes into text, recording the codec that reproduces it.

News archives hold UTF-8 (with or without BOM), UTF-16 with BOM, and Latin-1/cp1252
(the METER corpus: Latin-1 with control characters). The returned codec name is one
Python accepts, so `open(path, encoding=codec, newline='').read()` gives back the same
text and every offset in a report points into it.
"""

from __future__ import annotations

import codecs

# Signatures of common binary formats, checked before any decoding.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters that plain text may legitimately hold: tab, newlines, form feed,
# and the odd wire-feed marker. A text with many others is binary.
_ALLOWED_CONTROLS = frozenset("\t\n\r\x0b\x0c\x19\x1b")
_MAX_CONTROL_SHARE = 0.05
# Latin-script text in a legacy 8-bit codec has few bytes above 0x7f; past this share the
# text is probably in another script and we ask charset-normalizer which codec it is.
_LEGACY_LATIN_MAX_HIGH_SHARE = 0.3


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why."""


def decode(data: bytes) -> tuple[str, str]:
    """Return `(text, codec)` for the bytes of a text file, or raise `DecodeError`."""
    if not data:
        raise DecodeError("the file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DecodeError(f"this is {what}, not text")
    codec = _detect(data)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        raise DecodeError(f"cannot decode as {codec}: {err.reason} at byte {err.start}") from None
    if not text.strip():
        raise DecodeError("the file holds only whitespace")
    _reject_binary(text)
    return text, codec


def _detect(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    if b"\x00" in data[:4096]:
        return _utf16_without_bom(data)
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    high = sum(1 for b in data if b >= 0x80) / len(data)
    if high > _LEGACY_LATIN_MAX_HIGH_SHARE and len(data) >= 64:
        guessed = _guess_codec(data)
        if guessed:
            return guessed
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
        return "latin-1"


def _utf16_without_bom(data: bytes) -> str:
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    if odd_nuls / half > 0.3 and even_nuls / half < 0.05:
        return "utf-16-le"
    if even_nuls / half > 0.3 and odd_nuls / half < 0.05:
        return "utf-16-be"
    raise DecodeError("binary data (NUL bytes), not text")


def _guess_codec(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding is None:
        return None
    name = codecs.lookup(best.encoding).name
    try:
        data.decode(name)
    except UnicodeDecodeError:
        return None
    return name


def _reject_binary(text: str) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        raise DecodeError(f"binary data ({controls} control characters in the first {len(sample)}), not text")
