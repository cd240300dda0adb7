"""The template's validations: right text, dates as the guide writes them, long lists through a hidden sheet."""

from __future__ import annotations

import io
import shutil
from decimal import Decimal

import openpyxl

import scoring
from scoring.intake import template_bytes
from scoring.intake.template import LISTS, range_text

from ..conftest import EVIDENCE_2023, RULES_2023

LONG = [f"第{i}类很长的活动名称" for i in range(1, 40)]  # 39 × ~10 characters: far over Excel's 255


def _book(tmp_path, values: list[str]) -> scoring.Rulebook:
    text = RULES_2023.read_text(encoding="utf-8")
    text = text.replace("values: [慰问, 宣讲, 进校园宣讲, 亲子阅读, 宣传培训, 防艾培训, 专题研究, 宣传教育]",
                        "values: [慰问, 宣讲, 进校园宣讲, 亲子阅读, 宣传培训, 防艾培训, 专题研究, 宣传教育, " + ", ".join(values) + "]")
    p = tmp_path / "book.yaml"
    p.write_text(text, encoding="utf-8")
    return scoring.load_rulebook(p)


def test_range_text_never_says_none() -> None:
    assert range_text(Decimal(0), Decimal(100)) == "（0 到 100）"
    assert range_text(Decimal(0), None) == "（不小于 0）"
    assert range_text(None, Decimal("2.5")) == "（不大于 2.5）"
    assert range_text(None, None) == ""


def test_validations_in_the_template(book2023: scoring.Rulebook) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(book2023)))
    ws = wb["活动"]
    by_col = {str(dv.sqref).split(":")[0][0]: dv for dv in ws.data_validations.dataValidation}
    assert by_col["E"].error == "请填写整数（不小于 0）"  # 参加人数: min 0, no max
    date = by_col["B"]
    assert not date.showErrorMessage and date.showInputMessage  # 2023.3.8 is allowed: a prompt, not a rule
    assert date.prompt == "日期，例如 2023-05-01；也可以写 2023/5/1、2023.5.1 或 2023年5月1日"
    assert all("None" not in (dv.error or "") for w in wb.worksheets for dv in w.data_validations.dataValidation)
    assert LISTS not in wb.sheetnames  # every list fits inline


def test_a_long_value_list_goes_through_a_hidden_sheet(tmp_path) -> None:
    book = _book(tmp_path, LONG)
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(book)))
    lists = wb[LISTS]
    assert lists.sheet_state == "hidden"
    dv = next(dv for dv in wb["活动"].data_validations.dataValidation if str(dv.sqref).startswith("C"))
    values = ["慰问", "宣讲", "进校园宣讲", "亲子阅读", "宣传培训", "防艾培训", "专题研究", "宣传教育", *LONG]
    assert dv.formula1 == f"'{LISTS}'!$A$1:$A${len(values)}"
    assert [lists.cell(i, 1).value for i in range(1, len(values) + 1)] == values
    # and the reader does not take the list sheet for evidence
    path = tmp_path / "u" / "t.xlsx"
    path.parent.mkdir()
    path.write_bytes(template_bytes(book))
    shutil.copy(EVIDENCE_2023 / "x-xiang" / "unit.yaml", path.parent / "unit.yaml")
    report = scoring.intake.check_folder(path.parent, book)
    assert not any(LISTS in str(e) for e in report.errors)
