"""The ``innokg`` command line: one module a group of commands; :mod:`kg.cli.main` builds the parser."""

from kg.cli.main import build_parser, command_names, main

__all__ = ["main", "build_parser", "command_names"]
