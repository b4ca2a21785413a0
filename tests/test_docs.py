"""The README cannot drift from the code: every command is documented, every documented command parses,
the read-only ones run on the seed, and the layout it draws is the repository's."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from kg.build import build
from kg.cli.main import build_parser, command_names, main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: The README with its line breaks as spaces: inline code may be wrapped.
FLAT = " ".join(README.split())
#: Commands that only read the store and finish in seconds on the seed: run, not only parsed.
READ_ONLY = {"query", "queries", "stats", "chains", "coverage", "funding", "rankings"}
#: README commands shown after an import, over data the seed does not have.
NEEDS_IMPORT = {"innokg rankings changes --from-edition 2024 --to-edition 2025",
                # the walkthrough's, run on its imports by tests/test_byod_end_to_end.py
                "innokg query top-n-overall -p index=sti-clusters -p edition=2025 -p n=20",
                "innokg query index-measures -p index=sti-clusters -p edition=2025"}


def readme_commands() -> list[str]:
    """Every ``innokg …`` command line of the README: code blocks and inline code, comments dropped."""
    lines = []
    in_block = False
    for line in README.splitlines():
        if line.startswith("```"):
            in_block = not in_block
            continue
        if in_block:
            match = re.match(r"\s*(?:\$ )?(?:\.venv/bin/)?(innokg(?: .*)?)$", line)
            if match:
                lines.append(match.group(1))
    lines += [code for code in re.findall(r"`(innokg [^`]+)`", FLAT)
              if len(code.split()) > 2 or code.split()[-1] not in command_names()]  # not a bare mention
    return sorted({re.sub(r"\s+#\s.*$", "", line).strip() for line in lines})  # trailing comments dropped


def _has_placeholder(command: str) -> bool:
    """Whether a README command names a placeholder (``ID``, ``URL``, ``FILE``…) rather than a value."""
    return bool(re.search(r"\b[A-Z]{2,}\b", command.replace("--store URL", "")) or "--store URL" in command)


def _arguments(command: str) -> list[str]:
    """The argv of a README command: optional parts ``[...]`` taken as given, placeholders kept."""
    command = command.replace("[", "").replace("]", "").replace("...", "").replace("…", "")
    return shlex.split(command.replace('"$TOKEN"', "secret"))[1:]


def test_every_command_is_in_the_readme():
    missing = [name for name in command_names() if not re.search(rf"innokg (?:--store \S+ )?{re.escape(name)}\b",
                                                                 FLAT)]
    assert missing == []


def test_bare_innokg_names_every_command(capsys):
    assert main([]) == 2
    error = capsys.readouterr().err
    assert error == f"innokg: error: choose a command: {', '.join(command_names())} (see `innokg --help`)\n"


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_parses(command):
    arguments = _arguments(command)
    if not [word for word in arguments if not word.startswith("-")] and "--help" not in arguments:
        pytest.fail(f"README shows {command!r} without a command")
    with contextlib.redirect_stderr(io.StringIO()) as errors:
        try:
            build_parser().parse_args(arguments)
        except (SystemExit, Exception):  # argparse exits; innokg's parser raises its usage error
            pytest.fail(f"README command {command!r} does not parse: {errors.getvalue().strip()}")


@pytest.fixture(scope="module")
def seed_folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docs") / "store"
    build(path)
    return path


@pytest.mark.parametrize("command", [c for c in readme_commands() if not _has_placeholder(c)
                                     and _arguments(c)[0] in READ_ONLY and c not in NEEDS_IMPORT])
def test_readme_read_only_command_runs_on_the_seed(command, seed_folder, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)  # README paths are relative to the repository
    assert main(["--store", str(seed_folder), *_arguments(command)]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.strip() != ""


def test_the_readme_layout_is_the_repository():
    section = README.split("## Layout", 1)[1].split("```")[1]
    drawn = {line.split()[0].rstrip("/") for line in section.splitlines() if line[:1].strip()}  # not a continuation
    tracked = {path.name for path in ROOT.iterdir()
               if path.is_dir() and not path.name.startswith(".") and path.name not in {"build", "dist"}
               and not path.name.endswith(".egg-info") and any(path.iterdir())}
    assert {name.split("/")[0] for name in drawn} == tracked
    assert "open issues" not in section
