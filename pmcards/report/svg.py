"""Charts as inline SVG: bars (days as columns, categories as rows) and the review calendar.

Each chart scales to the width of its container through its `viewBox` (so it reads on a phone);
every bar and day carries a `<title>` with its exact value, which a browser shows on hover or
long press. Colours come from the page's stylesheet (the classes `bar`, `marked`, `level-N`).
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from pmcards.report.charts import Bars, Heatmap

WIDTH = 400
"""The width of every chart's drawing, in SVG units (it is scaled to the page)."""


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() or value >= 100 else f"{value:.1f}"


def _amount(value: float, chart: Bars) -> str:
    return f"{_number(value)}{chart.unit}" if chart.unit else f"{_number(value)} {chart.what}"


def _svg(height: float, label: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>"
    )


def bars(chart: Bars) -> str:
    """A bar chart: columns for a timeline, else one row per label."""
    return _columns(chart) if chart.timeline else _rows(chart)


def _columns(chart: Bars) -> str:
    left, top, plot_height, bottom = 34, 10, 120, 26
    count = max(1, len(chart.values))
    step = (WIDTH - left - 10) / count
    highest = max(chart.values, default=0.0) or 1.0
    body = [
        f'<line class="axis" x1="{left}" y1="{top + plot_height}" x2="{WIDTH - 10}" y2="{top + plot_height}"/>',
        f'<text class="tick" x="{left - 4}" y="{top + 8}" text-anchor="end">{_number(highest)}</text>',
        f'<text class="tick" x="{left - 4}" y="{top + plot_height}" text-anchor="end">0</text>',
    ]
    label_every = max(1, round(count / 4))
    for index, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        height = value / highest * plot_height
        x = left + index * step
        tip = escape(f"{label}: {_amount(value, chart)}")
        body.append(
            f'<rect class="bar" x="{x + step * 0.1:.1f}" y="{top + plot_height - height:.1f}" '
            f'width="{step * 0.8:.1f}" height="{height:.1f}"><title>{tip}</title></rect>'
        )
        if index % label_every == 0:
            body.append(
                f'<text class="tick" x="{x + step / 2:.1f}" y="{top + plot_height + 18}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    return _svg(top + plot_height + bottom, chart.title, body)


def _rows(chart: Bars) -> str:
    row, left, right = 20, 64, 70
    highest = max(chart.values, default=0.0) or 1.0
    body = []
    for index, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        y = index * row
        length = value / highest * (WIDTH - left - right)
        marked = index == chart.marked
        text = f"{_number(value)}{chart.unit}" + (" ◀ best" if marked else "")
        tip = f"{label}: {_amount(value, chart)}"
        body.append(
            f'<text class="tick" x="{left - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="bar{" marked" if marked else ""}" x="{left}" y="{y + 3}" width="{length:.1f}" '
            f'height="{row - 6}"><title>{escape(tip)}</title></rect>'
            f'<text class="value" x="{left + length + 6:.1f}" y="{y + 15}">{escape(text)}</text>'
        )
    return _svg(max(1, len(chart.values)) * row + 4, chart.title, body)


def heatmap(chart: Heatmap, levels: int = 5) -> str:
    """The review calendar: a column per week (Monday at the top), a square per day, darker for
    more answers (quartiles of the days with any); months named above."""
    if not chart.days:
        return _svg(20, chart.title, ['<text class="tick" x="0" y="14">no days</text>'])
    counts = dict(chart.days)
    nonzero = sorted(count for count in counts.values() if count)
    cuts = [nonzero[len(nonzero) * share // 4] for share in range(1, levels - 1)] if nonzero else []
    first = chart.days[0][0] - timedelta(days=chart.days[0][0].weekday())
    weeks = (chart.days[-1][0] - first).days // 7 + 1
    left, top = 26, 14
    cell = (WIDTH - left) / weeks
    body = []
    for name, weekday in (("Mon", 0), ("Wed", 2), ("Fri", 4)):
        body.append(f'<text class="tick" x="0" y="{top + weekday * cell + cell * 0.8:.1f}">{name}</text>')
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        if monday.day <= 7:
            body.append(f'<text class="tick" x="{left + week * cell:.1f}" y="10">{monday.strftime("%b")}</text>')
        for weekday in range(7):
            day = monday + timedelta(days=weekday)
            if day not in counts:
                continue
            count = counts[day]
            level = 0 if not count else 1 + sum(count > cut for cut in cuts)
            body.append(
                f'<rect class="day level-{level}" x="{left + week * cell:.1f}" y="{top + weekday * cell:.1f}" '
                f'width="{cell * 0.85:.1f}" height="{cell * 0.85:.1f}" rx="1.5">'
                f"<title>{day.isoformat()}: {count} answers</title></rect>"
            )
    return _svg(top + 7 * cell + 2, chart.title, body)
