"""The report every deployment command prints: text for people, JSON for scripts."""

import json

from deployment.endpoints import CHECKLIST_ENDPOINTS, parse_budget_overrides
from deployment.results import CheckResult, Report


def report(*results: CheckResult) -> Report:
    built = Report("Preflight", context={"database": "writing_system (postgresql)"})
    built.add("Services", list(results))
    return built


def test_warnings_and_skips_do_not_fail_a_report():
    ok = report(
        CheckResult.passed("Redis answers"),
        CheckResult.warning("a worker replies", "none within 2s"),
        CheckResult.skipped("tips.list", "not deployed"),
    )
    assert ok.ok
    assert ok.counts() == {"pass": 1, "fail": 0, "warn": 1, "skip": 1}
    assert not report(CheckResult.failed("Redis answers", "refused")).ok


def test_the_text_report_has_one_line_per_check_and_a_verdict():
    text = report(
        CheckResult.passed("Redis answers", "redis://cache:6379/0"),
        CheckResult.failed("broker answers", "refused", lines=["redis://broker:6379/1"]),
        CheckResult.skipped("tips.list", "not deployed"),
    ).to_text()
    assert text.splitlines() == [
        "Preflight",
        "  database: writing_system (postgresql)",
        "",
        "Services",
        "  ✓ Redis answers: redis://cache:6379/0",
        "  ✗ broker answers: refused",
        "      redis://broker:6379/1",
        "  - tips.list: skipped: not deployed",
        "",
        "FAILED: 1 passed, 1 failed, 0 warnings, 1 skipped",
    ]


def test_the_json_report_carries_status_details_and_data():
    data = json.loads(report(CheckResult.passed("tips.list", "12 ms", data={"ms": 12})).to_json())
    assert data["ok"] is True
    assert data["sections"] == [
        {
            "title": "Services",
            "results": [
                {
                    "name": "tips.list",
                    "status": "pass",
                    "detail": "12 ms",
                    "lines": [],
                    "data": {"ms": 12},
                }
            ],
        }
    ]


def test_a_star_budget_applies_to_every_endpoint():
    budgets = parse_budget_overrides(["*=5", "tips.list=7"], list(CHECKLIST_ENDPOINTS))
    assert budgets["tips.dashboard"] == 5
    assert budgets["tips.list"] == 7
    assert set(budgets) == {e.key for e in CHECKLIST_ENDPOINTS}
