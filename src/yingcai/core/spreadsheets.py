"""Spreadsheets read and written alike by every module: imports, templates and exports (.xlsx, CSV).

A module declares its columns (`Column`: key, Chinese and English heading) and its sheet
(`Sheet`); this module does the rest the same way for all: headings in both languages whatever
the page's language (a file travels between colleagues and is recognised in either language),
uploads judged by their content and size before openpyxl reads them, rows with their Excel row
numbers, cell values turned into what a web form receives with translated words for bad ones,
and exports in which no cell is ever a formula. The module's own form and service decide on
each row; the import saves all rows or none.

    COLUMNS = [
        Column("name", "名称", "Name", required=True, width=28),
        Column("size", "数量", "Size"),
    ]
    SHEET = Sheet("部件 Widgets", COLUMNS, example=("name", "示例 Example"))

    def import_widgets(uploaded) -> ImportResult:  # raises ValidationError for a refused file
        result = ImportResult()
        rows = read_rows(uploaded, SHEET, max_rows=500, too_many=_("…"), empty=_("…"))
        for number, values in rows:
            cells = Cells(SHEET, values)
            form = WidgetForm(data={"name": cells.text("name"), "size": cells.number("size")})
            if messages := cells.messages(form.errors):
                result.errors.append(RowError(number, messages))
            else:
                result.created.append(form.instance)  # unsaved yet
        return result  # the caller's service saves result.created, all or none, if result.ok

    def export_widgets(widgets) -> HttpResponse:
        rows = ([w.name, w.size] for w in widgets)
        return download(workbook(SHEET.title, COLUMNS, rows), "widgets.xlsx")
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
MAX_BYTES = 2 * 1024 * 1024
# A 2 MB zip can inflate to gigabytes of XML; refuse before openpyxl reads it.
MAX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_COLUMNS = 40
LANGUAGES = ("zh-hans", "en")
VALUES_SHEET = "有效值 Valid values"
# Spellings of a yes/no cell (compared after `normal`), and of "no requirement" in a choice.
YES = frozenset({"yes", "y", "true", "1", "是", "x", "✓", "√"})
NO = frozenset({"", "no", "n", "false", "0", "否"})
NO_REQUIREMENT = ("", "不限", "无", "none", "any", "-", "—")
# A text starting with one of these is taken for a formula by spreadsheet programs (CSV and
# formula injection: =HYPERLINK(…) sending the reader's data away, =cmd|… running a program).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: `key` names it in the code (a form field, usually)."""

    key: str
    zh: str
    en: str
    required: bool = False
    width: int = 16

    @property
    def heading(self) -> str:
        """The heading of the template: both languages, " *" when the column is required."""
        return f"{self.zh} / {self.en}" + (" *" if self.required else "")

    @property
    def label(self) -> str:
        """The heading without the required mark: exports, and the start of a row's messages."""
        return f"{self.zh} / {self.en}"


@dataclass(frozen=True)
class Sheet:
    """An importable sheet: its title, its columns in the template's order, the columns that
    only exports hold (recognised on import and left aside, so an export imports again), the
    headings of earlier templates (`old_headings`: heading → key) and the template's example
    row (`example` = (key, text in that column)), which is never imported."""

    title: str
    columns: Sequence[Column]
    export_only: Sequence[Column] = ()
    old_headings: Mapping[str, str] = field(default_factory=dict)
    example: tuple[str, str] | None = None

    def column(self, key: str) -> Column:
        return next(c for c in (*self.columns, *self.export_only) if c.key == key)

    def label(self, key: str) -> str:
        return self.column(key).label

    def keys_by_heading(self) -> dict[str, str | None]:
        """Every spelling of a heading (`normal`ised) → its key; None for an export's column."""
        found: dict[str, str | None] = {}
        for column in self.columns:
            for spelling in (column.heading, column.label, column.zh, column.en, column.key):
                found[normal(spelling)] = column.key
        for spelling, key in self.old_headings.items():
            found[normal(spelling)] = key
        for column in self.export_only:
            for spelling in (column.heading, column.zh, column.en, column.key):
                found.setdefault(normal(spelling), None)
        return found

    def messages(self, errors: Mapping[str, Sequence[str]]) -> list[str]:
        """A form's or a service's errors (field → messages), each one about a column starting
        with the column's heading, so people find it in their file."""
        keys = {c.key for c in self.columns}
        return [
            f"{self.label(name)}: {message}" if name in keys else str(message)
            for name, messages in errors.items()
            for message in messages
        ]


# --- Writing --------------------------------------------------------------------------------
def _value(value):
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        # Excel has no time zones: the wall-clock time of the site (Chongqing).
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _as_text(cell) -> None:
    """A text cell stays text: never a formula, even once edited in Excel."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_START):
            # Excel's own leading apostrophe: shown and kept as text, the value unchanged (a
            # telephone number "+86 …" exports and imports again as it is).
            cell.quotePrefix = True


def _cell(sheet, value, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_value(value))
    _as_text(cell)
    if isinstance(cell.value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(cell.value, date):
        cell.number_format = "yyyy-mm-dd"
    if font is not None:
        cell.font = font
    return cell


def sheet_title(title: str) -> str:
    """A sheet's title as Excel takes it: none of : \\ / ? * [ ], at most 31 characters."""
    return re.sub(r"[:\\/?*\[\]]", " ", title).strip()[:31] or "Sheet"


def workbook(title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> bytes:
    """An export: one sheet, bold headings frozen on top, the columns' widths, then the rows,
    streamed (write-only, so thousands of rows never sit in memory as cells). Text is never a
    formula, dates are dates, aware moments are written in the site's time zone."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title(title))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, column.label, bold) for column in columns])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_safe(value):
    """A CSV cell never starts like a formula (CSV has no text type: a leading apostrophe is
    the only defence); numbers stay numbers."""
    value = _value(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(columns: Sequence[Column], rows: Iterable[Sequence]) -> bytes:
    """The same table as CSV (UTF-8 with a BOM, so Excel on a Chinese Windows reads it)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.label for column in columns])
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template(
    sheet: Sheet,
    *,
    example: Mapping[str, object],
    notes: Sequence[str],
    sections: Sequence[tuple[str, str]],
    known: Mapping[str, Sequence[Sequence]],
    drop_downs: Iterable[str],
    max_rows: int,
    formats: Mapping[str, str] | None = None,
) -> bytes:
    """An import template: the sheet to fill (bold headings, a grey example row, drop-downs of
    the codes) and a sheet of notes (at most two lines) and valid values.

    `sections` = [(key, heading)] lists `known[key]` = [(code, Chinese name, English name)]
    side by side; the columns in `drop_downs` get a drop-down of those codes; `formats` gives a
    number format to the example's cells (key → "yyyy-mm-dd")."""
    book = Workbook()
    main = book.active
    main.title = sheet_title(sheet.title)
    columns = list(sheet.columns)
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = main.cell(row=1, column=index, value=column.heading)
        cell.font = bold
        main.column_dimensions[cell.column_letter].width = column.width
    for index, column in enumerate(columns, start=1):
        cell = main.cell(row=2, column=index, value=_value(example[column.key]))
        _as_text(cell)
        cell.font = Font(italic=True, color="808080")
    position = {c.key: index for index, c in enumerate(columns, start=1)}
    for key, number_format in (formats or {}).items():
        main.cell(row=2, column=position[key]).number_format = number_format
    main.freeze_panes = "A2"

    values = book.create_sheet(VALUES_SHEET)
    for row, note in enumerate(notes[:2], start=1):  # the values start on row 3
        values.cell(row=row, column=1, value=note)
    drop_downs = set(drop_downs)
    for section, (key, heading) in enumerate(sections):
        first = section * 4 + 1
        values.cell(row=3, column=first, value=heading).font = bold
        for offset, name in enumerate(("代码 Code", "中文", "English")):
            values.cell(row=4, column=first + offset, value=name).font = bold
        rows = known[key]
        for r, row in enumerate(rows, start=5):
            for offset, value in enumerate(row):
                # Names come from the database (organisers type them): text, never formulas.
                _as_text(values.cell(row=r, column=first + offset, value=value))
        if key not in drop_downs:
            continue
        letter = get_column_letter(first)
        target = get_column_letter(position[key])
        # A drop-down of the codes; names typed by hand are accepted too, so no error box.
        validation = DataValidation(
            type="list",
            formula1=f"'{VALUES_SHEET}'!${letter}$5:${letter}${4 + len(rows)}",
            allow_blank=True,
            showErrorMessage=False,
        )
        validation.add(f"{target}2:{target}{max_rows + 1}")
        main.add_data_validation(validation)
    values.cell(row=3, column=len(sections) * 4 + 1, value="是否 Yes/no").font = bold
    values.cell(row=4, column=len(sections) * 4 + 1, value="是 yes / 否 no")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    """A file as a download: named safely (no folder, no control character; quoted, or encoded
    as RFC 6266 says when not ASCII), never sniffed into another type, and kept by no shared
    cache (exports hold personal data; a public download may loosen Cache-Control after)."""
    name = re.sub(r"[\x00-\x1f\x7f/\\]", "-", filename).strip(" .") or "download"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def file_stem(instance) -> str:
    """A named row fit for a file name: its English name as a slug, else "<model>-<number>"
    (Chinese names make no ASCII file name)."""
    return slugify(getattr(instance, "name_en", "") or "") or (
        f"{instance._meta.model_name}-{instance.pk}"
    )


# --- Reading a file -------------------------------------------------------------------------
def check_file(uploaded) -> None:
    """Refuse anything but a reasonably small .xlsx workbook, judged by its content."""
    if uploaded.size > MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."))
    not_xlsx = ValidationError(
        _("This is not an Excel workbook (.xlsx). Start from the template and save it as .xlsx.")
    )
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_xlsx from None
    finally:
        uploaded.seek(0)
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise not_xlsx
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
        raise ValidationError(_("The workbook holds too much data to be imported."))


def read_rows(
    uploaded, sheet: Sheet, *, max_rows: int, too_many: str, empty: str
) -> list[tuple[int, dict]]:
    """(row number in Excel, {column key: cell value}) of every non-empty row of `sheet` in an
    uploaded workbook, its example row left out; ValidationError (translated) for a file to
    refuse: not a workbook, too large, unknown or missing columns, more than `max_rows` rows
    (`too_many` says so), no row at all (`empty`)."""
    check_file(uploaded)
    try:
        book = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken file
        raise ValidationError(_("The workbook could not be read. Is it damaged?")) from None
    try:
        if not book.worksheets:
            raise ValidationError(_("The workbook has no sheet."))
        # The template's sheet wherever it was moved; else the first one.
        found = sheet.title if sheet.title in book.sheetnames else book.sheetnames[0]
        rows = book[found].iter_rows(max_col=MAX_COLUMNS, values_only=True)
        keys = _keys(next(rows, None), sheet)
        found_rows = []
        example_key, example_value = sheet.example or (None, None)
        for number, values in enumerate(rows, start=2):
            if number > 10 * max_rows:
                # Formatted but empty rows count too: stop reading an endless sheet.
                raise ValidationError(too_many)
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            row = {key: value for key, value in zip(keys, values, strict=False) if key}
            if example_key and str(row.get(example_key) or "").strip() == example_value:
                continue
            found_rows.append((number, row))
            if len(found_rows) > max_rows:
                raise ValidationError(too_many)
    finally:
        book.close()
    if not found_rows:
        raise ValidationError(empty)
    return found_rows


def _keys(headings, sheet: Sheet) -> list[str | None]:
    """The key of each column of the first row; ValidationError for unknown or missing ones."""
    if not headings or not any(h not in (None, "") for h in headings):
        raise ValidationError(_("The first row must hold the column headings of the template."))
    lookup = sheet.keys_by_heading()
    keys: list[str | None] = []
    unknown = []
    for heading in headings:
        if heading is None or str(heading).strip() == "":
            keys.append(None)
            continue
        key = lookup.get(normal(heading), "?")
        if key == "?":
            unknown.append(str(heading))
            key = None
        keys.append(key)
    if unknown:
        raise ValidationError(
            _("Unknown columns: %(names)s. Use the headings of the template.")
            % {"names": ", ".join(f"“{u}”" for u in unknown)}
        )
    missing = [c.label for c in sheet.columns if c.required and c.key not in keys]
    if missing:
        raise ValidationError(
            _("Missing columns: %(names)s.") % {"names": ", ".join(f"“{m}”" for m in missing)}
        )
    return keys


# --- Reading cells --------------------------------------------------------------------------
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_THOUSANDS = re.compile(r"^\d{1,3}([,，]\d{3})+(\.\d+)?$")


def normal(value) -> str:
    """A spelling as compared: spaces collapsed, case folded ("Yu Bei " → "yu bei")."""
    return " ".join(str(value).split()).casefold()


def text(value) -> str:
    """A cell as text: "" for an empty cell, 2312345678 for a telephone number typed as a
    number (not 2312345678.0), an ISO date for a date."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def number(value, *, percent: bool = False) -> str:
    """A number as a form's field receives it: "15,000" and "15 000" → "15000" (a comma that
    does not group thousands is left for the form to refuse: "1,5" is not read as 15); with
    `percent`, "60%" → "60"."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    found = text(value).replace(" ", "")
    if percent:
        found = found.rstrip("%％")
    if _THOUSANDS.match(found):
        found = found.replace(",", "").replace("，", "")
    return found


def day(value) -> str:
    """A date as a form's field receives it (ISO): a date cell, or text such as 2020/11/21 or
    2020年11月21日; anything else is left as typed, for the form to refuse."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    found = text(value)
    match = _DATE.match(found)
    if match:
        try:
            return date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return found
    return found


def yes_no(value) -> bool | None:
    """True for yes (是, yes, y, x, ✓ …), False for no or an empty cell, None for neither."""
    words = set(normal(text(value)).split()) or {""}
    if words <= YES:
        return True
    if words <= NO:
        return False
    return None


def labels(choices: Iterable[tuple[str, object]]) -> list[tuple[str, str, str]]:
    """(value, Chinese label, English label) of Django choices, whatever the active language."""
    rows = []
    for value, label in choices:
        names = []
        for language in LANGUAGES:
            with translation.override(language):
                names.append(str(label))
        rows.append((value, *names))
    return rows


class Choices:
    """The values a column takes, recognised by any spelling: the code, the Chinese or the
    English name (rows of `labels` or of a model's values_list), or an extra spelling
    (`extra` = [(spelling, value)], e.g. "博士研究生" for a doctor's degree)."""

    def __init__(self, rows: Iterable[Sequence], extra: Iterable[tuple[str, str]] = ()):
        self._values: dict[str, str] = {}
        for value, *names in rows:
            for spelling in (value, *names):
                if spelling:
                    self._values.setdefault(normal(spelling), str(value))
        for spelling, value in extra:
            self._values.setdefault(normal(spelling), value)

    def get(self, spelling) -> str | None:
        return self._values.get(normal(spelling))


class Cells:
    """One row's cells read for a form. Each method returns what the form's field receives;
    a value it cannot read adds a translated message, starting with the column's heading, to
    `problems`."""

    def __init__(self, sheet: Sheet, values: Mapping[str, object]):
        self.sheet = sheet
        self.values = values
        self.problems: list[str] = []
        self._reported: set[str] = set()

    def text(self, key: str) -> str:
        return text(self.values.get(key))

    def number(self, key: str, *, percent: bool = False) -> str:
        return number(self.values.get(key), percent=percent)

    def day(self, key: str) -> str:
        return day(self.values.get(key))

    def choice(self, key: str, choices: Choices, what: str) -> str:
        """The value named in the cell; "" and a message when none is (`what`: "a valid …")."""
        cell = self.text(key)
        value = choices.get(cell)
        if value is None:
            self.invalid(key, cell, what)
            return ""
        return value

    def choices(self, key: str, choices: Choices, what: str, separators: re.Pattern) -> list:
        """Several values in one cell, split by `separators`; each unknown one is a message."""
        found = []
        for name in separators.split(self.text(key)):
            if not name.strip():
                continue
            value = choices.get(name)
            if value is None:
                self.invalid(key, name.strip(), what)
            elif value not in found:
                found.append(value)
        return found

    def yes_no(self, key: str) -> bool:
        answer = yes_no(self.values.get(key))
        if answer is None:
            self.problem(key, _("%(column)s: write yes or no.") % {"column": self.sheet.label(key)})
        return bool(answer)

    def invalid(self, key: str, value: str, what: str) -> None:
        self.problem(
            key,
            _("%(column)s: “%(value)s” is not a valid %(what)s (see the sheet of valid values).")
            % {"column": self.sheet.label(key), "value": value, "what": what},
        )

    def problem(self, key: str, message: str) -> None:
        """A message about the cell of column `key` (the module's own checks add theirs)."""
        self.problems.append(message)
        self._reported.add(key)

    def messages(self, errors: Mapping[str, Sequence[str]]) -> list[str]:
        """The row's problems, then the form's errors about other columns (a value that could
        not be read also leaves its field empty: one message is enough)."""
        others = {key: found for key, found in errors.items() if key not in self._reported}
        return self.problems + self.sheet.messages(others)


@dataclass
class RowError:
    row: int
    messages: list[str]


@dataclass
class ImportResult:
    """What an import made (`created`), or why it made nothing (`errors`, by row)."""

    created: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors
