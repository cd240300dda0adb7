"""CSV encodings, traditional characters, attachments, the cover sheet, big files, the CLI."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

import scoring
from scoring.cli import app
from scoring.intake import check_folder, summarize

from ..conftest import RULES_2023
from ._corpus import check, rows_accounted, unit_folder

PETITIONS = "编号,受理日期,来源,事由,是否办结\np1,2023/5/1,来访,赡养纠纷,是\np2,2023年6月2日,12338热线,婚姻纠纷,否\n"
TRAD = "編號,受理日期,來源,事由,是否辦結\np1,2023/5/1,來訪,贍養糾紛,是\n"


def test_csv_utf8_bom_gbk_and_gb18030_are_detected(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    for enc in ("utf-8", "utf-8-sig", "gbk", "gb18030"):
        f = unit_folder(tmp_path / enc)
        (f / "信访件.csv").write_bytes(PETITIONS.encode(enc))
        ev = scoring.load_evidence(f, book2023)
        assert [(r.id, r.values["received_on"], r.values["source"], r.values["closed"]) for r in ev.records] == [
            ("p1", dt.date(2023, 5, 1), "来访", True), ("p2", dt.date(2023, 6, 2), "12338热线", False)], enc


def test_csv_with_a_wrongly_stated_encoding(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    (f / "petition.csv").write_bytes(PETITIONS.encode("gbk"))
    rep, msgs = check(f, book2023, encoding="utf-8")
    assert msgs == ["petition.csv:1: 文件不是 utf-8 编码：第 1 行（第 1 个字节）无法按 utf-8 解码\n"
                    "  提示：去掉 --encoding 让程序自动识别，或写对编码，例如 --encoding gbk"]
    assert rep.raws == []
    rep, msgs = check(f, book2023, encoding="gbk")
    assert msgs == [] and len(rep.raws) == 2


def test_csv_in_no_known_encoding(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    (f / "信访件.csv").write_bytes(b"\xff\xff\x80,\n")
    _, msgs = check(f, book2023)
    assert msgs == ["信访件.csv: 无法识别 CSV 文件的编码（既不是 UTF-8，也不是 GBK/GB18030）\n"
                    "  提示：在 Excel 或 WPS 里“另存为 → CSV UTF-8（逗号分隔）”，或者用 --encoding 指明编码"]


def test_traditional_headers_file_name_and_values(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    (f / "信訪件.csv").write_bytes(TRAD.encode("utf-8"))
    ev = scoring.load_evidence(f, book2023)
    (r,) = ev.records
    assert (r.type, r.values["source"], r.values["summary"]) == ("petition", "来访", "贍養糾紛")  # text kept as written


def test_csv_rows_in_equal_records_out_plus_errors(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    text = "日期,活动类别,活动名称,参加人数\n2023-03-01,慰问,a,1\n2023-13-01,慰问,b,2\n,,,\n2023-03-03,,c,\n2023-03-04,宣讲,d,x\n\n\n"
    (f / "活动.csv").write_text(text, encoding="utf-8")
    rep, msgs = check(f, book2023)
    assert [e.location.row for e in rep.errors if e.location] == [3, 5, 6]
    assert msgs[0] == "活动.csv/第3行/日期（A）列: 字段 '日期' 的值有误：'2023-13-01' 不是存在的日期\n" \
                      "  提示：日期写成 2023-05-01（也可以写 2023/5/1 或 2023年5月1日）"
    rows_accounted(rep, {2, 3, 5, 6})
    assert summarize(f, book2023)[0].counts == {"activity": 4}


def test_attachments_missing_and_outside(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    (f / "照片").mkdir()
    (f / "照片" / "a1.jpg").write_bytes(b"jpg")
    (f / "活动.csv").write_text("日期,活动类别,活动名称,附件\n2023-03-01,慰问,a,照片/a1.jpg、照片/a2.jpg；../x.pdf\n",
                                encoding="utf-8")
    rep, msgs = check(f, book2023)
    assert msgs == [
        "活动.csv/第2行/附件（D）列: 找不到附件 '照片/a2.jpg'\n"
        "  提示：把文件放到 照片/a2.jpg，或改正路径（相对于证据文件夹，例如 照片/活动1.jpg）",
        "活动.csv/第2行/附件（D）列: 附件路径 '../x.pdf' 不在证据文件夹里\n"
        "  提示：附件要放在证据文件夹（或其子文件夹）中，写相对路径，例如 照片/活动1.jpg",
    ]
    assert rep.raws[0].attachments == ["照片/a1.jpg", "照片/a2.jpg", "../x.pdf"]


def test_cover_and_unit_yaml_both_filled(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    scoring.intake.write_template(book2023, f / "t.xlsx")
    wb = openpyxl.load_workbook(f / "t.xlsx")
    ws = wb["封面"]
    row = next(r for r in ws.iter_rows() if r[2].value == "name")
    row[1].value = "X乡"
    wb.save(f / "t.xlsx")
    _, msgs = check(f, book2023)
    assert msgs == ["t.xlsx: 单位信息写了两处：unit.yaml 和 t.xlsx\n"
                    "  提示：只保留一处：删除 unit.yaml，或清空 Excel 封面上的单位信息和自评分"]


def test_an_empty_template_adds_nothing(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    scoring.intake.write_template(book2023, f / "t.xlsx")
    rep = check_folder(f, book2023)
    assert rep.ok and rep.raws == []
    assert rep.files[0].counts == {}


def _big_csv(path: Path, target: int) -> int:
    line = "2023-03-{d:02d},亲子阅读,亲子阅读活动第{i}场：绘本共读与家庭教育分享（{i}）,{p}\n"
    n = 0
    with open(path, "w", encoding="gb18030") as f:
        f.write("日期,活动类别,活动名称,参加人数\n")
        size = 0
        while size < target:
            s = line.format(d=n % 28 + 1, i=n, p=n % 50)
            f.write(s)
            size += len(s.encode("gb18030"))
            n += 1
    return n


def test_a_10_mb_gbk_csv(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    n = _big_csv(f / "活动.csv", 10 * 1024 * 1024)
    assert (f / "活动.csv").stat().st_size >= 10 * 1024 * 1024
    assert scoring.intake.detect_encoding(f / "活动.csv") == "gb18030"  # found by streaming both passes
    recs, errs = scoring.intake.read_csv(f / "活动.csv", book2023)
    assert errs == [] and len(recs) == n
    assert (recs[-1].source.row, recs[-1].values["participants"]) == (n + 1, str((n - 1) % 50))


def test_a_10_mb_xlsx_streams(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("活动")
    ws.append(["日期", "活动类别", "活动名称", "参加人数"])
    rnd = random.Random(4)
    n = 20000
    for i in range(n):  # random characters so the file stays big once zipped
        ws.append([dt.date(2023, 3, i % 28 + 1), "宣讲", "".join(chr(0x4E00 + rnd.randrange(20000)) for _ in range(300)),
                   i % 50])
    wb.save(f / "big.xlsx")
    assert (f / "big.xlsx").stat().st_size >= 10 * 1024 * 1024
    recs, errs = scoring.intake.read_xlsx(f / "big.xlsx", book2023)
    assert errs == [] and len(recs) == n
    assert (recs[-1].source.row, recs[-1].values["date"], recs[-1].values["participants"]) == (
        n + 1, dt.date(2023, 3, (n - 1) % 28 + 1), (n - 1) % 50)


def test_cli_template_and_check(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "t.xlsx"
    r = runner.invoke(app, ["template", str(RULES_2023), "-o", str(out)])
    assert r.exit_code == 0 and out.is_file()
    assert openpyxl.load_workbook(out, read_only=True).sheetnames[:3] == ["封面", "信访件", "负面事件"]
    f = unit_folder(tmp_path)
    (f / "活动.csv").write_text("日期,活动类别,活动名称\n2023-02-30,慰问,a\n", encoding="utf-8")
    r = runner.invoke(app, ["evidence", "check", str(RULES_2023), str(f)])
    assert r.exit_code == 1
    shown = r.output.replace("\n", "")  # the terminal may wrap long lines
    assert f"{f / '活动.csv'}：活动 1 条" in shown
    assert "活动.csv/第2行/日期（A）列: 字段 '日期' 的值有误：'2023-02-30' 不是存在的日期" in shown


_ODS = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.2"><office:body><office:spreadsheet><table:table table:name="信訪件">{rows}</table:table>
</office:spreadsheet></office:body></office:document-content>"""


_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"""


def test_a_broken_workbook_is_reported_once(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    f = unit_folder(tmp_path)
    (f / "坏.xlsx").write_bytes(b"not a zip")
    _, msgs = check(f, book2023)
    assert msgs == ["坏.xlsx: 无法打开 Excel 文件：File is not a zip file\n"
                    "  提示：用 Excel 或 WPS 打开后另存为 .xlsx 再试；文件是否已损坏或加了密码？"]


def _ods_cell(v: str, kind: str = "string") -> str:
    extra = f' office:date-value="{v}"' if kind == "date" else f' office:value="{v}"' if kind == "float" else ""
    return f'<table:table-cell office:value-type="{kind}"{extra}><text:p>{v}</text:p></table:table-cell>'


def test_an_ods_workbook_with_a_traditional_sheet_name(book2023: scoring.Rulebook, tmp_path: Path) -> None:
    import zipfile

    rows = [[_ods_cell("受理日期"), _ods_cell("來源"), _ods_cell("是否辦結")],
            [_ods_cell("2023-05-01", "date"), _ods_cell("來訪"), _ods_cell("是")],
            [_ods_cell("45108", "float"), _ods_cell("来信"), _ods_cell("否")]]  # a serial: 2023-07-01
    xml = _ODS.format(rows="".join("<table:table-row>" + "".join(r) + "</table:table-row>" for r in rows))
    f = unit_folder(tmp_path)
    with zipfile.ZipFile(f / "信访.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", _MANIFEST)
        z.writestr("content.xml", xml)
    ev = scoring.load_evidence(f, book2023)
    assert [(r.values["received_on"], r.values["source"], r.values["closed"]) for r in ev.records] == [
        (dt.date(2023, 5, 1), "来访", True), (dt.date(2023, 7, 1), "来信", False)]
    # no 编号 column: ids come from the file name and the content (docs/township-guide.md)
    assert all(re.fullmatch(r"信访-[0-9a-f]{8}", r.id) for r in ev.records) and len({r.id for r in ev.records}) == 2
    assert str(ev.records[1].source) == f"{f / '信访.ods'}/信訪件/第3行"
