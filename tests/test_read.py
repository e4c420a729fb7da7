"""Stage 1 (kg.read): where a report's date and year come from.

Order: sidecar ``NAME.meta.json`` > manifest date column > HTML metadata > a full date
in the lead of the text > (the year the text points to) > a date in a free-text
manifest cell.  The texts here are made up for the tests.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract import extract
from kg.read import _likely_year, read_manifest, read_report
from kg.resolve import resolve

NO_YEAR = "Lễ công bố quyết định\nNgày 28/5, Ban Thường vụ Tỉnh ủy tổ chức Lễ công bố quyết định nhiệm kỳ 2015-2020.\n"
WITH_DATE = "Hội nghị sơ kết\nNgày 13/9/2018, UBND tỉnh tổ chức hội nghị sơ kết.\n"


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def test_manifest_in_the_parent_folder_with_a_date_column(tmp_path):
    f = _write(tmp_path / "reports", "a.txt", WITH_DATE)
    (tmp_path / "manifest.csv").write_text("file,published,url\nreports/a.txt,2018-09-14,https://example.org/a\n", encoding="utf-8")
    r = read_report(f, f.parent)
    assert (r.date, r.date_source, r.year, r.source) == (date(2018, 9, 14), "meta", 2018, "https://example.org/a")


def test_a_free_text_manifest_date_comes_after_the_texts_own_date_and_before_its_years(tmp_path):
    a = _write(tmp_path / "reports", "a.txt", NO_YEAR)
    b = _write(tmp_path / "reports", "b.txt", WITH_DATE)
    c = _write(tmp_path / "reports", "c.txt", "Hội nghị\nNgày 27/02, Đoàn công tác làm việc về thi hành Luật Kiểm toán năm 2015.\n")
    (tmp_path / "SOURCES.tsv").write_text(
        "file\tsource\tgenre_note\n"
        "reports/a.txt\tportal mirror\tfolder=Tin; time=30/05/2019; score=27\n"
        "reports/b.txt\tportal mirror\tfolder=Tin; time=30/07/2019; score=37\n"
        "reports/c.txt\tportal mirror\tfolder=Tin; time=(05.08.2019 16:32)\n",
        encoding="utf-8",
    )
    ra, rb, rc = (read_report(f, f.parent) for f in (a, b, c))
    assert (ra.date, ra.date_source, ra.year, ra.source) == (date(2019, 5, 30), "manifest-note", 2019, "portal mirror")
    # the listing date (a year later) does not replace the report's own date
    assert (rb.date, rb.date_source, rb.year) == (date(2018, 9, 13), "text", 2018)
    # but it beats a year the text merely names (a law's year)
    assert (rc.date, rc.date_source, rc.year) == (date(2019, 8, 5), "manifest-note", 2019)
    events = extract(ra).events
    assert [(e.kind, e.date) for e in events] == [("ceremony", date(2019, 5, 28))]


def test_an_iso_date_in_a_manifest_note_dates_a_report_without_a_year(tmp_path):
    text = ("Họp Ban Thường vụ\nChiều 14.5, Ban Thường vụ Tỉnh ủy tổ chức hội nghị. Theo đó, tỉnh Phú Yên "
            "có 110 đơn vị hành chính cấp xã, gồm 96 xã và 14 phường.\n")
    a = _write(tmp_path / "reports", "a.txt", text)
    b = _write(tmp_path / "reports", "b.txt", text)
    c = _write(tmp_path / "reports", "c.txt", text)
    d = _write(tmp_path / "reports", "d.txt", text)
    (tmp_path / "SOURCES.tsv").write_text(
        "file\tsource\tlicense\tgenre_note\n"
        "reports/a.txt\tx\tx\tprovince news 2025-05-15; category=Chính trị\n"
        "reports/b.txt\tx\tx\tnews 2025-13-40 then time=16/05/2025\n"
        "reports/c.txt\tx\tx\ttime=17/05/2025; mirrored 2025-06-01\n"
        "reports/d.txt\tx\tx\tportal; time=thứ năm, 15 05 2025 08:51; id=2025-05-150\n",
        encoding="utf-8",
    )
    ra, rb, rc, rd = (read_report(f, f.parent) for f in (a, b, c, d))
    assert (ra.date, ra.date_source, ra.year) == (date(2025, 5, 15), "manifest-note", 2025)
    assert (rb.date, rc.date) == (date(2025, 5, 16), date(2025, 5, 17))  # an impossible date is skipped; the first date wins
    assert (rd.date, rd.date_source, rd.year) == (None, "", None)  # spaced crawl times and longer digit runs are no date
    ex = extract(ra)
    assert [(e.kind, e.date) for e in ex.events] == [("meeting", date(2025, 5, 14))]
    assert sorted((o.value, o.period) for o in resolve(ex).observations) == [
        (v, (date(2025, 1, 1), date(2025, 12, 31))) for v in (14, 96, 110)]


def test_an_anniversary_in_the_title_is_dated_by_its_end(tmp_path):
    f = _write(tmp_path, "a.txt", "Kỷ niệm 65 năm Chiến thắng Điện Biên Phủ (07/05/1954 – 07/5/2019)\nSáng 29/3, huyện tổ chức lễ mít tinh.\n")
    r = read_report(f, tmp_path)
    assert (r.date, r.year) == (date(2019, 5, 7), 2019)


def test_sidecar_beats_manifest(tmp_path):
    f = _write(tmp_path, "a.txt", NO_YEAR)
    (tmp_path / "a.meta.json").write_text(json.dumps({"published": "2020-05-29", "source": "sidecar"}), encoding="utf-8")
    (tmp_path / "manifest.tsv").write_text("file\tpublished\na.txt\t2019-05-30\n", encoding="utf-8")
    r = read_report(f, tmp_path)
    assert (r.date, r.date_source, r.source) == (date(2020, 5, 29), "meta", "sidecar")


def test_manifest_without_a_file_column_is_an_error_naming_it(tmp_path):
    f = _write(tmp_path, "a.txt", NO_YEAR)
    (tmp_path / "manifest.csv").write_text("name,published\na.txt,2019-05-30\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_report(f, tmp_path)
    assert "manifest.csv" in str(err.value) and "no 'file' column" in str(err.value)


def test_read_manifest_keys_are_absolute_paths(tmp_path):
    (tmp_path / "m.tsv").write_text("File\tDate\tSection\nx/a.txt\t30/05/2019\tTin tức\n\t\t\n", encoding="utf-8")
    assert read_manifest(tmp_path / "m.tsv") == {
        str((tmp_path / "x" / "a.txt").resolve()): {"published": "30/05/2019", "section": "Tin tức"}
    }


def test_read_manifest_keys_resolve_links_and_odd_paths_as_path_resolve_does(tmp_path):
    # the keys are str(Path.resolve()) of each row's path, however the folder or the file is reached
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "real" / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "real" / "link.txt").symlink_to(tmp_path / "real" / "b.txt")
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "real" / "loop.txt").symlink_to(tmp_path / "real" / "loop.txt")
    rows = ["real/a.txt", "alias/a.txt", "alias/link.txt", "real/link.txt", "missing/c.txt",
            "real/../real/a.txt", "real/..", "alias/./gone.txt"]
    (tmp_path / "m.tsv").write_text("file\tdate\n" + "".join(f"{r}\t2019-05-30\n" for r in rows), encoding="utf-8")
    keys = list(read_manifest(tmp_path / "m.tsv"))
    assert keys == list(dict.fromkeys(str((tmp_path / r).resolve()) for r in rows))
    real = tmp_path.resolve() / "real"
    assert keys == [str(real / "a.txt"), str(real / "b.txt"), str(tmp_path.resolve() / "missing" / "c.txt"),
                    str(tmp_path.resolve()), str(real / "gone.txt")]
    (tmp_path / "m.tsv").write_text("file\tdate\nreal/loop.txt\t2019-05-30\n", encoding="utf-8")
    with pytest.raises(RuntimeError):  # a link loop, as Path.resolve
        read_manifest(tmp_path / "m.tsv")


def test_likely_year_needs_a_period_that_writes_its_year():
    # periods without their year ("quý II", "tháng 6", "năm nay") say nothing without a reference date
    assert _likely_year("Quý II tăng 5%, tháng 6 đạt 100 tỷ đồng, năm nay đạt 98%.") is None
    assert _likely_year("Quý II/2019 tăng 5%, tháng 6 đạt 100 tỷ đồng.") == 2019
    assert _likely_year("Năm 2018 đạt 98%; năm 2019 đạt 99%; năm 2019 lập kế hoạch.") == 2019


def test_report_year_is_the_latest_year_of_periods_shorter_than_a_year(tmp_path):
    text = ("Kết quả sản xuất\nGiá trị sản xuất năm 2018 đạt 8.943 tỷ đồng, tăng 15% so với năm 2017. "
            "Năm 2018 thu ngân sách đạt 100% kế hoạch. Quý I năm 2019 tăng 8,2%. Ngày 4/4, UBND tỉnh tổ chức buổi làm việc với đoàn công tác.\n")
    f = _write(tmp_path, "a.txt", text)
    r = read_report(f, tmp_path)
    assert (r.date, r.year) == (None, 2019)
    assert [(e.kind, e.date) for e in extract(r).events] == [("meeting", date(2019, 4, 4))]


def test_report_year_without_short_periods_is_the_most_named_year(tmp_path):
    f = _write(tmp_path, "a.txt", "Tổng kết\nNăm 2018 thu 5 tỷ đồng; năm 2018 chi 4 tỷ đồng; năm 2017 thu 3 tỷ đồng. Nhiệm kỳ 2015-2020.\n")
    assert read_report(f, tmp_path).year == 2018


def test_a_week_number_is_not_a_date(tmp_path):
    f = _write(tmp_path, "a.txt", "Kết quả xử lý đơn thư tuần 1 tháng 5 năm 2019\nTrong tuần, Ban Tiếp công dân tiếp 12 lượt công dân.\n")
    r = read_report(f, tmp_path)
    assert (r.date, r.year) == (None, 2019)
