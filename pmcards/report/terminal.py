"""Charts in the terminal, drawn with rich: bars exact to an eighth of a character cell (days as
columns, categories as rows), the review calendar as a grid of coloured weeks, and tables.
Where the output is not a terminal (a file, a pipe, a script), every chart is a table instead.

plotext was tried first: its current release (6.1) draws bars of different heights at the same
height and runs neighbouring bars together, so the bars here are drawn with block characters.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from rich.console import Console, Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from pmcards.report.charts import Bars, Chart, Heatmap, Report, Table

_EIGHTHS = " ▁▂▃▄▅▆▇█"
_WIDTHS = " ▏▎▍▌▋▊▉█"
COLUMN_HEIGHT = 8
LEVELS = ("grey30", "green4", "green3", "green1", "bright_green")
"""Heatmap colours: no answers, then four levels of more answers."""


def show(report: Report, console: Console, *, charts: bool) -> None:
    """Print `report`: as charts when `charts` (a terminal), else every chart as a table."""
    console.print(Text(report.title, style="bold"), Text(report.subtitle, style="dim"))
    for chart in report.charts:
        console.print()
        console.print(render(chart, console.width) if charts else as_table(chart))


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() or value >= 100 else f"{value:.1f}"


def render(chart: Chart, width: int) -> RenderableType:
    """One chart for a terminal `width` columns wide."""
    if isinstance(chart, Table):
        return as_table(chart)
    if isinstance(chart, Heatmap):
        return _heatmap(chart)
    return _columns(chart, width) if chart.timeline else _rows(chart, width)


def _titled(chart: Bars | Heatmap, body: list[Text], note: str = "") -> Group:
    lines = [Text(chart.title, style="bold"), *body]
    if note:
        lines.append(Text(note, style="dim"))
    return Group(*lines)


def _rows(chart: Bars, width: int) -> Group:
    """Horizontal bars, one row per label, its value after it."""
    label_width = max((len(label) for label in chart.labels), default=0)
    values = [f"{_number(value)}{chart.unit}" for value in chart.values]
    value_width = max((len(text) for text in values), default=0)
    room = max(10, width - label_width - value_width - 12)
    top = max(chart.values, default=0.0) or 1.0
    lines = []
    for index, (label, value, text) in enumerate(zip(chart.labels, chart.values, values, strict=True)):
        eighths = round(value / top * room * 8)
        bar = "█" * (eighths // 8) + (_WIDTHS[eighths % 8] if eighths % 8 else "")
        line = Text(f"{label:>{label_width}} ")
        line.append(bar.ljust(room), style="yellow" if index == chart.marked else "cyan")
        line.append(f" {text:>{value_width}}")
        if index == chart.marked:
            line.append(" ◀ best", style="bold yellow")
        lines.append(line)
    return _titled(chart, lines, chart.note)


def _columns(chart: Bars, width: int) -> Group:
    """Vertical bars, one column per day in order, the highest value at the top left."""
    count = len(chart.values)
    gutter = len(_number(max(chart.values, default=0.0))) + 1
    cell = max(1, min(3, (width - gutter - 2) // max(count, 1)))
    top = max(chart.values, default=0.0) or 1.0
    heights = [round(value / top * COLUMN_HEIGHT * 8) for value in chart.values]
    lines = []
    for row in range(COLUMN_HEIGHT, 0, -1):
        floor = (row - 1) * 8
        axis = _number(top) if row == COLUMN_HEIGHT else ("0" if row == 1 else "")
        line = Text(f"{axis:>{gutter - 1}}│")
        for height in heights:
            part = min(8, max(0, height - floor))
            line.append((_EIGHTHS[part] * max(1, cell - 1)).ljust(cell), style="cyan")
        lines.append(line)
    span = count * cell
    first, last = chart.labels[0] if chart.labels else "", chart.labels[-1] if chart.labels else ""
    lines.append(Text(" " * gutter + first + last.rjust(max(0, span - len(first)))))
    total = sum(chart.values)
    note = f"{_number(total)}{chart.unit} {chart.what} in all. {chart.note}".strip()
    return _titled(chart, lines, note)


def _level(count: int, cuts: list[int]) -> int:
    if not count:
        return 0
    return 1 + sum(count > cut for cut in cuts)


def _heatmap(chart: Heatmap) -> Group:
    """Seven rows (Monday to Sunday), one column per week, each day coloured by its answers."""
    if not chart.days:
        return _titled(chart, [Text("no days")])
    counts = dict(chart.days)
    nonzero = sorted(count for count in counts.values() if count)
    cuts = [nonzero[len(nonzero) * share // 4] for share in (1, 2, 3)] if nonzero else []
    first = chart.days[0][0] - timedelta(days=chart.days[0][0].weekday())
    last = chart.days[-1][0]
    weeks = (last - first).days // 7 + 1
    names = [" "] * weeks
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        if monday.day <= 7 and week + 3 <= weeks:
            names[week : week + 3] = monday.strftime("%b")
    months = Text("    " + "".join(names))
    lines = [months]
    for weekday, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        line = Text(f"{name:<4}")
        for week in range(weeks):
            day = first + timedelta(weeks=week, days=weekday)
            if day not in counts:
                line.append(" ")
            else:
                line.append("■", style=LEVELS[_level(counts[day], cuts)])
        lines.append(line)
    studied = sum(1 for count in counts.values() if count)
    legend = Text(f"{studied} of {len(counts)} days studied, {sum(counts.values())} answers.  less ")
    for style in LEVELS:
        legend.append("■", style=style)
    legend.append(" more")
    return _titled(chart, [*lines, legend])


def as_table(chart: Chart) -> Group:
    """A chart as a table: a bar chart's values by label, the calendar's answers by month."""
    if isinstance(chart, Table):
        table = RichTable()
        for index, name in enumerate(chart.header):
            table.add_column(name, justify="left" if index == 0 else "right")
        for row in chart.rows:
            table.add_row(*row)
        return Group(Text(chart.title, style="bold"), table, *([Text(chart.note, style="dim")] if chart.note else []))
    if isinstance(chart, Heatmap):
        months: Counter[date] = Counter()
        studied: Counter[date] = Counter()
        for day, count in chart.days:
            month = day.replace(day=1)
            months[month] += count
            studied[month] += 1 if count else 0
        rows = tuple((month.strftime("%Y-%m"), str(studied[month]), str(months[month])) for month in months)
        return as_table(Table(chart.title, ("Month", "Days studied", "Answers"), rows))
    rows = tuple(
        (label, f"{_number(value)}{chart.unit}", "best" if index == chart.marked else "")
        for index, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True))
    )
    header = ("", chart.what.capitalize(), "") if chart.marked is not None else ("", chart.what.capitalize())
    return as_table(
        Table(chart.title, header, rows if chart.marked is not None else tuple(row[:2] for row in rows), chart.note)
    )
