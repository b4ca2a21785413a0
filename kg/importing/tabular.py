"""Read a table from a CSV file (UTF-8) or an Excel workbook (one sheet).

Rows are numbered as a spreadsheet shows them: the header is row 1, the
first data row is row 2. Every cell is text with surrounding blanks
removed; numbers and dates from Excel become the text a user would type.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path

from kg.importing.problems import ImportFailed, Problem

__all__ = ["TABLE_SUFFIXES", "Table", "guess_encoding", "read_table"]

#: File suffixes read as tables.
TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass
class Table:
    """The cells of one table.

    Attributes
    ----------
    name : str
        The file name, for messages.
    headers : list of str
        Column names of row 1.
    rows : list of (int, dict of str to str)
        Each data row's number and its cells by column name (missing cells
        are ``""``); entirely blank rows are left out.
    """

    name: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_table(path: str | os.PathLike, name: str | None = None, *, data: bytes | None = None,
               strip: bool = True) -> Table:
    """Read a ``.csv`` (UTF-8, with or without BOM) or ``.xlsx`` (one sheet) file.

    Parameters
    ----------
    path : str or os.PathLike
    name : str, optional
        How messages name the file (its file name by default).
    data : bytes, optional
        The file's bytes when the caller has read them (the file is then not read).
    strip : bool, optional
        Remove blanks around each cell (default); ``False`` keeps cells as
        written (quoted text with its spaces, e.g. reviewed candidates).

    Returns
    -------
    Table

    Raises
    ------
    ImportFailed
        When the file is not UTF-8, has no header, or is a workbook with
        several sheets.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "cities.csv"
    >>> _ = path.write_text("city,rank\\n北京, 3\\n,\\n", encoding="utf-8")
    >>> table = read_table(path)
    >>> table.headers, table.rows
    (['city', 'rank'], [(2, {'city': '北京', 'rank': '3'})])
    """
    path = Path(path)
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix == ".csv":
        grid = _csv_grid(path, name, data)
    elif suffix == ".xlsx":
        grid = _xlsx_grid(path, name, data)
    else:
        raise ImportFailed([Problem(name, f"cannot read a {suffix or 'suffix-less'} file as a table",
                                    hint="save it as .csv (UTF-8) or .xlsx")])
    return _table(grid, name, strip)


def _csv_grid(path: Path, name: str, data: bytes | None = None) -> list[list[str]]:
    data = _read_bytes(path, name) if data is None else data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start: error.start + 1].hex()
        guess = guess_encoding(data)
        hint = f"the file looks like {guess[1]}; " if guess else ""
        raise ImportFailed([Problem(
            name, f"not UTF-8 text (byte 0x{byte} cannot be decoded)", row=line,
            hint=hint + "save it as 'CSV UTF-8' (Excel) or re-encode it as UTF-8",
        )]) from None
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]


def guess_encoding(data: bytes) -> tuple[str, str] | None:
    """A likely legacy encoding of ``data`` that is not UTF-8 (GBK/GB18030 for Chinese files): codec and name.

    >>> guess_encoding("北京".encode("gbk")), guess_encoding(b"\\xff\\xff\\xff")
    (('gb18030', 'GBK/GB18030 (Chinese Windows)'), None)
    """
    for encoding, label in (("gb18030", "GBK/GB18030 (Chinese Windows)"), ("big5", "Big5")):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding, label
    return None


def _xlsx_grid(path: Path, name: str, data: bytes | None = None) -> list[list[str]]:
    import openpyxl  # only when reading a workbook

    if data is None:
        _read_bytes(path, name)  # a clear message for a missing file
    try:
        workbook = openpyxl.load_workbook(path if data is None else io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFailed([Problem(name, f"cannot read the workbook: {error}",
                                    hint="open it in Excel and save it again as .xlsx")]) from None
    try:
        sheets = workbook.sheetnames
        if len(sheets) != 1:
            listed = ", ".join(f'"{sheet}"' for sheet in sheets)
            raise ImportFailed([Problem(
                name, f"the workbook has {len(sheets)} sheets ({listed})",
                hint="an import reads one table: keep one sheet, or save each sheet as its own file",
            )])
        sheet = workbook[sheets[0]]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """The text a user would type for an Excel cell value.

    >>> _cell_text(3.0), _cell_text(2.5), _cell_text(dt.datetime(2025, 1, 2)), _cell_text(None)
    ('3', '2.5', '2025-01-02', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed([Problem(name, "no such file", hint="check the path")]) from None
    except OSError as error:
        raise ImportFailed([Problem(name, f"cannot read: {error.strerror or error}")]) from None


def _table(grid: list[list[str]], name: str, strip: bool = True) -> Table:
    if strip:
        grid = [[cell.strip() for cell in row] for row in grid]
    if not grid or not any(cell.strip() for cell in grid[0]):
        raise ImportFailed([Problem(name, "the file has no header row", row=1,
                                    hint="start with a row of column names (see `innokg template`)")])
    headers = grid[0]
    while headers and not headers[-1]:
        headers = headers[:-1]
    rows = []
    for number, cells in enumerate(grid[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {header: (cells[i] if i < len(cells) else "") for i, header in enumerate(headers)}
        rows.append((number, values))
    return Table(name, headers, rows)
