"""The benchmark's picture: p50 per request, rollups against the tip rows, and against tip count.

Left: each timed request's p50 with the rollups (cache off), cached, and aggregated from the
tip rows on the fly. Right: each request's p50 (rollups) at every tip count measured (the
current run and the `--baseline` runs). Needs matplotlib (a development requirement).
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no screen

import matplotlib.pyplot as plt

RUNS = (("rollups", "rollups, cache off"), ("cached", "rollups, cached"), ("tips", "on the fly"))


def bench_plot(report: dict, *, baselines: list[dict], path: Path) -> Path:
    """Draw the report (and the baselines by tip count) into a PNG at `path`."""
    names = list(report["endpoints"])
    figure, (by_source, by_size) = plt.subplots(1, 2, figsize=(15, 6.5), layout="constrained")

    height = 0.27
    for offset, (run, label) in enumerate(RUNS):
        values = [report["endpoints"][name][run]["p50"] for name in names]
        by_source.barh(
            [index + (offset - 1) * height for index in range(len(names))],
            values,
            height=height,
            label=label,
        )
    by_source.set_yticks(range(len(names)), names)
    by_source.invert_yaxis()
    by_source.set_xscale("log")
    by_source.set_xlabel("p50 (ms, log scale)")
    by_source.set_title(f"{report['tips']:,} tips: rollups against the tip rows")
    by_source.legend(loc="best")

    reports = sorted([*baselines, report], key=lambda run: run["tips"])
    sizes = [run["tips"] for run in reports]
    for name in names:
        points = [
            (run["tips"], run["endpoints"][name]["rollups"]["p50"])
            for run in reports
            if name in run["endpoints"]
        ]
        by_size.plot(*zip(*points, strict=True), marker="o", label=name)
    by_size.set_xscale("log")
    by_size.set_yscale("log")
    by_size.set_xticks(sizes, [f"{size:,}" for size in sizes])
    by_size.set_xlabel("tips (log scale)")
    by_size.set_ylabel("p50 with the rollups, cache off (ms, log scale)")
    by_size.set_title("p50 against the number of tips")
    by_size.legend(fontsize="small", ncol=2)

    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
