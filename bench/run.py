"""`make bench`: every benchmark of issue #10 on SQLite and PostgreSQL, one table, and
docs/performance.md rewritten with the figures and the machine.

    .venv/bin/python bench/run.py                       # the whole run
    .venv/bin/python bench/run.py --load-seconds 600    # with the 10-minute load test
    .venv/bin/python bench/run.py --only import,load --databases sqlite --no-docs

One throwaway PostgreSQL cluster (scripts/pg-throwaway) serves every PostgreSQL figure; each
benchmark gives each database a fresh one. The report and the search, whose time goes mostly
into generating their data, generate it on both databases at once (harness.Worker: a worker
process per database, told to generate, then to measure); each database is then timed alone
while the other's worker waits, so that no figure is measured beside a generation. What
runs, each beside its baseline measured in the same run on the same data:

- report: bench/report_bench.py, the annual report at 10,000, 100,000 and 1,000,000
  interventions against the same aggregates in hand-written SQL;
- search: bench/directory_search.py, keyword + distance search at 10,000 and 100,000
  services against a raw full-text query;
- import: bench/import_bench.py, 100,000 interventions through the importer against a
  hand-written bulk insert; rows per second and peak memory;
- load: bench/load_test.py, 20 signed-in clients against gunicorn; the p95 of saving an
  intervention and of the main pages against the trivial health page.
"""

import argparse
import contextlib
import datetime
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_bench
import load_test
from harness import (
    ROOT,
    SQLITE_FILE,
    Worker,
    WorkerFailed,
    alone,
    fresh_database,
    load,
    machine,
    postgresql_server,
    say,
    together,
)

DOC = ROOT / "docs" / "performance.md"
BENCHMARKS = ("report", "search", "import", "load")
REPORT_SIZES = "10000,100000,1000000"
SEARCH_SIZES = "10000,100000"
SEARCH_LINE = re.compile(
    r"^(sqlite|postgresql)\s+([\d,]+)\s+(.+?)\s+([\d.]+) ms\s+([\d.]+) ms\s+([\d.]+x|—)?"
)


# ---------------------------------------------------------------- the four benchmarks


def report(databases: list[str], server: str | None, sizes: str) -> list[dict[str, Any]]:
    """bench/report_bench.py's own runs (a fresh database per size, engine = baseline
    checked, median of 3 after a warm-up), each size generated on both databases side by
    side, then timed on each alone."""
    import report_bench

    options = argparse.Namespace(repeat=3, seed=report_bench.SEED, queries=0)
    return report_bench.side_by_side(databases, sizes.split(","), options, server)


def search(databases: list[str], server: str | None, sizes: str) -> list[dict[str, Any]]:
    """bench/directory_search.py's workers, one per back end, side by side: for each size,
    both generate at the same time, then each measures in turn while the other one waits
    (nothing else runs while a figure is timed); their lines read back."""
    script = str(ROOT / "bench" / "directory_search.py")
    outputs: dict[str, list[str]] = {database: [] for database in databases}
    errors: dict[str, str] = {}
    with contextlib.ExitStack() as stack:
        workers: dict[str, Worker] = {}
        for database in databases:
            on = server if database == "postgresql" else None
            env = stack.enter_context(fresh_database(database, "bench_search", on))
            env["BENCH_DATABASE_URL"] = env.get(  # the fresh database, migrated already
                "DATABASE_URL", f"sqlite:///{env['TISSAGE_DATA_DIR']}/{SQLITE_FILE}"
            )
            command = [sys.executable, script, "--worker"]
            workers[database] = Worker(database, command, env)
            stack.callback(workers[database].close)  # before its database goes
        for size in sorted(int(size) for size in sizes.split(",")):
            live = [worker for database, worker in workers.items() if database not in errors]
            say(f"  search: generating {size:,} services, {' and '.join(w.name for w in live)} "
                f"side by side (load {load()})")  # fmt: skip
            for database, found in together(live, f"generate {size}").items():
                if isinstance(found, WorkerFailed):
                    errors[database] = str(found)
            for database, worker in workers.items():
                if database in errors:
                    continue
                say(f"  search, {database}: measuring {size:,} services (load {load()})")
                try:
                    with alone(database, server):
                        outputs[database] += worker.run("measure")
                except WorkerFailed as failure:
                    errors[database] = str(failure)
    results = []
    for database in databases:
        rows = []
        for line in outputs[database]:
            if match := SEARCH_LINE.match(line):
                vendor, count, label, median, p95, _ratio = match.groups()
                rows.append(
                    {"database": vendor, "services": int(count.replace(",", "")), "query": label,
                     "median_ms": float(median), "p95_ms": float(p95)}
                )  # fmt: skip
        output = "\n".join(outputs[database]) + "\n"
        result: dict[str, Any] = {"database": database, "rows": rows, "output": output}
        if database in errors or not rows:
            result["error"] = errors.get(database, "no result lines")
            say(f"    search failed: {result['error']}")
        results.append(result)
    return results


# ---------------------------------------------------------------- one table


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def summary_rows(results: dict[str, Any]) -> list[list[str]]:
    """[benchmark, database, size, figure, value, baseline, ratio, target]."""
    rows: list[list[str]] = []
    for r in results.get("report", []):
        size = f"{int(r['size']):,} interventions"
        if "error" in r:
            rows.append(["annual report", r["database"], size, "build", "failed", "", "", ""])
            continue
        build, base = statistics.median(r["engine"]), statistics.median(r["baseline"])
        ratio = build / base
        target = ""
        if int(r["size"]) >= 1_000_000:
            target = f"{'✓' if build < 20 else '✗'} < 20 s, {'✓' if ratio <= 1.5 else '✗'} ≤ 1.5x"
        rows.append(["annual report", r["database"], size, "build (median of 3)",
                     f"{build:.2f} s", f"{base:.2f} s (SQL)", f"{ratio:.2f}x", target])  # fmt: skip
    for r in results.get("search", []):
        if "error" in r:
            rows.append(["directory search", r["database"], "", "", "failed", "", "", ""])
        by = {(row["services"], row["query"]): row for row in r.get("rows", [])}
        for services in sorted({row["services"] for row in r.get("rows", [])}):
            query = next((v for (s, q), v in by.items() if s == services and "distance" in q), None)
            raw = next((v for (s, q), v in by.items() if s == services and "raw" in q), None)
            if query is None or raw is None:
                continue
            for figure in ("median_ms", "p95_ms"):
                ratio = query[figure] / raw[figure] if raw[figure] else 0
                target = ""
                if figure == "p95_ms" and services >= 100_000:
                    target = f"{'✓' if query[figure] < 30 else '✗'} < 30 ms"
                rows.append(["directory search", r["database"], f"{services:,} services",
                             f"keyword + distance, {figure[:-3]}", _ms(query[figure]),
                             f"{_ms(raw[figure])} (raw FTS)", f"{ratio:.2f}x", target])  # fmt: skip
    for r in results.get("import", []):
        size = f"{r['rows']:,} rows"
        if "error" in r:
            rows.append(["import", r["database"], size, "", f"failed ({r['error']})", "", "", ""])
            continue
        rows.append(["import", r["database"], size, "rows per second", f"{r['rate']:,.0f}",
                     f"{r['baseline_rate']:,.0f} (bulk SQL)", f"{r['ratio']:.2f}x",
                     f"{'✓' if r['rate'] >= 10_000 else '✗'} ≥ 10,000"])  # fmt: skip
        rows.append(["import", r["database"], size, "peak memory (RSS)", f"{r['rss_mb']:.0f} MB",
                     f"{r['rss_before_mb']:.0f} MB before", "",
                     f"{'✓' if r['rss_mb'] < 500 else '✗'} < 500 MB"])  # fmt: skip
    for r in results.get("load", []):
        size = f"{r['clients']} clients, {r['seconds']:.0f} s"
        if "error" in r:
            rows.append(["load", r["database"], size, "", f"failed ({r['error']})", "", "", ""])
            continue
        base = r["actions"].get(load_test.BASELINE, {}).get("p95_ms", 0.0)
        for action in [load_test.SAVE, *load_test.PAGES]:
            a = r["actions"].get(action)
            if a is None:
                continue
            target = ""
            if action == load_test.SAVE:
                target = f"{'✓' if a['p95_ms'] < 150 else '✗'} < 150 ms"
            errors = f", {a['errors']} errors" if a["errors"] else ""
            rows.append(["load", r["database"], size, f"{action}, p95 ({a['count']:,}{errors})",
                         _ms(a["p95_ms"]), f"{_ms(base)} (health)",
                         f"{a['p95_ms'] / base:.1f}x" if base else "—", target])  # fmt: skip
        rows.append(["load", r["database"], size, "errors, all requests",
                     f"{r['errors']} of {r['requests']:,}", "", "",
                     f"{'✓' if r['errors'] == 0 else '✗'} 0"])  # fmt: skip
    return rows


def markdown(rows: list[list[str]]) -> str:
    head = ["benchmark", "database", "size", "figure", "value", "baseline", "ratio", "target"]
    lines = ["| " + " | ".join(head) + " |", "| --- | --- | --- | --- | ---: | ---: | ---: | --- |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def plain(rows: list[list[str]]) -> str:
    head = ["benchmark", "database", "size", "figure", "value", "baseline", "ratio", "target"]
    widths = [max(len(str(x)) for x in column) for column in zip(head, *rows, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------- docs/performance.md


def machine_line(info: dict[str, str]) -> str:
    return (
        f"{info['cpus']} CPUs ({info['cpu']}), {info['ram']} RAM, {info['os']}; Python "
        f"{info['python']}, SQLite {info['sqlite']}, PostgreSQL {info['postgresql']} (a "
        "throwaway cluster, scripts/pg-throwaway: default settings, fsync off)"
    )


def replace_section(content: str, title: str, text: str) -> str:
    """The section `## title` replaced by `text` (added at the end when missing)."""
    start = content.find(f"\n## {title}\n")
    if start < 0:
        return content.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n"
    end = content.find("\n## ", start + 1)
    rest = content[end:] if end >= 0 else "\n"
    return content[: start + 1] + text.rstrip("\n") + "\n" + rest


def replace_table(section: str, first_header: str, table: str) -> str:
    """The markdown table whose header starts with `first_header` replaced by `table`."""
    lines = section.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(first_header)), None)
    if start is None:
        return section.rstrip("\n") + "\n\n" + table + "\n"
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join([*lines[:start], *table.split("\n"), *lines[end:]])


def section_of(content: str, title: str) -> str:
    start = content.find(f"\n## {title}\n")
    if start < 0:
        return ""
    end = content.find("\n## ", start + 1)
    return content[start + 1 : end if end >= 0 else len(content)]


def search_table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| back end | services | query | median | p95 | p95 / raw p95 |",
        "| --- | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        rows = r.get("rows", [])
        for row in rows:
            raw = next(
                (x for x in rows if x["services"] == row["services"] and "raw" in x["query"]),
                None,
            )
            ratio = f"{row['p95_ms'] / raw['p95_ms']:.2f}×" if raw and raw["p95_ms"] else "—"
            name = "SQLite" if row["database"] == "sqlite" else "PostgreSQL"
            lines.append(
                f"| {name} | {row['services']:,} | {row['query']} | {row['median_ms']:.2f} ms "
                f"| {row['p95_ms']:.2f} ms | {ratio} |"
            )
    return "\n".join(lines)


def write_docs(results: dict[str, Any], info: dict[str, str], args: argparse.Namespace) -> None:
    content = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    day = datetime.date.today().isoformat()
    rows = summary_rows(results)
    summary = f"""## make bench

`make bench` (bench/run.py) runs every benchmark below on SQLite and PostgreSQL and prints one
table; each figure stands beside a baseline measured in the same run, on the same data, under
the same load, and the ratio of the two (steadier than the absolute figures on a shared
machine). The report and the search generate their data on both databases side by side (one
worker process per database, each size on both at once); then each database is timed alone,
the other's worker idle and no autovacuum running, so that no figure is measured beside a
generation. The import and the load test start, too, once no autovacuum worker is busy
(with autovacuum off while SQLite is timed).

Last run: {day}, `{args.command}`, {results["minutes"]:.1f} minutes in all (install
excluded). Machine: {machine_line(info)}. Load average (1, 5, 15 min) {info["load_start"]} at
the start, {info["load_end"]} at the end. Load test: {args.load_seconds:.0f} s per database
(`--load-seconds 600` for the 10-minute run of issue #10).

{markdown(rows)}

Baselines: the annual report against the same aggregates in hand-written SQL; the search
against a raw full-text query on the same words (bm25 or ts_rank, top 20); the import against
the same rows parsed with the csv module and inserted by hand (COPY or executemany); the pages
under load against the health page (/sante/, no database) under the same load.
"""
    if "\n## make bench\n" not in content:
        title_end = content.find("\n## ")
        head = content[:title_end] if title_end >= 0 else content.rstrip("\n")
        content = head.rstrip("\n") + "\n\n" + summary + content[len(head) :]
    content = replace_section(content, "make bench", summary)
    if results.get("report"):
        import report_bench

        report_info = {**info}
        text = report_bench.document(
            results["report"], report_info, args.command + " (section report)", 3, together=True
        )
        content = replace_section(content, report_bench.SECTION[3:], text)
    if results.get("search"):
        section = section_of(content, "Directory search")
        if section:
            content = replace_section(
                content, "Directory search", restamp_search(section, results["search"], info)
            )
    if results.get("import"):
        content = replace_section(content, "Import", import_section(results["import"], info))
    if results.get("load"):
        content = replace_section(content, "Load test", load_section(results["load"], args))
    DOC.write_text(content, encoding="utf-8")
    say(f"Written: {DOC}")


def restamp_search(section: str, results: list[dict[str, Any]], info: dict[str, str]) -> str:
    """The directory section with this run's table, the paragraph that dates it and the
    generation times; its explanations are left as they are."""
    day = datetime.date.today().isoformat()
    note = (
        f"Run on {day} by `make bench` (bench/run.py drives one `directory_search.py` worker "
        f"per back end: each size generated on both side by side, then timed on each alone): "
        f"{machine_line(info)}."
    )
    lines = section.split("\n")
    table = next((i for i, line in enumerate(lines) if line.startswith("| back end |")), None)
    if table is None:
        return section.rstrip("\n") + "\n\n" + note + "\n\n" + search_table(results) + "\n"
    end = table
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    start = table
    while start > 0 and not lines[start - 1].startswith("Run on "):
        if lines[start - 1].startswith("## ") or start < table - 12:
            start = table
            break
        start -= 1
    else:
        start = start - 1 if start > 0 else table
    lines[start:end] = [note, "", *search_table(results).split("\n")]
    built = []
    for r in results:
        times = re.findall(r"generated and indexed in (\d+) s", r.get("output", ""))
        if times:
            built.append(f"{int(times[-1])} s ({r['database']})")
    for i, line in enumerate(lines):
        if line.startswith("Generation and indexing took") and built:
            sizes = SEARCH_SIZES.split(",")[-1]
            lines[i] = (
                f"Generation and indexing of the last {int(sizes):,} services took "
                f"{' and '.join(built)} in this run (both at once)."
            )
    return "\n".join(lines)


def import_section(results: list[dict[str, Any]], info: dict[str, str]) -> str:
    lines = [
        "| database | rows | import (s) | rows/s | baseline (s) | baseline rows/s | ratio "
        "| peak RSS | RSS before | tracemalloc peak |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['database']} | failed: {r['error']} | | | | | | | | |")
            continue
        lines.append(
            f"| {r['database']} | {r['rows']:,} | {r['import_s']:.1f} | {r['rate']:,.0f} "
            f"| {r['baseline_s']:.1f} | {r['baseline_rate']:,.0f} | {r['ratio']:.2f}x "
            f"| {r['rss_mb']:.0f} MB | {r['rss_before_mb']:.0f} MB | {r['tracemalloc_mb']:.0f} MB |"
        )
    doc = (import_bench.__doc__ or "").split("\n\n", 2)[-1].strip()
    return f"""## Import

Issue #10, `bench/import_bench.py`. {doc}

{chr(10).join(lines)}

What made the difference: the interventions and their links go into their tables by COPY
(PostgreSQL) or executemany (SQLite) rather than through the ORM's bulk_create, which built
and prepared a model instance per row (2,800 rows per second before); each distinct cell of a
column (a date, a duration, a list of types) is read and looked up once per import. On
PostgreSQL, batches are written while the file is read (psycopg's pipeline: the server
inserts one batch and checks its foreign keys while the importer reads the next), their
columns sent as binary arrays (ten times quicker for psycopg to write than the text form).
Python's cycle collector is paused while the file is read and imported (a third of the
reading, a tenth of the import: tissage/lib/gcpause.py); a plain CSV row is checked in one
look instead of once a cell; the link tables have no index on intervention_id alone (the
pair's unique index serves it; migration people 0004), 7 % less work for the server.
"""


def load_section(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    doc = (load_test.__doc__ or "").split("\n\n", 2)[-1].strip()
    extra = []
    for r in results:
        if "error" in r:
            continue
        extra.append(
            f"{r['database']}: {r['requests']:,} requests in {r['elapsed_s']:.0f} s "
            f"({r['per_second']:.1f} per second), {r['errors']} errors, load average "
            f"{r.get('load_avg', 0):.1f} at the end"
            + (f"; first errors: {'; '.join(r['error_samples'][:3])}" if r["errors"] else "")
        )
    return f"""## Load test

Issue #10, `bench/load_test.py`. {doc}

This run: {args.load_seconds:.0f} s per database{
        " (the full 10 minutes)"
        if args.load_seconds >= 600
        else " (`--load-seconds 600` for the 10 minutes of the target)"
    }.

{load_test.table(results)}

{chr(10).join("- " + line for line in extra)}
"""


# ---------------------------------------------------------------- main


def keep(results: dict[str, Any], info: dict[str, str], args: argparse.Namespace) -> Path:
    saved = Path(tempfile.gettempdir()) / "tissage-bench-results.json"
    info = {**info, "load_end": info.get("load_end") or load()}
    saved.write_text(json.dumps({"results": results, "info": info, "args": vars(args)}))
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--only", default=",".join(BENCHMARKS))
    parser.add_argument("--load-seconds", type=float, default=load_test.SECONDS)
    parser.add_argument("--report-sizes", default=REPORT_SIZES)
    parser.add_argument("--search-sizes", default=SEARCH_SIZES)
    parser.add_argument("--import-rows", type=int, default=import_bench.ROWS)
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--docs-from", metavar="JSON", help="rewrite the docs from a saved run")
    args = parser.parse_args()
    if args.docs_from:
        saved = json.loads(Path(args.docs_from).read_text())
        write_docs(saved["results"], saved["info"], argparse.Namespace(**saved["args"]))
        return
    args.command = "make bench" if os.environ.get("MAKELEVEL") else "bench/run.py"
    if sys.argv[1:]:
        args.command += " " + " ".join(sys.argv[1:])
    databases = [d for d in args.databases.split(",") if d]
    only = [b for b in args.only.split(",") if b]
    if unknown := set(only) - set(BENCHMARKS):
        raise SystemExit(f"unknown benchmarks {sorted(unknown)}")
    begun = time.perf_counter()
    results: dict[str, Any] = {name: [] for name in only}
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(postgresql_server()) if "postgresql" in databases else None
        info = machine(server)
        info["load_start"] = load()
        say(f"Machine: {machine_line(info)}; load {info['load_start']}")
        # The report and the search generate their data on both databases side by side,
        # then time each database alone: one step each for all the databases.
        steps: list[tuple[str, list[str]]] = []
        for name in only:
            if name in ("report", "search"):
                steps.append((name, databases))
            else:
                steps += [(name, [database]) for database in databases]
        for number, (name, on_databases) in enumerate(steps, start=1):
            say(f"[{number}/{len(steps)}] {name}, {', '.join(on_databases)} — "
                f"{(time.perf_counter() - begun) / 60:.1f} min, load {load()}")  # fmt: skip
            database = on_databases[0]
            on = server if database == "postgresql" else None
            if name == "report":
                results[name] += report(on_databases, server, args.report_sizes)
            elif name == "search":
                results[name] += search(on_databases, server, args.search_sizes)
            else:  # import or load, after the autovacuum workers, as the others are timed
                with alone(database, server):
                    if name == "import":
                        found = import_bench.measure(database, on, args.import_rows)
                    else:
                        found = load_test.measure(database, on, args.load_seconds)
                results[name].append(found)
            results["minutes"] = (time.perf_counter() - begun) / 60
            keep(results, info, args)  # a run cut short still has its figures
    info["load_end"] = load()
    results["minutes"] = (time.perf_counter() - begun) / 60
    say("")
    say(plain(summary_rows(results)))
    say(f"\n{results['minutes']:.1f} minutes; load average at the end {info['load_end']}")
    saved = keep(results, info, args)
    say(f"Results kept in {saved} (bench/run.py --docs-from {saved} rewrites the docs)")
    if not args.no_docs:
        write_docs(results, info, args)


if __name__ == "__main__":
    main()
