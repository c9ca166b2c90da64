"""The shared spreadsheet reader and writer, on its own: what every module's import and export
relies on (no formula ever written, files refused clearly, rows reported by their number)."""

import csv
import io
import zipfile
from datetime import UTC, date, datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from yingcai.core import spreadsheets
from yingcai.core.choices import Degree
from yingcai.core.models import District
from yingcai.core.spreadsheets import (
    Cells,
    Choices,
    Column,
    ImportResult,
    RowError,
    Sheet,
    read_rows,
)

COLUMNS = [
    Column("name", "名称", "Name", required=True, width=30),
    Column("size", "数量", "Size"),
    Column("colour", "颜色", "Colour"),
    Column("ready", "就绪", "Ready"),
]
SHEET = Sheet(
    "部件 Widgets",
    COLUMNS,
    export_only=[Column("id", "编号", "Number")],
    old_headings={"widget": "name"},
    example=("name", "示例 Example"),
)
COLOURS = Choices([("red", "红色", "red"), ("blue", "蓝色", "blue")], [("赤", "red")])
FORMULAS = ['=HYPERLINK("http://evil","点我")', "+86 138 0000 0000", "-2+3", "@SUM(A1)", "\t=1"]


class WidgetForm(forms.Form):
    name = forms.CharField(max_length=10)
    size = forms.IntegerField(min_value=1)
    colour = forms.CharField()
    ready = forms.BooleanField(required=False)


def upload(rows, headings=None, title="部件 Widgets") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headings if headings is not None else [c.heading for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("widgets.xlsx", buffer.getvalue(), content_type=spreadsheets.XLSX)


def read(file, max_rows=10):
    return read_rows(file, SHEET, max_rows=max_rows, too_many="too many", empty="no widget")


def import_widgets(file) -> ImportResult:
    """The module docstring's example, as a module would write it."""
    result = ImportResult()
    for number, values in read(file):
        cells = Cells(SHEET, values)
        data = {
            "name": cells.text("name"),
            "size": cells.number("size"),
            "colour": cells.choice("colour", COLOURS, "colour"),
            "ready": cells.yes_no("ready"),
        }
        form = WidgetForm(data=data)
        if messages := cells.messages(form.errors):
            result.errors.append(RowError(number, messages))
        else:
            result.created.append(form.cleaned_data)
    return result


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


# --- Writing --------------------------------------------------------------------------------
def test_no_exported_cell_is_a_formula_and_its_text_is_kept():
    content = spreadsheets.workbook(
        "部件 Widgets", COLUMNS, [[text, 3, "", None] for text in FORMULAS]
    )
    assert "<f>" not in sheet_xml(content)
    sheet = load_workbook(io.BytesIO(content)).active
    for row, text in enumerate(FORMULAS, start=2):
        cell = sheet.cell(row=row, column=1)
        # The value as it was (a telephone number imports again as it is), typed as text and
        # marked with Excel's leading apostrophe so that editing the cell keeps it text.
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
        assert sheet.cell(row=row, column=2).value == 3
    assert not sheet.cell(row=2, column=3).quotePrefix


def test_csv_cells_never_start_a_formula():
    content = spreadsheets.csv_bytes(COLUMNS, [[text, 3, "", None] for text in FORMULAS])
    assert content.startswith("\ufeff名称 / Name,数量 / Size".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8")[1:])))
    assert [row[0] for row in rows[1:]] == ["'" + text for text in FORMULAS]
    assert rows[1][1:] == ["3", "", ""]


@pytest.mark.django_db
def test_the_template_writes_names_from_the_database_as_text():
    content = spreadsheets.template(
        SHEET,
        example={"name": "示例 Example", "size": 1, "colour": "red", "ready": "是 yes"},
        notes=["说明 Notes"],
        sections=[("colour", "颜色 Colours")],
        known={"colour": [("red", "红色", "red"), ("evil", "=1+1", "=cmd|' /C calc'!A0")]},
        drop_downs=["colour"],
        max_rows=10,
    )
    book = load_workbook(io.BytesIO(content))
    main, values = book.worksheets
    assert [c.value for c in main[1]] == [c.heading for c in COLUMNS]
    assert main.cell(row=1, column=1).value == "名称 / Name *"
    assert str(main.data_validations.dataValidation[0].sqref) == "C2:C11"
    formulas = [values.cell(row=6, column=2), values.cell(row=6, column=3)]
    assert [(c.value, c.data_type) for c in formulas] == [
        ("=1+1", "s"),
        ("=cmd|' /C calc'!A0", "s"),
    ]


def test_moments_are_written_in_the_site_time_zone_and_dates_as_dates():
    moment = datetime(2020, 11, 21, 1, 30, tzinfo=UTC)
    content = spreadsheets.workbook("t", COLUMNS[:2], [[moment, date(2020, 11, 22)]])
    sheet = load_workbook(io.BytesIO(content)).active
    written, day = sheet.cell(row=2, column=1), sheet.cell(row=2, column=2)
    assert written.value == datetime(2020, 11, 21, 9, 30)  # Chongqing: UTC+8, naive for Excel
    assert written.number_format == "yyyy-mm-dd hh:mm" and day.number_format == "yyyy-mm-dd"


def test_sheet_titles_are_made_acceptable_to_excel():
    assert spreadsheets.sheet_title("a/b:c?[d]*e\\f") == "a b c  d  e f"
    assert len(spreadsheets.sheet_title("x" * 40)) == 31
    content = spreadsheets.workbook("jobs/2020:all", COLUMNS[:1], [])
    assert load_workbook(io.BytesIO(content)).sheetnames == ["jobs 2020 all"]


def test_a_download_is_an_attachment_with_a_safe_name():
    response = spreadsheets.download(b"x", '../../etc/"passwd"\r\n.xlsx')
    assert response["Content-Type"] == spreadsheets.XLSX
    assert response["Content-Disposition"] == r'attachment; filename="-..-etc-\"passwd\"--.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    chinese = spreadsheets.download(b"x", "岗位.csv", spreadsheets.CSV)
    assert chinese["Content-Disposition"] == "attachment; filename*=utf-8''%E5%B2%97%E4%BD%8D.csv"
    assert chinese["Content-Type"] == "text/csv; charset=utf-8"


def test_a_file_stem_is_the_english_name_or_the_number():
    assert spreadsheets.file_stem(District(pk=7, name_en="Yubei District")) == "yubei-district"
    assert spreadsheets.file_stem(District(pk=7, name_en="", name_zh_hans="渝北区")) == "district-7"


# --- Reading a file -------------------------------------------------------------------------
def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "english", "chinese"),
    [
        (b"%PDF-1.4", "This is not an Excel workbook (.xlsx).", "该文件不是 Excel 工作簿"),
        (docx(), "This is not an Excel workbook (.xlsx).", "该文件不是 Excel 工作簿"),
        (b"", "The file is empty.", "空"),
        (b"PK\x03\x04" + b"\0" * spreadsheets.MAX_BYTES, "too large: at most 2 MB", "2 MB"),
    ],
)
def test_a_file_that_is_not_a_small_workbook_is_refused_in_the_readers_language(
    content, english, chinese
):
    for language, expected in (("en", english), ("zh-hans", chinese)):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            read(SimpleUploadedFile("widgets.xlsx", content))
        assert expected in refused.value.messages[0]


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (spreadsheets.MAX_UNCOMPRESSED + 1))
    with translation.override("en"), pytest.raises(ValidationError, match="too much data"):
        read(SimpleUploadedFile("bomb.xlsx", buffer.getvalue()))


@pytest.mark.parametrize(
    "headings",
    [
        [c.heading for c in COLUMNS],  # the template's: both languages, required marked
        [c.label for c in COLUMNS],  # an export's
        [c.zh for c in COLUMNS],
        [c.en.upper() for c in COLUMNS],
        [
            "widget",
            " Size ",
            "颜色",
            "ready",
            "编号 / Number",
        ],  # an old heading, an export's column
    ],
)
def test_headings_in_either_language_are_recognised(headings):
    rows = read(upload([["齿轮", 2, "红色", "是", 99]], headings=headings))
    assert rows == [(2, {"name": "齿轮", "size": 2, "colour": "红色", "ready": "是"})]


@pytest.mark.parametrize(
    ("headings", "message"),
    [
        (["名称", "Favourite colour"], "Unknown columns: “Favourite colour”."),
        (["Size", "Colour"], "Missing columns: “名称 / Name”."),
        ([None, ""], "The first row must hold the column headings"),
    ],
)
def test_wrong_headings_are_refused(headings, message):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        read(upload([["齿轮", 2]], headings=headings))
    assert message in refused.value.messages[0]


def test_rows_keep_their_excel_numbers_without_blank_and_example_rows():
    file = upload([["示例 Example", 1], ["齿轮", 2], [None, None], ["  "], ["螺丝", 3]])
    assert [number for number, _row in read(file)] == [3, 6]


def test_the_sheet_is_found_by_its_title_wherever_it_was_moved():
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["Not the widgets"])
    widgets = book.create_sheet("部件 Widgets")
    widgets.append([c.heading for c in COLUMNS])
    widgets.append(["齿轮", 2])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read(SimpleUploadedFile("w.xlsx", buffer.getvalue())) == [
        (2, {"name": "齿轮", "size": 2, "colour": None, "ready": None})
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [([], "no widget"), ([["齿轮", 1]] * 4, "too many"), ([*[[None]] * 40, ["齿轮"]], "too many")],
)
def test_too_many_or_no_rows_are_refused(rows, message):
    with pytest.raises(ValidationError, match=message):
        read(upload(rows), max_rows=3)


# --- Reading cells --------------------------------------------------------------------------
def test_a_bad_row_is_reported_by_its_row_number_and_column_in_the_readers_language():
    file = upload([["齿轮", 2, "红色", "是"], ["螺丝", "many", "purple", "maybe"], ["轴", 1, "赤"]])
    with translation.override("en"):
        result = import_widgets(file)
    assert not result.ok
    assert result.errors == [
        RowError(
            3,
            [
                "颜色 / Colour: “purple” is not a valid colour (see the sheet of valid values).",
                "就绪 / Ready: write yes or no.",
                "数量 / Size: Enter a whole number.",
            ],
        )
    ]
    with translation.override("zh-hans"):
        chinese = import_widgets(upload([["齿轮", 2, "purple"]])).errors[0]
    assert chinese.row == 2
    assert chinese.messages == ["颜色 / Colour：“purple”不是有效的colour（请参阅“有效值”工作表）。"]


def test_good_rows_are_converted_for_the_form():
    result = import_widgets(upload([["齿轮", "1,200", "Blue ", "✓"], ["轴", 3.0, "赤", None]]))
    assert result.ok
    assert result.created == [
        {"name": "齿轮", "size": 1200, "colour": "blue", "ready": True},
        {"name": "轴", "size": 3, "colour": "red", "ready": False},
    ]


@pytest.mark.parametrize(
    ("value", "text", "number", "day"),
    [
        (None, "", "", ""),
        (2312345678.0, "2312345678", "2312345678", "2312345678"),
        (2.5, "2.5", "2.5", "2.5"),
        (" 15,000 ", "15,000", "15000", "15,000"),
        ("15 000", "15 000", "15000", "15 000"),
        ("1,5", "1,5", "1,5", "1,5"),  # not a thousands separator: left for the form to refuse
        ("2020年11月21日", "2020年11月21日", "2020年11月21日", "2020-11-21"),
        ("2020/2/3", "2020/2/3", "2020/2/3", "2020-02-03"),
        ("2020-02-30", "2020-02-30", "2020-02-30", "2020-02-30"),  # the form says why
        (datetime(2020, 11, 21, 9, 0), "2020-11-21T09:00:00", "2020-11-21T09:00:00", "2020-11-21"),
        (date(2020, 11, 21), "2020-11-21", "2020-11-21", "2020-11-21"),
    ],
)
def test_cell_conversions(value, text, number, day):
    assert spreadsheets.text(value) == text
    assert spreadsheets.number(value) == number
    assert spreadsheets.day(value) == day


def test_percentages_and_yes_or_no():
    assert spreadsheets.number("60%", percent=True) == "60"
    assert spreadsheets.number("60％", percent=True) == "60"
    assert spreadsheets.number("60%") == "60%"
    assert [spreadsheets.yes_no(v) for v in ("是 yes", "√", "Y", 1, None, "否", "no", "maybe")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        None,
    ]


def test_choices_are_recognised_by_code_name_in_either_language_or_extra_spelling():
    degrees = Choices(spreadsheets.labels(Degree.choices), [("博士研究生", "doctor")])
    with translation.override("en"):  # whatever the active language
        assert [degrees.get(s) for s in ("doctor", "博士", "Doctor (PhD)", "博士研究生")] == [
            "doctor"
        ] * 4
    assert degrees.get("kindergarten") is None
