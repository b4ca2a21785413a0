"""``python -m kg`` runs the innokg command line."""

from kg.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
