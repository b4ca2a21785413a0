"""Import benchmark: N rows of the organizations template into the seed store and into a generated big store.

Run: ``.venv/bin/python benchmarks/import_rows.py [--rows 100000] [--big 1M] [--store PATH ...] [--replace]``
(``--big ""`` for the seed only). The seed store is measured twice: in
memory, and on disk (``innokg build`` into a temporary folder), the store an
on-disk big store compares with. ``--store PATH`` also imports into a copy
(``cp -r``, never the original) of an on-disk store, such as the 1M-triple
store of ``innokg build`` + ``innokg generate --scale 1M --seed 42``; with
``--replace``, the table is then imported into that copy again with its last
row gone (the same graph, replaced), and that replace is timed too.

The CSV is generated here (one technology firm a row, seated in one of four
seed cities, with a founding year). The big store is ``innokg generate
--scale SIZE --seed 42`` loaded on top of the ontology and seed, as
``benchmarks/run_all.py`` loads it. Prints seconds side by side with the goal
of issue 15: 100k rows under 30 s, and the big store within 1.5x of the seed
store. Prints figures; not a test.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ANCHOR_SECONDS = 30.0
ANCHOR_RATIO = 1.5


def write_rows(path: Path, rows: int) -> None:
    """Write ``rows`` organization rows to ``path``."""
    cities = ("北京", "上海", "深圳", "杭州")
    with path.open("w", encoding="utf-8") as out:
        out.write("key,type,name_zh,name_en,city,founded\n")
        for i in range(rows):
            out.write(f"bench-firm-{i},technology-firm,基准科技{i}号,Bench Tech {i},{cities[i % 4]},{1990 + i % 30}\n")


def timed_import(store, csv: Path) -> float:
    from kg.importing.loader import import_table

    start = time.perf_counter()
    import_table(store, csv, source="import benchmark",
                 progress=lambda line: print(f"  {time.perf_counter() - start:7.1f} s  {line}", file=sys.stderr, flush=True))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--big", default="1M", help="size of the generated store, e.g. 1M; empty for none")
    parser.add_argument("--store", action="append", default=[], type=Path,
                        help="an on-disk store to import into a copy of (repeatable)")
    parser.add_argument("--replace", action="store_true",
                        help="with --store: then replace the graph with the table less its last row, timed too")
    args = parser.parse_args()
    from kg.build import build, build_memory
    from kg.store import OxigraphStore

    folder = Path(tempfile.mkdtemp(prefix="innokg-import-bench-"))
    csv = folder / "bench-orgs.csv"
    write_rows(csv, args.rows)
    changed = folder / "changed" / csv.name  # the same name: the same graph, replaced
    changed.parent.mkdir()
    write_rows(changed, args.rows - 1)
    started, load_before = datetime.datetime.now(datetime.timezone.utc), os.getloadavg()[0]
    figures = {"seed": timed_import(build_memory(), csv)}
    seed_path = folder / "seed-store"
    build(seed_path)
    with OxigraphStore.open(seed_path) as store:
        name = f"seed on disk ({len(store):,} quads)"  # the size before the import
        figures[name] = timed_import(store, csv)
    shutil.rmtree(seed_path)
    if args.big:
        generated = folder / "big.nq"
        subprocess.run([sys.executable, "-m", "kg", "generate", "--scale", args.big, "--seed", "42", "-o", str(generated)],
                       check=True, cwd=ROOT)
        store = OxigraphStore.memory()
        store.inner.bulk_extend(build_memory().quads())
        store.load(generated.read_bytes(), "nquads")
        name = f"generated {args.big} ({len(store):,} quads)"
        figures[name] = timed_import(store, csv)
    for original in args.store:
        copy = folder / f"store-{len(figures)}"
        shutil.copytree(original, copy)  # never write into the original
        with OxigraphStore.open(copy) as store:
            name = f"on disk {original.parent.name}/{original.name} ({len(store):,} quads)"
            figures[name] = timed_import(store, csv)
            if args.replace:
                figures[f"  then replaced by {args.rows - 1:,} rows"] = timed_import(store, changed)
        shutil.rmtree(copy)
    shutil.rmtree(folder)
    print(f"{args.rows:,} organization rows, {platform.node()} ({platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the "
          f"end), {started:%Y-%m-%d %H:%M} UTC")
    print(f"{'store':48} {'seconds':>8}  goal")
    seed = figures["seed"]
    on_disk = next(seconds for name, seconds in figures.items() if name.startswith("seed on disk"))
    for name, seconds in figures.items():
        base, against = (seed, "seed") if name.startswith(("seed", "generated")) else (on_disk, "seed on disk")
        goal = f"< {ANCHOR_SECONDS:.0f} s" + ("" if seconds < ANCHOR_SECONDS else " (not met)") \
            if name.startswith("seed") else f"<= {ANCHOR_RATIO}x {against} ({seconds / base:.2f}x)"
        goal = "" if name.startswith("  then") else goal  # a replace: no goal of its own
        print(f"{name:48} {seconds:8.1f}  {goal}")


if __name__ == "__main__":
    main()
