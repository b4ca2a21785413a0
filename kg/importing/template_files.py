"""Template files: the CSV and xlsx a user fills in, their documentation, and the example rows to refuse.

``innokg template NAME`` writes :func:`template_csv` or
:func:`write_template_xlsx`; ``innokg template --docs`` writes
:func:`templates_markdown` (``templates/README.md``). Each file comes with
one example row; :func:`example_rows` finds it in a table an import reads,
so the example never becomes data by accident.
"""

from __future__ import annotations

import csv
import io
import os

from kg.importing.problems import Problem
from kg.importing.tabular import Table
from kg.importing.templates import TEMPLATES, Template, get_template  # noqa: F401 (get_template: doctests)

__all__ = ["template_csv", "write_template_xlsx", "templates_markdown", "example_rows"]


def template_csv(template: Template) -> str:
    """The CSV template: the header and one example row.

    Examples
    --------
    >>> print(template_csv(get_template("relations")), end="")
    subject,relation,object
    泮芯科技,incubated-by,环上大科技园
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.name for column in template.columns])
    writer.writerow([column.example for column in template.columns])
    return buffer.getvalue()


def example_rows(table: Table) -> list[Problem]:
    """Find the template example rows a table still holds unchanged: one problem per such row.

    A row is a template's example when the table's columns are columns of
    that template (with all its required ones) and every cell is the cell
    of the example row that ``innokg template`` writes. Such a row was never
    filled in; importing it would state the example as a fact.

    Examples
    --------
    >>> example = dict(zip(("index", "edition", "city", "rank"), ("gis100", "2024", "深圳", "8")))
    >>> table = Table("r.csv", list(example), [(2, {**example, "rank": "7"}), (3, example)])
    >>> [str(problem) for problem in example_rows(table)]  # doctest: +NORMALIZE_WHITESPACE
    ['r.csv: row 3: the example row of the rankings template, unchanged;
      hint: write your own data over it, or delete the row']
    """
    headers = set(table.headers)
    problems = []
    for template in TEMPLATES.values():
        names = {column.name for column in template.columns}
        if not headers or not headers <= names or not set(template.required) <= headers:
            continue
        example = {column.name: column.example for column in template.columns}
        problems += [Problem(table.name, f"the example row of the {template.name} template, unchanged", number,
                             hint="write your own data over it, or delete the row")
                     for number, cells in table.rows
                     if all(cells.get(name, "") == example[name] for name in table.headers)]
    return sorted(problems, key=lambda problem: problem.row or 0)


def write_template_xlsx(template: Template, path: str | os.PathLike) -> None:
    """Write the template as a one-sheet workbook: header (with help as comments) and example row.

    The example row is grey and italic, with a comment saying to write over
    it; an import refuses a file that still holds it unchanged.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> path = os.path.join(tempfile.mkdtemp(), "rankings.xlsx")
    >>> write_template_xlsx(get_template("rankings"), path)
    >>> sheet = openpyxl.load_workbook(path).active
    >>> [cell.value for cell in sheet[1]][:4], sheet["D2"].value, sheet["A2"].font.i
    (['index', 'edition', 'dimension', 'city'], '深圳', True)
    """
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = template.name
    sheet.append([column.name for column in template.columns])
    sheet.append([column.example or None for column in template.columns])
    for cell, column in zip(sheet[1], template.columns):
        cell.font = Font(bold=True)
        required = "required" if column.required and column.default is None else "optional"
        cell.comment = Comment(f"{required}: {column.help}", "innokg")
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.example) * 2, len(column.name) + 2)
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    sheet["A2"].comment = Comment("example row: write your own data over it, or delete it "
                                  "(an import refuses it unchanged)", "innokg")
    workbook.save(path)


def templates_markdown() -> str:
    """Document every template: its columns, what to write, and the example row (templates/README.md)."""
    lines = [
        "# Import templates",
        "",
        "Generated from `kg/importing/templates.py` (`innokg template --docs`); do not edit by hand.",
        "Write one with `innokg template NAME -o FILE.csv` (or `.xlsx`), fill it, and load it with",
        "`innokg import FILE --source \"where the numbers come from\"`. Names of cities, organizations,",
        "people and concepts may be written as keys, IRIs or labels in Chinese or English.",
        "Each template comes with one example row: write your own data over it, or delete it; an import",
        "refuses a file that still holds it unchanged (`FILE: row N: the example row of the T template,",
        "unchanged`).",
        "",
    ]
    for template in TEMPLATES.values():
        lines += [f"## {template.name}: {template.title} ({template.title_zh})", "", template.description, "",
                  "| column | required | what to write | example |", "| --- | --- | --- | --- |"]
        for column in template.columns:
            required = "yes" if column.required and column.default is None else (
                f"no (default {column.default})" if column.default else "no")
            lines.append(f"| `{column.name}` | {required} | {column.help} | {column.example} |")
        lines += ["", f"Template file: [`{template.name}.csv`]({template.name}.csv)", ""]
    return "\n".join(lines)
