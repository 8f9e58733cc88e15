"""The benchmark's data generator, reports and load-test plumbing (the measuring runs are not
part of the suite: `make bench`, `make loadtest`)."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import F

from order_payments_management.models import OrderPayment
from perf.generator import TipDataGenerator
from perf.loadtest import WRK_SCRIPT, _lua
from perf.report import BEGIN, END, bench_lines, write_load_section
from writer_management.models import Tip


# The generator ends with VACUUM, which runs outside a transaction only.
@pytest.mark.django_db(transaction=True)
def test_the_generator_writes_tips_whose_split_adds_up_with_one_payment_each():
    generator = TipDataGenerator(say=lambda _line: None, progress_stream=io.StringIO())
    generator.generate(tips=300, websites=2, writers=10, clients=20, days=60)

    tips = Tip.objects.all()
    assert tips.count() == 300
    assert not tips.exclude(tip_amount=F("writer_earning") + F("platform_profit")).exists()
    assert not tips.exclude(payment__payment_type="tip").exists()
    assert not tips.exclude(payment_status=F("payment__status")).exists()
    assert OrderPayment.objects.filter(payment_type="tip").count() == 300
    assert tips.filter(tip_amount__lt=Decimal("1.00")).count() == 0


def _run(p50: float) -> dict:
    return {"p50": p50, "p95": p50 * 2, "queries": [3]}


def test_the_bench_report_says_when_the_two_sources_disagree_and_which_targets_were_missed():
    report = {
        "machine": {
            "cpus": 2,
            "cpu": "x",
            "memory": "1 GiB",
            "postgresql": "15",
            "python": "3.11",
            "load_average": [1.0, 1.0, 1.0],
        },
        "tips": 1000,
        "rebuild_seconds": 1.5,
        "refresh_ms": 2.0,
        "requests": 3,
        "reference_requests": 1,
        "endpoints": {
            "dashboard": {
                "endpoint": "dashboard",
                "rollups": _run(10.0),
                "cached": _run(1.0),
                "tips": _run(100.0),
                "same_numbers": True,
            },
            "earnings (all time)": {
                "endpoint": "earnings",
                "rollups": _run(80.0),
                "cached": _run(1.0),
                "tips": _run(90.0),
                "same_numbers": False,
            },
        },
    }
    text = "\n".join(bench_lines(report))
    assert "| dashboard | 10.0 | 20.0 | 3 | 0.5% | 1.0 | 100.0 | 10.0x | yes |" in text
    assert "| NO |" in text
    assert "Targets missed: earnings (all time): 80.0 ms > 50 ms" in text


def test_the_picture_is_a_png_of_every_request(tmp_path: Path):
    from perf.plot import bench_plot

    report = {
        "tips": 1000,
        "endpoints": {
            name: {run: _run(p50) for run in ("rollups", "cached", "tips")}
            for name, p50 in (("dashboard", 10.0), ("earnings (all time)", 20.0))
        },
    }
    smaller = {**report, "tips": 100}
    path = bench_plot(report, baselines=[smaller], path=tmp_path / "images" / "bench.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_load_section_of_the_docs_is_replaced_and_only_it(tmp_path: Path):
    docs = tmp_path / "PERFORMANCE.md"
    docs.write_text(f"before\n{BEGIN}\nold\n{END}\nafter\n")
    write_load_section("new numbers", docs=docs)
    assert docs.read_text() == f"before\n{BEGIN}\nnew numbers\n{END}\nafter\n"


def test_the_wrk_script_is_a_file_and_reads_its_settings_as_a_lua_table():
    assert WRK_SCRIPT.exists()
    assert 'dofile(os.getenv("WRK_LOAD_CONFIG"))' in WRK_SCRIPT.read_text()
    assert _lua(["a", "b"]) == '{"a", "b"}'
    assert _lua(True) == "true"
    assert _lua(7) == "7"
