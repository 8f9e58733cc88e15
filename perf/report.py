"""The reports of the benchmark and the load test, and the load test's section of the docs."""

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

from perf.budgets import (
    ANCHOR_SHARE_CACHED_REPORTS,
    ANCHOR_SHARE_LISTS,
    ENDPOINT_BUDGET_SECONDS,
    ENDPOINT_TARGET_MS,
    LOAD_ENDPOINT_SECONDS,
    LOAD_MIX_TARGET_RPS,
    LOAD_TARGET_P99_MS,
    LOAD_TARGET_RPS,
)

_ANCHOR_SHARES = {"cached report": ANCHOR_SHARE_CACHED_REPORTS, "list": ANCHOR_SHARE_LISTS}

DOCS = Path(__file__).resolve().parents[1] / "docs" / "PERFORMANCE.md"
BEGIN, END = "<!-- load-test:begin -->", "<!-- load-test:end -->"


def bench_lines(report: dict, *, baseline: dict | None = None) -> list[str]:
    """The benchmark's report as Markdown lines (with a column per baseline run if given)."""
    machine = report["machine"]
    rebuild = report.get("rebuild_seconds")
    lines = [
        "",
        f"Machine: {machine['cpus']} CPUs ({machine['cpu']}), {machine['memory']}, "
        f"PostgreSQL {machine['postgresql']}, Python {machine['python']}; load average "
        f"after the run {' / '.join(map(str, machine['load_average']))} (1/5/15 min)",
        f"Tips: {report['tips']:,}; rebuild_tip_stats: "
        + (f"{rebuild:.1f} s" if rebuild is not None else "not run")
        + f"; one day's refresh after a tip change: {report['refresh_ms']:.1f} ms"
        + (
            f"; a change of time zone of the busiest website ({zone['tips']:,} tips, rebuilt "
            f"in the change's transaction): {zone['seconds']:.1f} s"
            if (zone := report.get("zone_change"))
            else ""
        ),
        *(
            [
                f"Disk: database {disk['database'] / 2**30:.2f} GiB; tips with their indexes "
                f"{disk['tips'] / 2**30:.2f} GiB, their payments {disk['payments'] / 2**30:.2f} "
                f"GiB, the tip rollups {disk['rollups'] / 2**20:.0f} MiB"
            ]
            if (disk := report.get("disk"))
            else []
        ),
        f"Requests per endpoint: {report['requests']} (rollups), "
        f"{report['reference_requests']} (on the fly); superadmin over every website.",
        "",
    ]
    header = (
        "| request | p50 ms | p95 ms | queries | p50 / budget | cached p50 ms | "
        "on-the-fly p50 ms | speed-up | same numbers |"
    )
    if baseline:
        header += f" p50 at {baseline['tips']:,} tips | ratio |"
    lines += [header, "|" + "---|" * (header.count("|") - 1)]
    for name, row in report["endpoints"].items():
        rollups, cached, tips = row["rollups"], row["cached"], row["tips"]
        budget_ms = ENDPOINT_BUDGET_SECONDS[row["endpoint"]] * 1000
        line = (
            f"| {name} | {rollups['p50']:.1f} | {rollups['p95']:.1f} | "
            f"{'/'.join(map(str, rollups['queries']))} | "
            f"{rollups['p50'] / budget_ms:.1%} | {cached['p50']:.1f} | {tips['p50']:.1f} | "
            f"{tips['p50'] / rollups['p50']:.1f}x | {'yes' if row['same_numbers'] else 'NO'} |"
        )
        if baseline and name in baseline["endpoints"]:
            before = baseline["endpoints"][name]["rollups"]["p50"]
            line += f" {before:.1f} | {rollups['p50'] / before:.2f}x |"
        lines.append(line)
    misses = [
        f"{name}: {row['rollups']['p50']:.1f} ms > {ENDPOINT_TARGET_MS[row['endpoint']]} ms"
        for name, row in report["endpoints"].items()
        if row["rollups"]["p50"] > ENDPOINT_TARGET_MS[row["endpoint"]]
    ]
    lines += ["", "Targets missed: " + ("; ".join(misses) if misses else "none")]
    return lines


def _ms(microseconds: int) -> str:
    return f"{microseconds / 1000:.0f}"


def endpoint_lines(endpoints: list[dict]) -> list[str]:
    """Each endpoint driven alone, as a share of the anchor's requests/s, against its target."""
    anchor = next((row["rps"] for row in endpoints if row["kind"] == "anchor"), 0) or None
    lines = [
        f"One endpoint at a time ({LOAD_ENDPOINT_SECONDS} s each), against the anchor "
        "(`/api/v1/perf/anchor/`: JWT, one cache read, no throttle; the ceiling of this stack "
        "on this machine):",
        "",
        "| endpoint | req/s | share of the anchor | target | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in endpoints:
        share = row["rps"] / anchor if anchor else 0.0
        target = _ANCHOR_SHARES.get(row["kind"])
        verdict = (
            "" if target is None else f"≥ {target:.0%}: {'met' if share >= target else 'missed'}"
        )
        lines.append(
            f"| {row['name']} | {row['rps']:.0f} | {share:.0%} | {verdict} | "
            f"{row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} |"
        )
    return lines


def load_text(
    *, setup: str, mix: dict, reads: dict, endpoints: list[dict], violations: list[str]
) -> str:
    """The load test's result: the runs, each endpoint against the anchor, the invariants."""
    reads_ok = reads["rps"] >= LOAD_TARGET_RPS and reads["p99_us"] / 1000 < LOAD_TARGET_P99_MS
    mix_ok = mix["rps"] >= LOAD_MIX_TARGET_RPS
    table = [
        "| run | seconds | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    table += [
        f"| {name} | {run['seconds']} | {run['requests']} | {run['rps']:.0f} | "
        f"{_ms(run['p50_us'])} | {_ms(run['p95_us'])} | {_ms(run['p99_us'])} | "
        f"{_ms(run['max_us'])} | {run['errors']} |"
        for name, run in (("mix", mix), ("reads", reads))
    ]
    no_errors = not mix["errors"] and not reads["errors"]
    verdicts = [
        f"Target, reads: ≥ {LOAD_TARGET_RPS} req/s and p99 < {LOAD_TARGET_P99_MS} ms, zero "
        f"errors: {'**met**' if reads_ok and no_errors else '**missed**'}.",
        f"Target, mix: ≥ {LOAD_MIX_TARGET_RPS} req/s, zero errors: "
        f"{'**met**' if mix_ok and no_errors else '**missed**'}.",
    ]
    details = [
        f"Last run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'} "
        f"({os.cpu_count()} cores, load generator included): {setup}",
        "",
        *table,
        "",
        *verdicts,
        "Money and points invariants, rows the load wrote: "
        + ("all hold." if not violations else f"{len(violations)} violated: {violations[:3]}"),
    ]
    if mix["bad_codes"] or reads["bad_codes"]:
        details.append(f"Non-2xx answers seen: {mix['bad_codes']} {reads['bad_codes']}".strip())
    if endpoints:
        details += ["", *endpoint_lines(endpoints)]
    return "\n".join(details)


def write_load_section(text: str, *, docs: Path = DOCS) -> str:
    """Replace the load test's section of the performance docs; return what happened."""
    if not docs.exists():
        return f"{docs} is missing; results not written"
    content = docs.read_text()
    if BEGIN not in content or END not in content:
        return f"no {BEGIN} ... {END} block in {docs}; results not written"
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    docs.write_text(pattern.sub(lambda _: f"{BEGIN}\n{text}\n{END}", content, count=1))
    return f"results written to {docs.name}"
