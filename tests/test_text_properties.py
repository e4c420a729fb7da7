"""Property-based tests of kg.text (hypothesis)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from kg.errors import ParseError
from kg.text import (
    canonical,
    find_quantities,
    fold,
    format_number,
    normalize,
    normalize_with_map,
    parse_number,
    parse_quantity,
    slug,
)
from kg.text.alphabet import LETTERS
from kg.text.legacy import decode_tcvn3, decode_vni, encode_tcvn3, encode_vni

VIET_LETTERS = "".join(sorted(LETTERS))
# Letters, the spellings normalize unifies, and white space of every kind.
NOISE = " \t\u00a0\u200b\u00ad\r\n’‘“”–—\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b'-."

words = st.text(alphabet=VIET_LETTERS, min_size=1, max_size=12)
noisy_text = st.text(alphabet=VIET_LETTERS + NOISE + "0123456789,;()%", max_size=80)

decimals = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, allow_infinity=False, places=None
).filter(lambda d: d.is_finite() and d.as_tuple().exponent >= -8)


@given(decimals)
@example(Decimal("8155"))
@example(Decimal("1605680"))
@example(Decimal("43.8"))
@example(Decimal("871.267"))
@example(Decimal("0.05"))
@example(Decimal("1E+3"))
def test_format_then_parse_gives_the_same_value(d):
    text = format_number(d)
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", text), text
    assert parse_number(text) == d


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["tỷ", "triệu", "nghìn"]))
def test_money_quantity_is_number_times_multiplier(n, mult):
    factor = {"tỷ": 10**9, "triệu": 10**6, "nghìn": 10**3}[mult]
    q = parse_quantity(f"{format_number(n)} {mult} đồng")
    assert q.unit == "VND" and q.value == n * factor


@given(noisy_text)
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@given(noisy_text)
def test_normalize_is_idempotent(s):
    assert normalize(normalize(s)) == normalize(s)


@given(words)
@example("uỷ")
@example("hoà")
@example("Đắk")
def test_normalize_never_changes_the_folded_key_of_a_word(w):
    for form in (w, unicodedata.normalize("NFD", w), w.upper(), "\u200b" + w + " \r\n"):
        assert fold(normalize(form)) == fold(w)


@given(noisy_text)
@example("A\u200b\u0300")  # a zero-width space between a letter and its tone mark
@example("OÀ\u0300")  # a second tone mark NFC cannot compose: moving the tone made it compose
def test_canonical_keeps_the_key_and_is_nfc(s):
    c = canonical(s)
    assert fold(c) == fold(s)
    assert unicodedata.is_normalized("NFC", c)
    assert canonical(c) == c


@given(noisy_text)
def test_slug_is_ascii_and_matches_both_tone_placements(s):
    try:
        key = slug(s)
    except ParseError:
        assume(False)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key)
    assert slug(canonical(s)) == key


@settings(max_examples=300)
@given(noisy_text)
def test_offset_map_is_monotonic_and_points_at_the_same_words(raw):
    text, omap = normalize_with_map(raw)
    starts = [omap.to_raw(i) for i in range(len(text) + 1)]
    assert starts == sorted(starts)
    assert starts[-1] == len(raw)
    for i, ch in enumerate(text):
        assert 0 <= starts[i] < len(raw)
        if ch.isascii() and ch.isalnum():
            assert raw[starts[i]] == ch
    # A word with its combining marks (NFC leaves a second tone mark on a letter as a
    # combining character; NFC may reorder marks inside such a cluster).
    for m in re.finditer(r"[\w\u0300-\u036f]+", text):
        start, end = omap.span_to_raw(m.start(), m.end())
        assert normalize(raw[start:end]) == m.group()


@given(noisy_text)
def test_scanner_spans_are_ordered_and_exact(s):
    text = normalize(s)
    last_end = 0
    for m in find_quantities(text):
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end and m.start <= m.number_start < m.end
        last_end = m.end


@given(st.text(alphabet=VIET_LETTERS + " ,.;:()0123456789\n-'\"", max_size=60))
def test_tcvn3_and_vni_round_trip(s):
    assume(s.strip())
    assert decode_vni(encode_vni(s)) == s
    tcvn = decode_tcvn3(encode_tcvn3(s))
    # The decoder restores capitals of all-capital words typed in .VnTimeH fonts,
    # so only compare letter case where no such word can arise.
    assert tcvn.lower() == s.lower()


@pytest.mark.parametrize("s", ["16.05.680", "1.0000", "1.605.68", "12,34,5"])
def test_malformed_grouping_is_never_read(s):
    with pytest.raises(ParseError):
        parse_number(s)
