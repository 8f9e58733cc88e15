"""The Django admin's report pages: tips and loyalty, as charts, for staff.

Each page reads the very report the API serves (the same selectors, the same serializers), so a
chart draws the numbers the API answers. Staff who are a website's admins see their website
only; superadmins every website, or one with `?website_id=`.
"""

from django.contrib import admin
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone

from admin_management.api.serializers import TipAdminAnalyticsOutput, TipAdminDashboardOutput
from admin_management.charts import bar_chart
from core.numbers import ascii_int
from core.reporting import reporting_today
from loyalty_management.models import RedemptionRequest, RedemptionStatus
from loyalty_management.selectors import loyalty_analytics_for
from loyalty_management.selectors.policies import sla_due
from tip_stats.selectors.reports import tip_analytics, tip_dashboard
from tip_stats.selectors.scope import TipReportScope
from tip_stats.selectors.sources import tip_report_source
from websites.models import Website

DAYS = 30
QUEUE_ROWS = 50


def _website_id(request) -> int | None:
    """`?website_id=`: any website for superadmins; others always their own (another: 404)."""
    raw = request.GET.get("website_id", "")
    user = request.user
    if not getattr(user, "is_superadmin", False):
        if raw and ascii_int(raw) != user.website_id:
            raise Http404("No such website.")
        return user.website_id
    if not raw:
        return None
    website_id = ascii_int(raw)
    if website_id is None or not Website.objects.filter(pk=website_id).exists():
        raise Http404("No such website.")
    return website_id


def _context(request, title: str, website_id: int | None) -> dict:

    websites = Website.objects.visible_to(request.user).order_by("name")
    return {
        **admin.site.each_context(request),
        "title": title,
        "website_id": website_id,
        "websites": websites if getattr(request.user, "is_superadmin", False) else [],
    }


def tips_page(request):
    website_id = _website_id(request)
    scope = TipReportScope(user=request.user, website_id=website_id)
    source, today = tip_report_source(scope), reporting_today(scope.single_website_id)
    dashboard = TipAdminDashboardOutput(tip_dashboard(source=source, days=DAYS, today=today)).data
    analytics = TipAdminAnalyticsOutput(tip_analytics(source=source, days=DAYS, today=today)).data
    trends = analytics["trends"]
    context = {
        **_context(request, "Tips", website_id),
        "dashboard": dashboard,
        "daily_chart": bar_chart(
            "tips-daily",
            "Tips sent per day, last 30 days (amount)",
            [(str(row["day"]), row["total_amount"]) for row in trends["daily"]],
        ),
        "weekly_chart": bar_chart(
            "tips-weekly",
            "Tips sent per week, last 12 weeks (amount)",
            [(str(row["week"]), row["total_amount"]) for row in trends["weekly"]],
        ),
        "top_writers": analytics["top_performers"]["writers"],
    }
    return TemplateResponse(request, "admin/reports/tips.html", context)


def loyalty_page(request):
    website_id = _website_id(request)
    report = loyalty_analytics_for(user=request.user, website_id=website_id, days=DAYS)
    queue = (
        RedemptionRequest.objects.visible_to(request.user)
        .filter(status=RedemptionStatus.PENDING)
        .select_related("client", "item")
        .annotate(sla_due_at=sla_due())
        .order_by("requested_at", "id")
    )
    if website_id is not None:
        queue = queue.for_website(website_id)
    now = timezone.now()
    rows = [
        {"request": row, "overdue": row.sla_due_at < now, "age": now - row.requested_at}
        for row in queue[:QUEUE_ROWS]
    ]
    trend = report["daily_trend"]
    context = {
        **_context(request, "Loyalty", website_id),
        "report": report,
        "issued_chart": bar_chart(
            "points-issued-daily",
            "Points issued per day, last 30 days",
            [(str(row["date"]), row["points_issued"]) for row in trend],
        ),
        "requests_chart": bar_chart(
            "requests-daily",
            "Redemption requests per day, last 30 days",
            [(str(row["date"]), row["requests"]) for row in trend],
        ),
        "queue": rows,
    }
    return TemplateResponse(request, "admin/reports/loyalty.html", context)
