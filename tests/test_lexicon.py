"""The lexicon is read from ontology/*.ttl and its matchers find the report's words."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kg.lexicon import LexiconError, load_lexicon


@pytest.fixture(scope="module")
def lx():
    return load_lexicon()


def spans(text, matches):
    return [(text[a:b], item.key) for a, b, item in matches]


def test_lexicon_sizes_and_default_cache(lx):
    assert load_lexicon() is lx
    assert len(lx.roles) == 68
    assert len(lx.org_types) == 105
    assert len(lx.indicators) == 42
    assert [u.key for u in lx.units] == ["MW", "USD", "VND", "case", "ha", "household", "item", "kWh", "km", "km2", "l", "m", "m2", "m3", "percent", "person", "personDay", "pp", "t"]
    assert [q.key for q in lx.qualifiers] == ["approx", "cumulative", "estimated", "less-than", "more-than"]
    assert [a.key for a in lx.area_types] == [
        "Huyen", "Phuong", "Quan", "ThanhPho", "ThanhPhoTrucThuocTrungUong", "ThiTran", "ThiXa", "Tinh", "Xa"]


def test_role_entries(lx):
    tuv = lx.role("tinh-uy-vien")
    assert tuv.iri == "https://w3id.org/kg-vn/role/tinh-uy-vien"
    assert (tuv.label_vi, tuv.label_en) == ("Tỉnh ủy viên", "Provincial Party Committee member")
    assert tuv.abbreviations == ("TUV",)
    assert tuv.is_membership is True
    assert tuv.broader == "uy-vien-ban-chap-hanh"
    assert tuv.implied_org_type == "tinh-uy"
    bt = lx.role("bi-thu")
    assert (bt.is_membership, bt.broader, bt.implied_org_type) == (False, None, None)
    assert lx.role("pho-chu-tich").alt_labels == ("PCT",)
    with pytest.raises(KeyError, match="no role with key 'pope'"):
        lx.role("pope")


def test_org_type_entries(lx):
    hu = lx.org_type("huyen-uy")
    assert (hu.category, hu.level, hu.needs_place, hu.needs_name) == ("party", "district", True, False)
    assert "Ban Chấp hành Đảng bộ huyện" in hu.patterns
    ub = lx.org_type("ubnd")
    assert (ub.category, ub.level) == ("state", None)
    assert {"UBND", "UBND huyện", "Ủy ban nhân dân xã"} <= set(ub.patterns)
    assert lx.org_type("bo-chinh-tri").needs_place is False
    assert lx.org_type("so").needs_name is True
    assert (lx.org_type("hoi-nong-dan").category, lx.org_type("hoi-nong-dan").broader) == ("mass", "mttq")


def test_match_roles_longest_first_and_abbreviations(lx):
    text = "ông Lê Văn Thị - Phó Bí thư – CT UBND huyện; ông Nguyễn Bá Út - PBT thường trực huyện ủy, TUV"
    assert spans(text, lx.match_roles(text)) == [
        ("Phó Bí thư", "pho-bi-thu"),
        ("CT", "chu-tich"),
        ("PBT thường trực", "pho-bi-thu-thuong-truc"),
        ("TUV", "tinh-uy-vien"),
    ]


def test_match_roles_tone_placement_and_unaccented(lx):
    text = "Phó Chủ Tịch UBND, Chu tich HĐND, Uỷ viên Ban Thường vụ, Phó Chủ tich"
    assert spans(text, lx.match_roles(text)) == [
        ("Phó Chủ Tịch", "pho-chu-tich"),
        ("Chu tich", "chu-tich"),
        ("Uỷ viên Ban Thường vụ", "uy-vien-ban-thuong-vu"),
        ("Phó Chủ tich", "pho-chu-tich"),
    ]


def test_offsets_are_exact_in_decomposed_text(lx):
    """Text not in NFC (combining marks) still gives spans into the text as given."""
    import unicodedata

    text = unicodedata.normalize("NFD", "Ông A, Phó Bí thư Thường trực Huyện ủy")
    got = spans(text, lx.match_roles(text))
    assert got == [(unicodedata.normalize("NFD", "Phó Bí thư Thường trực"), "pho-bi-thu-thuong-truc")]
    assert spans(text, lx.match_org_types(text)) == [
        (unicodedata.normalize("NFD", "Thường trực"), "thuong-truc-cap-uy"),
        (unicodedata.normalize("NFD", "Huyện ủy"), "huyen-uy")]


def test_fold_table_keeps_word_and_space_characters():
    """_Tokens splits NFC text before folding it, which is right only because the fold table maps
    a word character to a word character, a space to a space, and never to a combining mark."""
    from kg.lexicon import _COMBINING, _FOLD_TABLE

    word, space = re.compile(r"\w"), re.compile(r"\s")
    assert len(_FOLD_TABLE) == 848
    for code, folded in _FOLD_TABLE.items():
        ch = chr(code)
        assert bool(word.match(ch)) == bool(word.match(folded)), ch
        assert bool(space.match(ch)) == bool(space.match(folded)), ch
        assert not _COMBINING.match(folded) and not _COMBINING.match(ch), ch


def test_tokens_of_nfc_text_are_those_of_the_general_path(seed_path):
    """The NFC path of _Tokens (split, then fold each distinct token once) gives the same columns as
    folding the whole text first, on the seed and on text with dashes, quotes, đ, Greek, symbols
    and CJK; a text with a combining mark takes the general path."""
    from kg.lexicon import _Tokens

    texts = [
        seed_path.read_text(encoding="utf-8"),
        "Đ/c Nguyễn Văn Ánh – Phó Chủ tịch UBND xã Đắk R’Moan; ‘Sở’ ΆΈ ½ ² № 東京 Å\u00a0x\tY—z",
        "ĐẢNG ỦY xã Quảng Tín – khóa XXIII (2020-2025): 54/54 (100%) ≥ 95%…",
    ]
    for text in texts:
        fast = _Tokens(text)
        general = _Tokens.__new__(_Tokens)
        general.text = text
        general._general(text)
        assert (fast.cased, fast.lower, fast.start, fast.end) == (general.cased, general.lower, general.start, general.end)
    tok = _Tokens("Ông A")
    assert (tok.cased, tok.lower, tok.start, tok.end) == (["Ong", "A"], ["ong", "a"], [0, 4], [3, 5])
    nfd = _Tokens("O\u0302ng A")  # combining circumflex: the general path, offsets into the text as given
    assert (nfd.cased, nfd.lower, nfd.start, nfd.end) == (["Ong", "A"], ["ong", "a"], [0, 5], [4, 6])


def test_match_roles_rejects_document_numbers_and_lowercase_abbreviations(lx):
    text = "Chỉ thị số 45-CT/TW và Chỉ thị 07/CT-UBND; ct của hội"
    assert lx.match_roles(text) == []


def test_match_roles_strict_case(lx):
    text = "các ủy viên và Ủy viên Ban Chấp hành"
    assert spans(text, lx.match_roles(text)) == [("ủy viên", "uy-vien"), ("Ủy viên Ban Chấp hành", "uy-vien-ban-chap-hanh")]
    assert spans(text, lx.match_roles(text, strict_case=True)) == [("Ủy viên Ban Chấp hành", "uy-vien-ban-chap-hanh")]


def test_match_org_types_seed_sentence(lx):
    text = "Huyện ủy đã tổ chức Hội nghị Ban chấp hành Đảng bộ huyện khóa XXIII; 14 UBND xã; Hội Nông dân, Đoàn TNCS Hồ Chí Minh"
    # "Hội" of "Hội nghị" is the type word of an association here; the extractor finds no name after it
    assert spans(text, lx.match_org_types(text)) == [
        ("Huyện ủy", "huyen-uy"),
        ("Hội", "hoi"),
        ("Ban chấp hành Đảng bộ huyện", "huyen-uy"),
        ("UBND xã", "ubnd"),
        ("Hội Nông dân", "hoi-nong-dan"),
        ("Đoàn TNCS Hồ Chí Minh", "doan-thanh-nien"),
    ]


def test_one_word_capitalized_types_do_not_match_common_words(lx):
    text = "số liệu của Sở Tài chính; phòng, chống dịch; cơ sở"
    assert spans(text, lx.match_org_types(text)) == [("Sở", "so")]


def test_match_units_and_qualifiers(lx):
    text = "khoảng 871,267 triệu đồng, hơn 20 ha, ước đạt 54,9%"
    assert spans(text, lx.match_units(text)) == [("đồng", "VND"), ("ha", "ha"), ("%", "percent")]
    assert spans(text, lx.match_qualifiers(text)) == [("khoảng", "approx"), ("hơn", "more-than"), ("ước đạt", "estimated")]


SEED_FIGURES = [  # (figure as written, the words right after it, expected indicator key)
    ("8.155", " tỷ đồng, đạt 43", "industry-construction-output"),
    ("6.072", " tỷ đồng", "trade-services-output"),
    ("875", " tỷ đồng", "agriculture-output"),
    ("258.868", " triệu", "state-budget-revenue"),
    ("1.605.680", " triệu", "local-budget-revenue"),
    ("965.767", " triệu", "local-budget-expenditure"),
    ("25", " trường hợp vi phạm", "land-construction-violations-enforced"),
    ("49", " làng nghề", "craft-villages-env-plans"),
    ("14", " UBND xã", "commune-committees-inspected"),
    ("6", " trường đạt", "new-national-standard-schools"),
    ("17", " trường tái", "recertified-schools"),
    ("2", " ổ dịch", "outbreaks-handled"),
    ("2.182", " trường hợp", "persons-monitored"),
    ("20.685", " đối tượng", "persons-supported"),
    ("871,267", " triệu", "donations"),
    ("22", " lớp", "study-classes"),
    ("54/54", " (100%)", "party-orgs-congress-held"),
]


def test_indicator_for_covers_the_seed_statistics(lx, seed_path):
    """Each of the seed's 17 statistics gets its indicator from its sentence and offset."""
    text = seed_path.read_text(encoding="utf-8")
    sentences = re.split(r"(?<=[.;])\s+", text)
    found = []
    for figure, after, _ in SEED_FIGURES:
        needle = figure + after
        sentence = next(s for s in sentences if needle in s)
        found.append((figure, after, lx.indicator_for(sentence, sentence.index(needle)).key))
    assert found == SEED_FIGURES


def test_indicator_for_without_anchor_prefers_longest_phrase(lx):
    assert lx.indicator_for("Tổng thu ngân sách địa phương ước thực hiện").key == "local-budget-revenue"
    assert lx.indicator_for("Tổng thu ngân sách nhà nước ước thực hiện").key == "state-budget-revenue"
    assert lx.indicator_for("Kim ngạch xuất khẩu quý I").key == "exports"
    assert lx.indicator_for("GRDP quý I ước đạt").key == "grdp"
    assert lx.indicator_for("tỷ lệ hộ nghèo giảm còn").key == "poverty-rate"
    assert lx.indicator_for("Đồng chí phát biểu") is None


def test_fallback_indicators(lx):
    assert lx.fallback_indicator("VND").key == "other-amount"
    assert lx.fallback_indicator("percent").key == "other-percent"
    assert lx.fallback_indicator("person").key == "other-count"
    assert lx.fallback_indicator("t").key == "other-quantity"
    assert lx.indicator("other-count").is_fallback is True
    # fallbacks never match text
    assert lx.indicator_for("Số lượng khác") is None


def test_new_alt_label_is_recognized_without_code_change(tmp_path: Path, repo_dir: Path):
    onto = tmp_path / "ontology"
    shutil.copytree(repo_dir / "ontology", onto)
    sentence = "Đồng chí Nguyễn Văn A, Trưởng thôn Đông Hòa, phát biểu."
    assert load_lexicon(onto).match_roles(sentence) == []
    roles = onto / "roles.ttl"
    roles.write_text(
        roles.read_text(encoding="utf-8")
        + '\nkgr:truong-thon a skos:Concept , org:Role ; skos:inScheme kgr:scheme ;\n'
        '    skos:prefLabel "Trưởng thôn"@vi , "Village Head"@en .\n'
        'kgr:bi-thu skos:altLabel "Bí thư chi bộ"@vi .\n',
        encoding="utf-8",
    )
    lx2 = load_lexicon(onto)
    assert spans(sentence, lx2.match_roles(sentence)) == [("Trưởng thôn", "truong-thon")]
    text = "ông B, Bí thư chi bộ thôn 3"
    assert spans(text, lx2.match_roles(text)) == [("Bí thư chi bộ", "bi-thu")]


def test_missing_or_broken_ontology_is_a_clear_error(tmp_path: Path, repo_dir: Path):
    with pytest.raises(LexiconError, match="does not exist"):
        load_lexicon(tmp_path / "nowhere")
    onto = tmp_path / "ontology"
    shutil.copytree(repo_dir / "ontology", onto)
    (onto / "units.ttl").write_text("kgu:VND a .", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"units\.ttl: cannot parse Turtle"):
        load_lexicon(onto)
    (onto / "units.ttl").unlink()
    with pytest.raises(LexiconError, match=r"ontology file\(s\) missing: .*units\.ttl"):
        load_lexicon(onto)
