"""The one result type every deployment check returns, and the report that groups them.

A check answers with a `CheckResult`: passed, failed, a warning (reported, never fails the run),
or skipped with the reason. The report renders as text (one line per result, grouped by the
checklist's sections) or as JSON, and says whether anything required failed.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    PASS = "pass"  # noqa: S105 - a status, not a password
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"


SYMBOLS = {Status.PASS: "✓", Status.FAIL: "✗", Status.WARN: "!", Status.SKIP: "-"}


@dataclass
class CheckResult:
    """One line of a report: what was checked, how it went, and the details behind it."""

    name: str
    status: Status
    detail: str = ""
    lines: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    @classmethod
    def passed(cls, name: str, detail: str = "", **kwargs) -> "CheckResult":
        return cls(name, Status.PASS, detail, **kwargs)

    @classmethod
    def failed(cls, name: str, detail: str, **kwargs) -> "CheckResult":
        return cls(name, Status.FAIL, detail, **kwargs)

    @classmethod
    def warning(cls, name: str, detail: str, **kwargs) -> "CheckResult":
        return cls(name, Status.WARN, detail, **kwargs)

    @classmethod
    def skipped(cls, name: str, reason: str, **kwargs) -> "CheckResult":
        return cls(name, Status.SKIP, reason, **kwargs)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "status": self.status.value,
            "detail": self.detail,
            "lines": self.lines,
            "data": self.data,
        }


@dataclass
class Section:
    title: str
    results: list[CheckResult] = field(default_factory=list)


@dataclass
class Report:
    """Results grouped by section, in the order they ran."""

    title: str
    sections: list[Section] = field(default_factory=list)
    context: dict = field(default_factory=dict)

    def add(self, title: str, results: list[CheckResult]) -> None:
        self.sections.append(Section(title, list(results)))

    @property
    def results(self) -> list[CheckResult]:
        return [result for section in self.sections for result in section.results]

    @property
    def ok(self) -> bool:
        return not any(result.status == Status.FAIL for result in self.results)

    def counts(self) -> dict[str, int]:
        counted = Counter(result.status.value for result in self.results)
        return {status.value: counted.get(status.value, 0) for status in Status}

    def summary(self) -> str:
        counts = self.counts()
        verdict = "OK" if self.ok else "FAILED"
        return (
            f"{verdict}: {counts['pass']} passed, {counts['fail']} failed, "
            f"{counts['warn']} warnings, {counts['skip']} skipped"
        )

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "ok": self.ok,
            "counts": self.counts(),
            "context": self.context,
            "sections": [
                {"title": section.title, "results": [r.as_dict() for r in section.results]}
                for section in self.sections
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, default=str)

    def to_text(self) -> str:
        out = [self.title]
        out += [f"  {key}: {value}" for key, value in self.context.items()]
        for section in self.sections:
            out.append("")
            out.append(section.title)
            for result in section.results:
                line = f"  {SYMBOLS[result.status]} {result.name}"
                if result.status == Status.SKIP:
                    line += f": skipped: {result.detail}"
                elif result.detail:
                    line += f": {result.detail}"
                out.append(line)
                out += [f"      {extra}" for extra in result.lines]
        out.append("")
        out.append(self.summary())
        return "\n".join(out)
