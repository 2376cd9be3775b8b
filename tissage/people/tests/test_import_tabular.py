"""Reading the files people bring (tissage/lib/tabular.py): encodings, delimiters, XLSX,
limits, and the parsers of dates, numbers and multi-valued cells."""

import codecs
import datetime as dt
import io

import openpyxl
import pytest

from tissage.lib.tabular import (
    TabularError,
    ValueProblem,
    column_letter,
    decode,
    detect_delimiter,
    neutralize_formula,
    parse_bool,
    parse_date,
    parse_int,
    parse_time,
    read_table,
    split_multi,
    write_csv,
)

TEXT = "code;municipalite;note\nP1;Montréal;café, thé\nP2;Québec;\n"


def test_utf8_with_and_without_byte_order_mark():
    plain = read_table(TEXT.encode("utf-8"), "a.csv")
    marked = read_table(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "a.csv")
    assert plain.encoding == "utf-8" and marked.encoding == "utf-8-sig"
    for table in (plain, marked):
        assert table.headers == ["code", "municipalite", "note"]  # no BOM in the first header
        assert table.rows == [(2, ["P1", "Montréal", "café, thé"]), (3, ["P2", "Québec", ""])]


def test_windows_1252_is_recognized():
    table = read_table(TEXT.encode("cp1252"), "a.csv")
    assert table.encoding == "cp1252"
    assert table.rows[0][1][1] == "Montréal"


def test_utf16_from_excel_unicode_text():
    table = read_table(TEXT.replace(";", "\t").encode("utf-16"), "a.txt")
    assert table.delimiter == "\t" and table.rows[1][1][1] == "Québec"


def test_binary_and_undecodable_files_are_refused():
    for data in (b"\x00\x01\x02\x03binary\x00" * 50, bytes(range(256)) * 4):
        with pytest.raises(TabularError) as caught:
            read_table(data, "a.csv")
        assert caught.value.problem.row is None and caught.value.problem.message
    # Mostly UTF-8 with one broken byte: not silently read as Windows-1252.
    broken = "code;ville\nP1;Montréal\nP2;Québec\nP3;Lévis\n".encode() + b"P4;Sh\xe9rbrooke\n"
    with pytest.raises(TabularError) as caught:
        decode(broken)
    assert caught.value.problem.params["line"] == 5


def test_delimiters():
    assert detect_delimiter("a;b;c\n1;2;3\n") == ";"
    assert detect_delimiter("a,b,c\n1,2,3\n") == ","
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"
    # A comma inside a quoted header does not count.
    assert detect_delimiter('"nom, prénom";ville\n"a, b";c\n') == ";"
    # Both in the header: the one consistent over the lines wins.
    assert detect_delimiter("a;b,c;d\n1;2,5;3\n4;5,5;6\n") == ";"
    assert read_table(b"code\nP1\nP2\n", "a.csv").rows == [(2, ["P1"]), (3, ["P2"])]


def test_excel_delimiter_hint():
    table = read_table(b"sep=,\r\ncode,note\r\nP1,a;b\r\n", "a.csv")
    assert table.delimiter == "," and table.headers == ["code", "note"]
    assert table.rows == [(2, ["P1", "a;b"])]


def test_row_numbers_follow_the_spreadsheet():
    data = b'code;note\n\nP1;"two\nlines"\nP2;x\n'
    table = read_table(data, "a.csv")
    # The blank row 2 is skipped but counted; a cell over two lines is one row.
    assert table.rows == [(3, ["P1", "two\nlines"]), (4, ["P2", "x"])]


def test_short_rows_are_padded_and_extra_values_reported():
    table = read_table(b"a;b;c\n1\n1;2;3;4\n1;2;3;;\n", "a.csv")
    assert table.rows[0] == (2, ["1", "", ""])
    assert [(p.row, p.column, p.value) for p in table.problems] == [(3, "D", "4")]


def test_limits_are_reported_with_row_and_column():
    huge = "x" * 10_001
    table = read_table(f"code;note\nP1;{huge}\n".encode(), "a.csv")
    (problem,) = table.problems
    assert (problem.row, problem.column) == (2, "note")
    assert problem.params == {"length": 10_001, "limit": 10_000}
    assert table.rows[0][1][1] == ""  # the huge value is not carried along
    with pytest.raises(TabularError):
        read_table(b"x" * 101, "a.csv", max_bytes=100)
    with pytest.raises(TabularError):
        read_table((";".join(f"c{i}" for i in range(300)) + "\n1\n").encode(), "a.csv")
    with pytest.raises(TabularError) as caught:
        read_table(b"code;Code\n1;2\n", "a.csv")
    assert caught.value.problem.row == 1 and caught.value.problem.column == "Code"


def test_empty_files():
    for data in (b"", b"   \n\n", codecs.BOM_UTF8, b";;;\n;;\n"):
        with pytest.raises(TabularError):
            read_table(data, "a.csv")
    assert read_table(b"code;genre\n", "a.csv").rows == []


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.create_sheet("second").append(["ignored"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_first_sheet_with_dates_and_numbers():
    data = _xlsx(
        [
            ["no", "date", "durée", "heure", "suivi"],
            [1, dt.datetime(2023, 4, 1), 30.0, dt.time(14, 30), True],
            [2, dt.datetime(2023, 4, 2, 9, 15), 2.5, None, False],
            [],
            [3, "01/04/2023", "", "", ""],
        ]
    )
    table = read_table(data, "export.xlsx")
    assert table.format == "xlsx" and table.headers == ["no", "date", "durée", "heure", "suivi"]
    assert table.rows[0] == (2, ["1", dt.date(2023, 4, 1), "30", "14:30", "true"])
    assert table.rows[1][1][1] == dt.datetime(2023, 4, 2, 9, 15)
    assert table.rows[1][1][2] == "2.5"
    assert table.rows[2][0] == 5  # the empty row 4 is skipped, its number kept


def test_damaged_or_unsupported_spreadsheets():
    for data, name in [
        (b"PK\x03\x04 not really a zip", "a.xlsx"),
        (b"plain text", "a.xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.xls"),
        (_xlsx([["a"]])[:300], "a.xlsx"),
    ]:
        with pytest.raises(TabularError) as caught:
            read_table(data, name)
        assert caught.value.problem.message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2023-04-01", dt.date(2023, 4, 1)),
        ("2023-04-01 00:00:00", dt.date(2023, 4, 1)),
        ("2023-04-01T13:45", dt.date(2023, 4, 1)),
        ("01/04/2023", dt.date(2023, 4, 1)),  # day first, as in Québec
        ("1/4/2023", dt.date(2023, 4, 1)),
        ("01-04-2023", dt.date(2023, 4, 1)),
        ("45017", dt.date(2023, 4, 1)),  # an Excel serial number
        (dt.datetime(2023, 4, 1, 10, 0), dt.date(2023, 4, 1)),
        (dt.date(2023, 4, 1), dt.date(2023, 4, 1)),
    ],
)
def test_dates(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", ["2023-02-30", "31/13/2023", "avril 2023", "23-04-01", "1", ""])
def test_wrong_dates(cell):
    with pytest.raises(ValueProblem) as caught:
        parse_date(cell)
    assert caught.value.message_id


def test_numbers_booleans_times():
    assert parse_int("1 234") == 1234
    assert parse_int("1\u00a0234") == 1234
    assert parse_int("30.0") == 30
    assert parse_int("30 min", suffixes=("min",)) == 30
    for bad in ("30 min", "2.5", "abc", "1e3"):
        with pytest.raises(ValueProblem):
            parse_int(bad)
    with pytest.raises(ValueProblem):
        parse_int("2000", maximum=1440)
    assert [parse_bool(v) for v in ("oui", "Non", "x", "1", "false", "")] == [
        True,
        False,
        True,
        True,
        False,
        None,
    ]
    with pytest.raises(ValueProblem):
        parse_bool("peut-être")
    assert parse_time("14h30") == dt.time(14, 30) and parse_time("9:05") == dt.time(9, 5)
    with pytest.raises(ValueProblem):
        parse_time("25:00")


def test_multi_valued_cells():
    assert split_multi("Relation d'aide | Référence") == ["Relation d'aide", "Référence"]
    assert split_multi(" a |a|| b ") == ["a", "b"]
    assert split_multi("") == []


def test_formulas_are_neutralized_when_written():
    assert neutralize_formula('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert [neutralize_formula(v) for v in ("+1", "-1", "@SUM(A1)", "ok")] == [
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "ok",
    ]
    data = write_csv(["Ligne", "Valeur"], [[2, "=1+1"], [3, "Santé"]])
    assert data.startswith(codecs.BOM_UTF8)
    assert data.decode("utf-8-sig").splitlines() == ["Ligne;Valeur", "2;'=1+1", "3;Santé"]


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
