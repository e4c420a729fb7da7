"""Word lists for quantities: units, multipliers, counted nouns, qualifiers.

Language data lives here, apart from the code that uses it (see
:mod:`kg.text.numbers`). Every entry was seen in the project's corpus of
local-government reports (``../shared/corpus``) or in the seed report.
Words are written in NFC with the old-style tone placement; the scanner's
patterns accept both placements (ủy/uỷ) and any case.
"""

from __future__ import annotations

from decimal import Decimal

# Unit codes (Quantity.unit). docs/model.md maps them to kgu: IRIs.
UNITS: dict[str, str] = {
    "VND": "Vietnamese đồng",
    "USD": "US dollar",
    "%": "percent (value 43.8 means 43,8 %)",
    "pp": "percentage points (điểm phần trăm: a difference of two percentages)",
    "ha": "hectare",
    "km2": "square kilometre",
    "m2": "square metre",
    "t": "tonne (tấn; tạ and kg are converted)",
    "km": "kilometre",
    "m": "metre",
    "m3": "cubic metre",
    "l": "litre",
    "MW": "megawatt",
    "kWh": "kilowatt-hour",
    "person": "a count of people",
    "household": "a count of households (hộ)",
    "case": "a count of cases or incidents (trường hợp, ca, vụ)",
    "item": "a count of anything else (schools, communes, projects, visits...); see Quantity.noun",
    "personDay": "person-days of work (ngày công)",
}

# Measure words written after the number: spelling -> (unit code, factor to the unit).
MEASURES: dict[str, tuple[str, Decimal]] = {
    "đồng": ("VND", Decimal(1)),
    "đ": ("VND", Decimal(1)),
    "vnđ": ("VND", Decimal(1)),
    "vnd": ("VND", Decimal(1)),
    "trđ": ("VND", Decimal(10**6)),
    "tr.đ": ("VND", Decimal(10**6)),
    "usd": ("USD", Decimal(1)),
    "đô la mỹ": ("USD", Decimal(1)),
    "đô-la mỹ": ("USD", Decimal(1)),
    "đô la": ("USD", Decimal(1)),
    "đô-la": ("USD", Decimal(1)),
    "%": ("%", Decimal(1)),
    "phần trăm": ("%", Decimal(1)),
    "điểm phần trăm": ("pp", Decimal(1)),
    "ha": ("ha", Decimal(1)),
    "héc-ta": ("ha", Decimal(1)),
    "hécta": ("ha", Decimal(1)),
    "hecta": ("ha", Decimal(1)),
    "km2": ("km2", Decimal(1)),
    "km²": ("km2", Decimal(1)),
    "ki-lô-mét vuông": ("km2", Decimal(1)),
    "m2": ("m2", Decimal(1)),
    "m²": ("m2", Decimal(1)),
    "mét vuông": ("m2", Decimal(1)),
    "tấn": ("t", Decimal(1)),
    "tạ": ("t", Decimal("0.1")),
    "kg": ("t", Decimal("0.001")),
    "ki-lô-gam": ("t", Decimal("0.001")),
    "km": ("km", Decimal(1)),
    "ki-lô-mét": ("km", Decimal(1)),
    "cây số": ("km", Decimal(1)),
    "m3": ("m3", Decimal(1)),
    "m³": ("m3", Decimal(1)),
    "mét khối": ("m3", Decimal(1)),
    "lít": ("l", Decimal(1)),
    "m": ("m", Decimal(1)),
    "mét": ("m", Decimal(1)),
    "md": ("m", Decimal(1)),
    "mw": ("MW", Decimal(1)),
    "kwh": ("kWh", Decimal(1)),
}

# Multipliers between the number and the unit ("8.155 tỷ đồng", "1,2 triệu người").
MULTIPLIERS: dict[str, int] = {
    "tỷ": 10**9,
    "tỉ": 10**9,
    "triệu": 10**6,
    "nghìn": 10**3,
    "ngàn": 10**3,
    "trăm": 10**2,
}
# A number with one of these multipliers and no unit or noun is money ("gần 10 tỷ"):
# reports leave out "đồng" after tỷ. "3,3 triệu" or "12 nghìn" alone is not read as
# money: people and visits are counted in millions too.
MONEY_MULTIPLIERS = frozenset({"tỷ", "tỉ"})

# Counted nouns: noun -> unit. Longer phrases win ("hộ nghèo" over "hộ").
# person: people counted one by one; household: hộ and families; case: cases and
# incidents; item: everything else (kept as Quantity.noun for the indicator).
COUNTED_NOUNS: dict[str, str] = {}
for _noun in (
    "người", "nhân khẩu", "khẩu", "lao động", "đảng viên", "học sinh", "sinh viên", "học viên",
    "cán bộ", "công chức", "viên chức", "cán bộ, công chức", "công nhân", "bệnh nhân", "đại biểu",
    "hội viên", "đoàn viên", "thí sinh", "trẻ em", "trẻ", "cháu", "em", "giáo viên", "bác sĩ",
    "y, bác sĩ", "chiến sĩ", "thanh niên", "cử tri", "phụ nữ", "người dân", "nông dân",
    "đồng chí", "thương binh", "liệt sĩ", "người có công", "đối tượng", "tân binh", "quân nhân",
    "du khách", "lao động nông thôn", "người lao động", "nạn nhân", "người cao tuổi",
    "cựu chiến binh", "tình nguyện viên", "thành viên", "ủy viên", "nhân viên", "bị can",
    "phạm nhân", "thầy thuốc", "y bác sĩ", "gương", "cá nhân", "đ/c", "đồng bào", "hội viên",
    "lao động nữ", "công dân", "người tham gia", "ca sĩ", "đồng nghiệp", "đồng đội",
    "nhà văn", "nhà báo", "nhà khoa học", "nhà giáo", "xã viên", "quần chúng",
    "cấp trưởng", "cấp phó", "lãnh đạo", "cán bộ lãnh đạo",
):
    COUNTED_NOUNS[_noun] = "person"
for _noun in (
    "hộ", "hộ gia đình", "hộ dân", "hộ nghèo", "hộ cận nghèo", "hộ đồng bào", "hộ thoát nghèo",
    "hộ chính sách", "gia đình", "hộ kinh doanh",
):
    COUNTED_NOUNS[_noun] = "household"
for _noun in (
    "trường hợp", "ca", "ca bệnh", "ca mắc", "ca nhiễm", "ca tử vong", "vụ", "vụ việc", "vụ án",
    "vụ tai nạn", "vụ vi phạm", "vụ cháy", "đơn", "đơn thư", "lượt đơn", "vụ khiếu nại",
    # matters taken up by a judgment-enforcement or court office ("thụ lý 7.362 việc")
    "việc", "việc thi hành án",
):
    COUNTED_NOUNS[_noun] = "case"
for _noun in (
    "lớp", "trường", "làng nghề", "xã", "phường", "thị trấn", "huyện", "thị xã", "thành phố",
    "tỉnh", "thôn", "bản", "buôn", "bon", "tổ dân phố", "khu dân cư", "đơn vị", "đơn vị hành chính",
    "doanh nghiệp", "dn", "hợp tác xã", "htx", "dự án", "công trình", "cơ sở", "tổ chức",
    "chi bộ", "đảng bộ", "tổ chức cơ sở đảng", "tổ chức đảng", "cuộc", "buổi", "đợt", "lần",
    "văn bản", "hồ sơ", "giấy chứng nhận", "thủ tục", "thủ tục hành chính", "ngôi nhà", "căn nhà",
    "nhà", "căn hộ", "con", "chiếc", "cái", "bộ", "phòng", "trạm", "điểm", "tiêu chí", "chỉ tiêu",
    "sản phẩm", "mô hình", "câu lạc bộ", "tuyến", "tuyến đường", "cây", "gói thầu", "bài",
    "tin", "tin, bài", "tác phẩm", "suất", "suất quà", "phần quà", "xe", "tàu", "giải",
    "huy chương", "gian hàng", "lượt", "lượt người", "lượt khách", "lượt khách du lịch", "chương trình",
    "nghị quyết", "chỉ thị", "đề án", "kế hoạch", "ý kiến", "kiến nghị", "đoàn", "tổ", "nhóm",
    "cửa hàng", "chợ", "siêu thị", "trung tâm", "trung tâm thương mại", "ngành", "nhiệm vụ",
    "hạng mục", "cơ quan", "lĩnh vực",
    "trang trại", "gia trại", "ô tô", "xe máy", "bệnh viện", "trạm y tế", "thư viện", "nhà văn hóa",
    "tập thể", "bằng khen", "giấy khen", "cờ thi đua", "ngôi trường", "phòng học", "lô", "thửa",
    "thửa đất", "giếng", "cầu", "lò", "tấm", "bảng", "panô", "băng rôn", "khẩu hiệu", "tờ rơi",
    "đầu sách", "cuốn", "bản đồ", "mảnh", "mảnh bản đồ", "điểm trường", "khu", "cụm",
    "cụm công nghiệp", "khu công nghiệp", "dự thảo", "quyết định", "lượt truy cập", "nhà thầu",
    "nhà máy", "ngôi mộ", "phần mộ", "căn", "phương tiện", "tàu cá", "ghe", "ổ dịch", "ubnd",
    "ubnd xã", "ubnd cấp xã", "ubnd phường", "ubnd huyện", "ủy ban nhân dân xã", "hội đồng",
    # longer phrases that start like a unit or another noun but count something else
    "đồng hồ", "vụ lúa", "vụ mùa", "vụ đông", "hộ chiếu", "lớp học", "nhà đầu tư", "nhà tạm",
    "nhà ở", "con số",
    # seen in the held-out reports: forms and ballots, boards, canals and culverts
    "phiếu", "ban", "ban ngành", "ban quản lý", "ban quản lý dự án", "kênh", "kênh mương",
    "mương", "cống",
    # crops counted by plant, pole or vine ("2.875 trụ tiêu", "11.638 dây tiêu")
    "trụ", "dây", "gốc", "bụi",
    # establishments and units
    "khách sạn", "nhà hàng", "chi cục", "phòng khám", "nhà nghỉ",
    # ideas and works entered in contests and emulation movements ("250 ý tưởng khởi nghiệp")
    "ý tưởng", "sáng kiến", "đề tài",
    # jobs created ("tạo 1.200 việc làm"), not matters ("việc")
    "việc làm",
):
    COUNTED_NOUNS[_noun] = "item"
# Nouns that name a measure, not a count.
for _noun, _unit in (("km đường", "km"), ("ngày công", "personDay"), ("ngày công lao động", "personDay")):
    COUNTED_NOUNS[_noun] = _unit
del _noun, _unit

# Qualifier words before a number -> Quantity.qualifier.
QUALIFIERS: dict[str, str] = {
    "ước đạt": "estimated",
    "ước thực hiện": "estimated",
    "ước tính": "estimated",
    "ước khoảng": "estimated",
    "ước": "estimated",
    "dự kiến": "estimated",
    "gần": "approx",
    "khoảng": "approx",
    "xấp xỉ": "approx",
    "chừng": "approx",
    "trên dưới": "approx",
    "hơn": "more-than",
    "trên": "more-than",
    "ngoài": "more-than",
    "hơn là": "more-than",
    "ít nhất": "more-than",
    "tối thiểu": "more-than",
    "dưới": "less-than",
    "chưa đến": "less-than",
    "chưa tới": "less-than",
    "không quá": "less-than",
    "không đến": "less-than",
    "tối đa": "less-than",
    "≥": "more-than",
    ">": "more-than",
    "≤": "less-than",
    "<": "less-than",
    "lũy kế": "cumulative",
}
# Words before "hơn" that make it a comparative ("cao hơn 7,9 điểm": a difference).
COMPARATIVES = (
    "cao", "thấp", "nhiều", "ít", "lớn", "nhỏ", "kém", "nhanh", "chậm", "sớm", "muộn", "dài",
    "ngắn", "rộng", "hẹp", "đông", "xa", "mạnh", "yếu", "giàu", "nghèo", "tốt", "trẻ", "già",
    "rẻ", "đắt", "lâu", "hơn", "giảm", "tăng",
)
QUALIFIER_CODES = ("approx", "more-than", "less-than", "estimated", "cumulative")

# Words right before a number that make it a label, not a quantity ("năm 2020",
# "khóa 23", "lần thứ 10", "Quyết định số 1234", "lớp 8", "Quốc lộ 14").
NON_QUANTITY_BEFORE = (
    "số", "thứ", "khóa", "kỳ", "lần", "đợt", "giai đoạn",
    "nhiệm kỳ", "điều", "khoản", "mục", "chương", "phần", "trang", "phòng", "tổ", "đội",
    "khu", "khối", "thôn", "ấp", "bản", "buôn", "tiểu khu", "quốc lộ", "ql", "tỉnh lộ", "đt",
    "đường", "lô", "kho", "km", "tập", "sáng", "chiều", "tối", "hôm", "phường",
    "xã", "tiểu đoàn", "đại đội", "sư đoàn", "trung đoàn", "quân khu", "hẻm", "ngõ", "ngách",
    "kiệt", "lầu", "tầng", "phiên", "vòng", "hạng", "bậc", "cấp", "loại", "mã", "sn", "sinh năm",
    "covid", "nghị định", "tổ dân phố", "phố", "số nhà", "thông tư", "chỉ thị",
    "nghị quyết", "quyết định", "công văn", "kết luận", "thông báo", "kế hoạch", "tờ trình",
)
# Words that make the number after them a label only when it is in the label's range
# and no multiplier or measure follows: "tháng 7" (a month) but "mỗi tháng 500 người"
# and "mỗi tháng 5 triệu đồng"; "lớp 8" but "mỗi lớp 30 học sinh".
# "năm" takes a year (four digits, no thousands dot): "năm 2019 hộ nghèo giảm" but
# "mỗi năm 2 triệu đồng".
LABEL_BEFORE_MAX: dict[str, int] = {
    "ngày": 31, "tháng": 12, "quý": 4, "tuần": 5, "lớp": 12, "giờ": 24, "lúc": 24,
}
YEAR_BEFORE = ("năm", "từ năm", "đến năm")
