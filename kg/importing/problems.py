"""Problems found in an import file, and the error that carries all of them.

Every problem says where (file, row, column), what (the value) and why,
with a hint on how to fix it; an import reports every problem of a file in
one run and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import InnokgError

__all__ = ["Problem", "ImportFailed"]


@dataclass(frozen=True)
class Problem:
    """One problem in an import file.

    Attributes
    ----------
    file : str
        The file name as the user gave it.
    message : str
        What is wrong, e.g. ``unknown city``.
    row : int or None
        The spreadsheet row, the header being row 1; None for the whole file.
    column : str or None
        The column name.
    value : str or None
        The cell as written.
    hint : str
        How to fix it.

    Examples
    --------
    >>> print(Problem("r.csv", "not a positive integer", 3, "rank", "-2", "write 1 or more"))
    r.csv: row 3, column "rank", value "-2": not a positive integer; hint: write 1 or more
    >>> print(Problem("r.xlsx", "the workbook has 2 sheets", hint="keep one sheet"))
    r.xlsx: the workbook has 2 sheets; hint: keep one sheet
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    hint: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f'column "{self.column}"')
        if self.value is not None:
            where.append(f'value "{self.value}"')
        text = f"{where[0]}: {', '.join(where[1:])}: {self.message}" if len(where) > 1 else f"{self.file}: {self.message}"
        return f"{text}; hint: {self.hint}" if self.hint else text


class ImportFailed(InnokgError):
    """An import that was refused: nothing was written.

    Parameters
    ----------
    problems : list of Problem
        Every problem found, in file order.

    Examples
    --------
    >>> error = ImportFailed([Problem("a.csv", "unknown city", 2, "city", "Pekin")])
    >>> str(error)
    'a.csv: 1 problem, nothing imported'
    >>> error.lines()
    ['a.csv: row 2, column "city", value "Pekin": unknown city']
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        name = self.problems[0].file if self.problems else "import"
        count = len(self.problems)
        super().__init__(f"{name}: {count} problem{'' if count == 1 else 's'}, nothing imported")

    def lines(self) -> list[str]:
        """Return one line per problem."""
        return [str(problem) for problem in self.problems]
