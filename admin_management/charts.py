"""Bar charts as inline SVG, drawn on the server: the admin pages need no script and no CDN.

Each bar carries its label and exact value (`data-label`, `data-value`) and a tooltip, so a
person can hover for the number and a test can read what was drawn.
"""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT, GAP, AXIS = 720, 160, 2, 18


def bar_chart(name: str, title: str, points: list[tuple[str, Decimal | int]]) -> SafeString:
    """An SVG bar chart of `points` (label, value), scaled to the largest value."""
    values = [Decimal(str(value)) for _, value in points]
    top = max(values, default=Decimal(0)) or Decimal(1)
    bar_width = (WIDTH - GAP * len(points)) / max(len(points), 1)
    bars = []
    for index, ((label, _), value) in enumerate(zip(points, values, strict=True)):
        height = float(value / top) * (HEIGHT - AXIS)
        bars.append(
            (
                round(index * (bar_width + GAP), 2),
                round(HEIGHT - AXIS - height, 2),
                round(bar_width, 2),
                round(height, 2),
                label,
                value,
            )
        )
    body = format_html_join(
        "",
        '<rect class="bar" x="{}" y="{}" width="{}" height="{}" data-label="{}" data-value="{}">'
        "<title>{}: {}</title></rect>",
        ((x, y, w, h, label, value, label, value) for x, y, w, h, label, value in bars),
    )
    first, last = (points[0][0], points[-1][0]) if points else ("", "")
    return format_html(
        '<figure class="chart"><figcaption>{}</figcaption>'
        '<svg role="img" aria-label="{}" data-chart="{}" viewBox="0 0 {} {}" width="100%">'
        '<g fill="#417690">{}</g>'
        '<text x="0" y="{}" font-size="11">{}</text>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>'
        "</svg></figure>",
        title,
        title,
        name,
        WIDTH,
        HEIGHT,
        body,
        HEIGHT - 4,
        first,
        WIDTH,
        HEIGHT - 4,
        last,
    )
