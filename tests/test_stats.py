"""Statistics (kg.extract.stats) on short made-up sentences: exact value, unit and indicator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kg.extract import extract
from kg.model import Report


def report(text: str, when: date = date(2019, 7, 10)) -> Report:
    return Report(path="t.txt", key="t", text=text, title=text.split("\n")[0], date=when, year=when.year)


def obs(text: str) -> list[tuple]:
    """(value, unit, indicator, share, percent of plan) of every observation of ``text``."""
    return [(o.value, o.unit, o.indicator, o.share, o.percent_of_plan) for o in extract(report(text)).observations]


def test_dot_decimal_figures_are_read():
    assert obs("Tin hoạt động\nHội viên sửa chữa 30.9 km đường giao thông và nạo vét 10.6 kênh mương.") == [
        (Decimal("30.9"), "km", "other-quantity", None, None),
        (Decimal("10.6"), "item", "other-count", None, None),
    ]


def test_new_count_nouns():
    found = obs("Tin hoạt động\nHội viên đóng góp trên 7.530 ngày công lao động; kiểm toán 5 Ban quản lý dự án.")
    assert [(v, u) for v, u, *_ in found] == [(Decimal(7530), "personDay"), (Decimal(5), "item")]


def test_digits_inside_an_acronym_are_no_figure():
    assert obs("Tin hoạt động\nKiểm toán 2 đơn vị thực hiện Dự án giảm nghèo (3EM) và mạng 4G.") == [
        (Decimal(2), "item", "other-count", None, None),
    ]


def test_rate_reached_by_a_ratio_is_its_share():
    assert obs("Tin hoạt động\nCông an giải quyết 130/110 tin đạt 85%.") == [
        (Decimal(130), "item", "other-count", Decimal(85), None),
    ]


def test_rate_after_a_place_phrase_belongs_to_the_count_before_it():
    found = obs("Tin hoạt động\nĐã thu được gần 60.000 phiếu trên địa bàn 8 xã, thị trấn, đạt tỷ lệ 91%.")
    assert [(v, u, s) for v, u, _, s, _ in found] == [
        (Decimal(60000), "item", Decimal(91)),
        (Decimal(8), "item", None),
    ]


def test_a_separate_rate_phrase_is_its_own_statistic():
    found = obs("Tin hoạt động\nTrường có 500 học sinh, tỷ lệ tốt nghiệp đạt 98%.")
    assert [(v, u, s) for v, u, _, s, _ in found] == [(Decimal(500), "person", None), (Decimal(98), "%", None)]


def test_title_figure_repeated_in_the_body_is_one_observation():
    found = obs("05 xã đạt chuẩn nông thôn mới\nKết quả có 5/8 xã đủ điều kiện đề nghị công nhận.")
    assert [(v, u) for v, u, *_ in found] == [(Decimal(5), "item")]
    assert extract(report("05 xã đạt chuẩn\nCó 5/8 xã đủ điều kiện.")).observations[0].denominator == Decimal(8)


def test_anaphoric_figure_is_not_a_new_observation():
    found = obs("Tin hoạt động\nĐoàn đã thẩm định 8 xã. Hội đồng bỏ phiếu đối với 8 xã trên.")
    assert [(v, u) for v, u, *_ in found] == [(Decimal(8), "item")]


def test_remaining_count_derived_from_a_ratio_is_dropped():
    found = obs("Tin hoạt động\nXã A đạt 17/19 tiêu chí, còn 2 tiêu chí chưa đạt. Xã B đạt 14/19 tiêu chí, 5 tiêu chí còn lại.")
    assert [(v, u) for v, u, *_ in found] == [(Decimal(17), "item"), (Decimal(14), "item")]


def test_ratio_each_counted_unit_reached_is_not_a_new_observation():
    found = obs("Tin hoạt động\nCó 3 xã đạt 19/19 tiêu chí.")
    assert [(v, u) for v, u, *_ in found] == [(Decimal(3), "item")]


def test_indicator_phrase_of_the_next_figure_is_not_taken():
    found = obs("Tin hoạt động\nTổng thu ngân sách lũy kế ước đạt 310 tỷ 250 triệu đồng, tổng chi ngân sách lũy kế ước đạt 150 tỷ đồng.")
    assert [(v, u, i) for v, u, i, *_ in found] == [
        (Decimal(310250000000), "VND", "state-budget-revenue"),
        (Decimal(150000000000), "VND", "local-budget-expenditure"),
    ]


def test_indicator_unit_must_agree_with_the_figure():
    found = obs("Tin hoạt động\nHội viên đóng góp được 3 tỷ đồng và trên 6.200 ngày công lao động để sửa chữa 12 km đường.")
    assert [(v, u, i) for v, u, i, *_ in found] == [
        (Decimal(3000000000), "VND", "donations"),
        (Decimal(6200), "personDay", "other-count"),
        (Decimal(12), "km", "other-quantity"),
    ]


def test_award_counts_are_not_population():
    found = obs("Tin hoạt động\nTổng kết Tổng điều tra dân số, UBND tỉnh tặng Bằng khen cho 30 tập thể và 55 cá nhân; "
                "đề nghị tặng bằng khen đối với 01 tập thể và 03 cá nhân có thành tích xuất sắc trong Tổng điều tra dân số.")
    assert [(v, u, i) for v, u, i, *_ in found] == [
        (Decimal(30), "item", "awards"), (Decimal(55), "person", "awards"),
        (Decimal(1), "item", "awards"), (Decimal(3), "person", "awards"),
    ]


def test_full_membership_is_not_admission():
    found = obs("Tin hoạt động\nQuyết định kết nạp 14 quần chúng ưu tú vào Đảng, chuyển đảng chính thức cho 06 đảng viên.")
    assert [(v, u, i) for v, u, i, *_ in found] == [
        (Decimal(14), "person", "new-party-members"), (Decimal(6), "person", "party-members-confirmed"),
    ]


def test_percent_of_the_whole_plan():
    text = "Giải ngân vốn\nĐến nay, huyện đã giải ngân 35 tỷ đồng, đạt 21,14% tổng kế hoạch vốn năm 2019."
    ex = extract(Report(path="t.txt", key="t", text=text, title="Giải ngân vốn", date=date(2019, 7, 10), year=2019))
    money = [o for o in ex.observations if o.unit == "VND"]
    assert [(o.value, o.percent_of_plan) for o in money] == [(Decimal("35000000000"), Decimal("21.14"))]


def test_a_percentage_right_after_a_ratio_is_its_share():
    text = "Tiếp công dân\nTrong tháng, đã giải quyết 26/28 lượt, 93%. Có 7/10 xã đạt chuẩn, tăng 2 xã."
    ex = extract(Report(path="t.txt", key="t", text=text, title="Tiếp công dân", date=date(2019, 5, 10), year=2019))
    assert [(o.value, o.denominator, o.share) for o in ex.observations] == [
        (Decimal("26"), Decimal("28"), Decimal("93")), (Decimal("7"), Decimal("10"), None), (Decimal("2"), None, None)]


def test_norms_and_targets_are_no_statistics():
    text = ("Tin hoạt động\nHuyện đã đạt 6/9 tiêu chí; tiêu chí môi trường còn thiếu: tỷ lệ rác được thu gom phải đạt ≥ 90%; "
            "có ít nhất 1 mô hình tái chế. Xã chưa có ít nhất 1 trường đạt chuẩn. Huyện phấn đấu hoàn thành 9/9 tiêu chí "
            "vào năm 2026. Đến năm 2030, với mục tiêu đến năm 2030 có 2.000 ha lúa. Nhờ nỗ lực phấn đấu, xã đạt 12 tiêu chí. "
            "Trận lũ làm ít nhất 3 người bị thương.")
    assert [(v, u) for v, u, *_ in obs(text)] == [(Decimal(6), "item"), (Decimal(12), "item"), (Decimal(3), "person")]


def test_widths_heights_and_one_familys_holding_are_no_statistics():
    text = ("Tin hoạt động\nTuyến đường dài 2,5 km, mặt đường nhựa 3,5m, nền đường mỗi bên 1m; thảm nhựa dài 800 m. "
            "Cây trụ vươn cao 6 mét. Gia đình anh Trần Văn Bình trồng 3 ha cà phê. Toàn xã có 120 hộ trồng 250 ha cà phê.")
    assert [(v, u) for v, u, *_ in obs(text)] == [
        (Decimal("2.5"), "km"), (Decimal(800), "m"), (Decimal(120), "household"), (Decimal(250), "ha")]


def test_the_content_of_a_petition_is_no_statistic():
    text = ("Kết quả xử lý đơn thư tuần 2\nTrong tuần tiếp nhận 12 đơn.\n1. Ông Trần Văn Bình; địa chỉ: thôn 3\n"
            "Nội dung: Đề nghị trả lại diện tích 35,5 ha đất và chi trả 20% sản lượng.\n"
            "- Tố cáo 02 công dân hủy hoại gần 10 ha rừng.\nLoại đơn: Kiến nghị")
    assert [(v, u) for v, u, *_ in obs(text)] == [(Decimal(12), "case")]


def test_millions_and_thousands_without_dong_are_money_in_a_money_phrase_or_a_money_range():
    text = ("Tin hoạt động\nGiá trị quyết toán công trình cấp nước tại thôn 3 tăng hơn 126 triệu. "
            "Các hộ bỏ ra khoảng 700 ngàn đến 1,2 triệu đồng mua đồng hồ. Dân số xã đạt 1,1 triệu.")
    assert [(v, u) for v, u, *_ in obs(text)] == [
        (Decimal(126000000), "VND"), (Decimal(700000), "VND"), (Decimal(1200000), "VND")]


def test_a_measure_symbol_glued_to_its_number_before_a_noun():
    text = "Tin hoạt động\nXã mở mới được 2km đường liên thôn; sản phẩm (3EM) được ưa chuộng."
    assert [(v, u) for v, u, *_ in obs(text)] == [(Decimal(2), "km")]


def test_a_plans_figure_and_one_residents_figures_are_no_statistics():
    text = ("Tin hoạt động\nNhà máy vận hành theo kế hoạch năm 2019 là 700 tấn, lũy kế đến hết tháng 6 đã sản xuất được "
            "315.100 tấn. Ông Lê Văn Hòa, ở tổ dân phố 2 bị chết hơn 40 trụ tiêu. Ông Lê Văn Hòa, Chủ tịch UBND xã, cho biết "
            "toàn xã có 60 ha tiêu bị chết.")
    assert [(v, u) for v, u, *_ in obs(text)] == [(Decimal(315100), "t"), (Decimal(60), "ha")]


def test_ideas_are_counted_and_a_multiplier_is_no_count():
    found = obs("Tin hoạt động\nCó 180 ý tưởng khởi nghiệp đăng ký, 6 ý tưởng được thực hiện và 15 sáng kiến được công nhận. "
                "Số hộ khá từ 210 hộ tăng lên 640 hộ, tăng 3,1 lần; doanh thu tăng gấp 2 lần. Hội tổ chức 4 lần tập huấn.")
    assert [(v, u) for v, u, *_ in found] == [
        (Decimal(180), "item"), (Decimal(6), "item"), (Decimal(15), "item"),
        (Decimal(210), "household"), (Decimal(640), "household"), (Decimal(4), "item"),
    ]
