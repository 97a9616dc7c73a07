"""The statistics as one self-contained HTML file (`pmcards stats --html FILE`): every chart is
inline SVG drawn by `pmcards.report.svg`, the style is in the page, and nothing is fetched when
it is opened. The layout is one column that fits a phone's width."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from html import escape
from pathlib import Path

from pmcards.errors import PmcardsError
from pmcards.report import svg
from pmcards.report.charts import Bars, Chart, Heatmap, Report, Table

STYLE = """
:root { color-scheme: light dark; --bar: #3b82c4; --marked: #e08a00; --text: #222; --muted: #666; --line: #ccc;
  --l0: #e4e4e4; --l1: #b7e4b0; --l2: #6cc46a; --l3: #2f9a3e; --l4: #176b2a; }
@media (prefers-color-scheme: dark) { :root { --text: #eee; --muted: #aaa; --line: #555; --l0: #333; } }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--text); }
main { max-width: 760px; margin: 0 auto; padding: 12px; }
h1 { font-size: 1.4em; margin: 0.2em 0; } h2 { font-size: 1.05em; margin: 1.4em 0 0.4em; }
.subtitle, .note { color: var(--muted); font-size: 0.9em; margin: 0.2em 0; }
svg.chart { width: 100%; max-width: 600px; height: auto; display: block; }
svg .bar { fill: var(--bar); } svg .marked { fill: var(--marked); }
svg .tick, svg .value { font-size: 10px; fill: var(--muted); } svg .axis { stroke: var(--line); }
svg .level-0 { fill: var(--l0); } svg .level-1 { fill: var(--l1); } svg .level-2 { fill: var(--l2); }
svg .level-3 { fill: var(--l3); } svg .level-4 { fill: var(--l4); }
.table { overflow-x: auto; } table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
th, td { padding: 4px 5px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
"""


def _chart(chart: Chart) -> str:
    if isinstance(chart, Table):
        head = "".join(f"<th>{escape(name)}</th>" for name in chart.header)
        rows = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in chart.rows)
        body = f'<div class="table"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
        kind = "table"
    elif isinstance(chart, Heatmap):
        body, kind = svg.heatmap(chart), "heatmap"
    else:
        body, kind = svg.bars(chart), "bars"
    note = chart.note if isinstance(chart, (Bars, Table)) else ""
    extra = f'<p class="note">{escape(note)}</p>' if note else ""
    return f'<section class="chart-section" data-chart="{kind}"><h2>{escape(chart.title)}</h2>{body}{extra}</section>'


def page(reports: Sequence[Report]) -> str:
    """The whole HTML page of `reports`, one after the other."""
    sections = "".join(
        f'<h1>{escape(report.title)}</h1><p class="subtitle">{escape(report.subtitle)}</p>'
        + "".join(_chart(chart) for chart in report.charts)
        for report in reports
    )
    title = escape(reports[0].title if reports else "pmcards")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body><main>{sections}</main></body></html>\n"
    )


def html_target(path: str | os.PathLike[str]) -> Path:
    """`path` as a place for a page: its name ends in .html (or .htm), so a file of another kind
    is never replaced by mistake, and its folder exists. `PmcardsError` says what is wrong."""
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise PmcardsError(f"cannot write {target}: the file name must end in .html")
    if not target.parent.is_dir():
        raise PmcardsError(f"cannot write {target}: folder {target.parent} does not exist")
    if target.is_dir():
        raise PmcardsError(f"cannot write {target}: it is a folder")
    return target


def write_html(reports: Sequence[Report], path: str | os.PathLike[str]) -> Path:
    """Write the page of `reports` to `path` (see `html_target`) whole (a temporary file beside
    it, then renamed), so an existing page is either replaced or left as it was."""
    target = html_target(path)
    folder = target.parent
    text = page(reports)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".pmcards-", suffix=".html", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's owner-only
        os.replace(temporary, target)
    except OSError as error:
        raise PmcardsError(f"cannot write {target}: {error.strerror}") from None
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
    return target
