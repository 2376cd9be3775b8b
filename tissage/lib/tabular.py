"""Reading spreadsheets that people bring: CSV (any of the usual encodings and delimiters) and
XLSX, into a header and numbered rows; and the small parsers every import needs.

What French Excel writes is the reference: `;` as delimiter, Windows-1252 or UTF-8 with a byte
order mark, dates as 01/04/2023. A cell is data, never a formula: nothing here evaluates one,
and `write_csv` neutralizes cells that a spreadsheet would otherwise run.

Problems carry an English message id and its parameters, translated when shown, so that a
stored error report follows the language of whoever reads it.
"""

import codecs
import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_noop

from tissage.lib.gcpause import collector_paused

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 10 * MAX_BYTES  # an XLSX that inflates beyond this is a zip bomb
MAX_CELL = 10_000
MAX_HEADER = 200
MAX_COLUMNS = 200
MAX_ROWS = 500_000
MULTI_SEPARATOR = "|"

Cell = str | dt.date | dt.datetime

_DELIMITERS = (";", ",", "\t")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SEP_HINT = re.compile(r"sep=([;,\t|])[ \t]*(?:\r\n|\r|\n)")

# The largest field csv accepts: raised (never lowered) so that a long cell gets a message
# naming its row and column rather than a parser error.
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))


@dataclass
class Problem:
    """Something wrong in a file: where (row and column, when there is one) and what."""

    message_id: str
    params: dict[str, Any] = field(default_factory=dict)
    row: int | None = None
    column: str = ""
    value: str = ""

    @property
    def message(self) -> str:
        return gettext(self.message_id) % self.params if self.params else gettext(self.message_id)


class TabularError(Exception):
    """The file cannot be read at all; nothing of it is usable."""

    def __init__(self, message_id: str, params: dict[str, Any] | None = None, **where: Any):
        self.problem = Problem(message_id, params or {}, **where)
        super().__init__(message_id)


class ValueProblem(ValueError):
    """A cell that cannot be read as what its column holds. The caller adds row and column."""

    def __init__(self, message_id: str, params: dict[str, Any] | None = None) -> None:
        self.message_id = message_id
        self.params = params or {}
        super().__init__(message_id)


@dataclass
class Table:
    headers: list[str]
    # (row number as a spreadsheet shows it, cells aligned with headers)
    rows: list[tuple[int, list[Cell]]]
    problems: list[Problem]
    format: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    header_row: int = 1


def column_letter(index: int) -> str:
    """A, B, …, Z, AA, …: how a spreadsheet names the column at 0-based `index`."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def excerpt(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_table(
    data: bytes,
    filename: str = "",
    *,
    max_bytes: int = MAX_BYTES,
    max_cell: int = MAX_CELL,
    max_columns: int = MAX_COLUMNS,
    max_rows: int = MAX_ROWS,
) -> Table:
    """Read a CSV or XLSX file. Raises TabularError when the file as a whole is unusable;
    cell-level problems (too long, stray columns) are listed in `Table.problems`."""
    with collector_paused():
        return _read_table(data, filename, max_bytes, max_cell, max_columns, max_rows)


def _read_table(
    data: bytes, filename: str, max_bytes: int, max_cell: int, max_columns: int, max_rows: int
) -> Table:
    check_size(len(data), max_bytes)
    if not data.strip():
        raise TabularError(gettext_noop("The file is empty."))
    name = filename.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise TabularError(
            gettext_noop("Old Excel files (.xls) are not supported: save the file as .xlsx or CSV.")
        )
    if data.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        records, encoding, delimiter, kind = _xlsx_records(data), "", "", "xlsx"
    else:
        text, encoding = decode(data)
        hint = _SEP_HINT.match(text)
        if hint:  # Excel's "sep=;" first line: it names the delimiter and is not a row
            text, delimiter = text[hint.end() :], hint.group(1)
        else:
            delimiter = detect_delimiter(text)
        records, kind = _csv_records(text, delimiter), "csv"
    return _build_table(records, kind, encoding, delimiter, max_cell, max_columns, max_rows)


def check_size(size: int, max_bytes: int = MAX_BYTES) -> None:
    """Refuse a file beyond the limit, before reading it when its size is known."""
    if size > max_bytes:
        raise TabularError(
            gettext_noop("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            {"size": round(size / 1_048_576, 1), "limit": max_bytes // 1_048_576},
        )


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file: UTF-8 (with or without its byte order mark), UTF-16 with its
    mark (Excel's "Unicode text"), or else Windows-1252 (what French Excel writes)."""
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = _strict(data[3:], "utf-8"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _strict(data, "utf-16"), "utf-16"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as error:
            if _mostly_utf8(data):
                raise _undecodable(data, error, "utf-8") from error
            text, encoding = _strict(data, "cp1252"), "cp1252"
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise TabularError(
            gettext_noop(
                "This is not a CSV or XLSX file: it holds binary data. Save it as CSV or XLSX."
            )
        )
    return text, encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _undecodable(data, error, encoding) from error


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken bytes, rather than Windows-1252 text (whose accented letters
    are never valid UTF-8 sequences)."""
    valid = len(_UTF8_SEQUENCE.findall(data))
    broken = data.decode("utf-8", errors="replace").count("\ufffd")
    return valid > broken


def _undecodable(data: bytes, error: UnicodeDecodeError, encoding: str) -> TabularError:
    line = data[: error.start].count(b"\n") + 1
    if encoding == "cp1252":
        return TabularError(
            gettext_noop(
                "The file's encoding is not recognized (line %(line)s): save it as CSV UTF-8 "
                "or CSV (Windows)."
            ),
            {"line": line},
        )
    return TabularError(
        gettext_noop(
            "The file is in %(encoding)s but line %(line)s holds characters that are not: "
            "save it again as CSV UTF-8."
        ),
        {"encoding": encoding.upper(), "line": line},
    )


def detect_delimiter(text: str) -> str:
    """`;`, `,` or tab: the one that appears in the header line or, when several do, the one
    that cuts the first lines into as many cells as the header (most cells wins a tie).
    csv.Sniffer guesses too, but picks `,` over `;` when both are regular."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: _count_unquoted(header, delimiter) for delimiter in _DELIMITERS}
    candidates = [delimiter for delimiter in _DELIMITERS if counts[delimiter]]
    if not candidates:
        return ";"  # one column: any delimiter reads it
    if len(candidates) == 1:
        return candidates[0]
    sample = text[:65_536]
    regular = [delimiter for delimiter in candidates if _regular(sample, delimiter)]
    return max(regular or candidates, key=lambda delimiter: counts[delimiter])


def _regular(sample: str, delimiter: str) -> bool:
    """Whether every complete line of the sample has as many cells as the first one."""
    records = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    widths = set()
    try:
        lines = [record for record in records if any(cell.strip() for cell in record)]
    except csv.Error:
        return False
    for record in lines[:-1] if len(lines) > 1 else lines:  # the last may be cut short
        widths.add(len(record))
    return len(widths) == 1


def _count_unquoted(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _csv_records(text: str, delimiter: str) -> list[list[Any]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records: list[list[Any]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        raise TabularError(
            gettext_noop(
                "The CSV file cannot be read at row %(row)s (a quote is probably not closed)."
            ),
            {"row": len(records) + 1},
            row=len(records) + 1,
        ) from error
    return records


def _xlsx_records(data: bytes) -> list[list[Any]]:
    import openpyxl

    unreadable = gettext_noop(
        "This Excel file cannot be read: open it in Excel and save it again as .xlsx."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise TabularError(unreadable) from error
    if "mimetype" in names and "xl/workbook.xml" not in names:
        raise TabularError(
            gettext_noop("OpenDocument files (.ods) are not supported: save as .xlsx or CSV.")
        )
    if inflated > MAX_UNZIPPED_BYTES:
        raise TabularError(gettext_noop("This Excel file is too large once uncompressed."))
    records: list[list[Any]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # data_only: the values Excel last computed; a formula is never evaluated here.
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not book.worksheets:
                    raise TabularError(unreadable)
                sheet = book.worksheets[0]
                sheet.reset_dimensions()  # a sheet can claim 16,384 columns: read what is there
                for values in sheet.iter_rows(values_only=True):
                    records.append([_xlsx_value(value) for value in values])
                    if len(records) > MAX_ROWS + 1:
                        break
            finally:
                book.close()
    except TabularError:
        raise
    except Exception as error:  # openpyxl raises anything on a damaged archive
        raise TabularError(unreadable) from error
    return records


def _xlsx_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value
    return str(value)


def _build_table(
    records: list[list[Any]],
    kind: str,
    encoding: str,
    delimiter: str,
    max_cell: int,
    max_columns: int,
    max_rows: int,
) -> Table:
    records = [
        [cell.strip() for cell in record]
        if all(isinstance(cell, str) for cell in record)  # a CSV row: strings only
        else [_clean(cell) for cell in record]
        for record in records
    ]
    header_index = next((i for i, record in enumerate(records) if any(record)), None)
    if header_index is None:
        raise TabularError(gettext_noop("The file is empty."))
    header_row = header_index + 1
    headers = _headers(records[header_index], header_row, max_columns)
    data_records = records[header_index + 1 :]
    if len(data_records) > max_rows:
        raise TabularError(
            gettext_noop("The file has more than %(limit)s rows: split it into several files."),
            {"limit": max_rows},
        )
    table = Table(headers, [], [], kind, encoding, delimiter, header_row)
    width = len(headers)
    for offset, record in enumerate(data_records):
        number = header_row + offset + 1
        if not any(record):
            continue  # blank lines between rows are common and mean nothing
        extra = [i for i in range(width, len(record)) if record[i] != ""]
        if extra:
            table.problems.append(
                Problem(
                    gettext_noop("This row has more values than the header has columns."),
                    row=number,
                    column=column_letter(extra[0]),
                    value=excerpt(record[extra[0]]),
                )
            )
        cells = record[:width] + [""] * (width - len(record))
        if not _plain_row(cells, max_cell):  # most rows are: one look instead of one a cell
            for index, cell in enumerate(cells):
                if isinstance(cell, str) and cell:
                    cells[index] = _checked_cell(cell, number, headers, index, max_cell, table)
        table.rows.append((number, cells))
    return table


def _plain_row(cells: list[Any], max_cell: int) -> bool:
    """Whether every cell is a string within the length limit, without control characters
    ("\n", which joins them here, is not one)."""
    try:
        joined = "\n".join(cells)
    except TypeError:  # a date or a number from an XLSX sheet
        return False
    return max(map(len, cells), default=0) <= max_cell and not _CONTROL.search(joined)


def _clean(cell: Any) -> Any:
    return cell.strip() if isinstance(cell, str) else cell


def _headers(record: list[Any], row: int, max_columns: int) -> list[str]:
    while record and record[-1] == "":
        record = record[:-1]
    if len(record) > max_columns:
        raise TabularError(
            gettext_noop("The file has %(count)s columns; the limit is %(limit)s."),
            {"count": len(record), "limit": max_columns},
            row=row,
        )
    headers = [str(cell) for cell in record]
    seen: set[str] = set()
    for index, header in enumerate(headers):
        where = {"row": row, "column": header or column_letter(index), "value": excerpt(header)}
        if len(header) > MAX_HEADER or _CONTROL.search(header):
            raise TabularError(gettext_noop("This column header is not valid."), **where)
        key = header.casefold()
        if header and key in seen:
            raise TabularError(
                gettext_noop("Two columns have the header “%(header)s”: rename one of them."),
                {"header": excerpt(header)},
                **where,
            )
        seen.add(key)
    return headers


def _checked_cell(
    cell: str, row: int, headers: list[str], index: int, max_cell: int, table: Table
) -> str:
    column = headers[index] or column_letter(index)
    if len(cell) > max_cell:
        table.problems.append(
            Problem(
                gettext_noop("This cell holds %(length)s characters; the limit is %(limit)s."),
                {"length": len(cell), "limit": max_cell},
                row=row,
                column=column,
                value=excerpt(cell),
            )
        )
        return ""
    if _CONTROL.search(cell):
        table.problems.append(
            Problem(
                gettext_noop("This cell holds invisible control characters."),
                row=row,
                column=column,
                value=excerpt(_CONTROL.sub("?", cell)),
            )
        )
        return ""
    return cell


# Parsers for what cells hold. Each takes a cell and returns a value or raises ValueProblem.

_ISO_DATE = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_FRENCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(cell: Cell) -> dt.date:
    """2023-04-01, 2023-04-01 00:00:00, 01/04/2023 (day first, as in Québec), an Excel date,
    or an Excel serial number (45017) that lost its date format."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = cell.strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _FRENCH_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif re.fullmatch(r"\d{5}(?:[.,]0+)?", text) and 20_000 <= int(text[:5]) <= 80_000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(text[:5]))
    else:
        raise ValueProblem(
            gettext_noop("“%(value)s” is not a date: write it as 2023-04-01 or 01/04/2023."),
            {"value": excerpt(text)},
        )
    try:
        if not 1900 <= year <= 2100:
            raise ValueError(year)
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem(
            gettext_noop(
                "“%(value)s” is not a valid date (day %(day)s, month %(month)s, year %(year)s)."
            ),
            {"value": excerpt(text), "day": day, "month": month, "year": year},
        ) from None


def parse_time(cell: Cell) -> dt.time:
    """14:30, 14h30, 14 h 30, 2:30 PM is not expected: Québec writes 24-hour times."""
    if isinstance(cell, dt.datetime):
        return cell.time()
    match = re.fullmatch(r"(\d{1,2}) ?[:hH] ?(\d{2})?(?::\d{2})?", str(cell).strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise ValueProblem(
        gettext_noop("“%(value)s” is not a time: write it as 14:30."), {"value": excerpt(cell)}
    )


_NUMBER_SPACES = re.compile(r"(?<=\d)[\s\u00a0\u202f'](?=\d{3})")


def parse_int(
    cell: Cell,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    suffixes: tuple[str, ...] = (),
) -> int:
    """A whole number: "1 234" (French thousands), "30", "30.0" (Excel), "30 min" when
    `suffixes` allows the unit."""
    text = str(cell).strip()
    for suffix in sorted(suffixes, key=len, reverse=True):
        if text.casefold().endswith(suffix.casefold()):
            text = text[: -len(suffix)].strip()
            break
    text = _NUMBER_SPACES.sub("", text)
    text = re.sub(r"[.,]0+$", "", text)
    if not re.fullmatch(r"-?\d{1,12}", text):
        raise ValueProblem(
            gettext_noop("“%(value)s” is not a whole number."), {"value": excerpt(cell)}
        )
    number = int(text)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ValueProblem(
            gettext_noop(
                "%(value)s is out of range: expected between %(minimum)s and %(maximum)s."
            ),
            {"value": number, "minimum": minimum, "maximum": maximum},
        )
    return number


_TRUE = {"1", "true", "vrai", "yes", "oui", "o", "y", "x"}
_FALSE = {"0", "false", "faux", "no", "non", "n"}


def parse_bool(cell: Cell) -> bool | None:
    """Oui/non, yes/no, vrai/faux, 1/0, x for a ticked box; empty is unknown (None)."""
    text = str(cell).strip().casefold()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueProblem(gettext_noop("“%(value)s” is not yes or no."), {"value": excerpt(cell)})


def split_multi(cell: Cell, separator: str = MULTI_SEPARATOR) -> list[str]:
    """The values of a multi-valued cell, "Relation d'aide | Référence", in order, once each."""
    text = str(cell)
    if separator not in text:  # most cells: one value
        text = text.strip()
        return [text] if text else []
    parts = (part.strip() for part in text.split(separator))
    return list(dict.fromkeys(part for part in parts if part))


def neutralize_formula(text: str) -> str:
    """A cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with an apostrophe,
    which Excel and LibreOffice read as "this is text"."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(headers: list[str], rows: list[list[object]], delimiter: str = ";") -> bytes:
    """A CSV file that French Excel opens as is: UTF-8 with its mark, `;`, formulas neutralized."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralize_formula(str(cell)) for cell in headers])
    for row in rows:
        writer.writerow(["" if cell is None else neutralize_formula(str(cell)) for cell in row])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
