"""Writing an evaluation report folder: results.jsonl, metrics.json and a self-contained report.html.

The page works offline and on a phone: charts are inline SVG drawn here (no library, no script, no URL),
horizontal bars with both axes titled, a value printed at the end of every bar and the labels on the left
wrapped to their column, so nothing overlaps whatever the names; wide tables scroll inside their own box.
"""

from __future__ import annotations

import html
import json
import unicodedata
from pathlib import Path
from typing import Any

COLORS = ["#1d4ed8", "#15803d", "#b45309", "#7e22ce"]  # 4.5:1 or more against white
TABLE_METRICS = ["n", "hit@1", "hit@5", "recall@10", "mrr", "ndcg@10", "answer_accuracy", "accuracy",
                 "abstain_precision", "abstain_recall", "abstain_f1"]
INDEX_KEYS = ["built_at", "build_seconds", "dense_index", "counts"]

# Chart geometry, in SVG units (the chart scales to its box: 420 wide, so ~0.85× on a 390 px phone).
WIDTH = 420
FONT = 12
LABEL_MAX = 120      # widest group-label column; longer labels wrap
BAR = 14
BAR_GAP = 2
GROUP_GAP = 10
VALUE_ROOM = 40      # right of the plot, for the value printed after the longest bar
LINE = 14


def _text_width(text: str, size: float = FONT) -> float:
    """Estimated drawn width: full-width (CJK) characters are 1 em, the rest about 0.6 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


def _wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """`text` cut into lines no wider than `width`: after a separator (`_`, `-`, space, `・`) when the line has
    one in its second half, else at any character (labels are short and often Japanese)."""
    lines, line = [], ""
    for char in text:
        if line and _text_width(line + char, size) > width:
            cut = max(line.rfind(sep) for sep in "_- ・") + 1
            if cut > len(line) // 2:
                lines.append(line[:cut])
                line = line[cut:]
            else:
                lines.append(line)
                line = ""
        line += char
    return [*lines, line] if line or not lines else lines


def _fmt(value: float, integer: bool) -> str:
    return str(int(round(value))) if integer else f"{value:.2f}"


def _svg_text(x: float, y: float, text: str, cls: str, anchor: str = "start", size: int = FONT,
              extra: str = "") -> str:
    return (f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
            f'{html.escape(text)}</text>')


def _bars(title: str, groups: list[str], series: dict[str, list[float]], x_title: str, y_title: str,
          max_value: float = 1.0, integer: bool = False) -> str:
    """A grouped horizontal bar chart as inline SVG: one row of bars per group, one bar per series.

    Args:
        title: what the chart shows (its caption and accessible name).
        groups: the categories, top to bottom (labels on the left, wrapped to fit).
        series: name → one value per group (bars of one colour, named in the legend).
        x_title: title of the value axis (bottom), units included.
        y_title: title of the category axis (left).
        max_value: the value at the right end of the axis.
        integer: values are counts (printed without decimals).
    """
    names = list(series)
    label_w = min(LABEL_MAX, max([_text_width(g) for g in groups] + [24]) + 4)
    x0 = 20 + label_w + 6                         # y-axis title column, labels, gap
    x1 = WIDTH - VALUE_ROOM
    scale = (x1 - x0) / max_value if max_value else 0.0
    parts: list[str] = []
    y = 8.0
    for i, group in enumerate(groups):
        lines = _wrap(group, label_w)
        bars_h = len(names) * BAR + (len(names) - 1) * BAR_GAP
        row_h = max(bars_h, len(lines) * LINE)
        top = y + (row_h - bars_h) / 2
        for j, name in enumerate(names):
            value = float(series[name][i])
            by = top + j * (BAR + BAR_GAP)
            w = max(0.0, min(value, max_value) * scale)
            parts.append(f'<rect class="bar" x="{x0:.1f}" y="{by:.1f}" width="{w:.1f}" height="{BAR}" '
                         f'fill="{COLORS[j % len(COLORS)]}"><title>{html.escape(name)}, {html.escape(group)}: '
                         f'{_fmt(value, integer)}</title></rect>')
            parts.append(_svg_text(x0 + w + 4, by + BAR - 3, _fmt(value, integer), "value", size=11))
        label_top = y + (row_h - len(lines) * LINE) / 2
        for k, line in enumerate(lines):
            parts.append(_svg_text(x0 - 6, label_top + (k + 1) * LINE - 3, line, "label", anchor="end"))
        y += row_h + GROUP_GAP
    axis_y = max(y - GROUP_GAP / 2, _text_width(y_title) + 12)  # room for the rotated category-axis title
    # Axes: grid and ticks at 0, ¼, ½, ¾ and the maximum; the category axis on the left.
    grid = []
    for t in range(5):
        value = max_value * t / 4
        x = x0 + value * scale
        grid.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{axis_y:.1f}" stroke="#e5e7eb"/>')
        grid.append(f'<line x1="{x:.1f}" y1="{axis_y:.1f}" x2="{x:.1f}" y2="{axis_y + 4:.1f}" stroke="#555"/>')
        grid.append(_svg_text(x, axis_y + 16, _fmt(value, integer and max_value >= 4), "tick", anchor="middle",
                              size=11))
    axes = (f'<line x1="{x0:.1f}" y1="4" x2="{x0:.1f}" y2="{axis_y:.1f}" stroke="#555"/>'
            f'<line x1="{x0:.1f}" y1="{axis_y:.1f}" x2="{x1:.1f}" y2="{axis_y:.1f}" stroke="#555"/>')
    x_title_y = axis_y + 34
    titles = (_svg_text((x0 + x1) / 2, x_title_y, x_title, "axis-title x", anchor="middle")
              + _svg_text(0, 0, y_title, "axis-title y", anchor="middle",
                          extra=f' transform="translate(13 {axis_y / 2:.1f}) rotate(-90)"'))
    # Legend below, wrapping to as many rows as it needs.
    legend, lx, ly = [], float(x0), x_title_y + 22
    for j, name in enumerate(names):
        item_w = 14 + _text_width(name) + 16
        if lx + item_w > WIDTH and lx > x0:
            lx, ly = float(x0), ly + 18
        legend.append(f'<rect class="key" x="{lx:.1f}" y="{ly - 10:.1f}" width="10" height="10" '
                      f'fill="{COLORS[j % len(COLORS)]}"/>' + _svg_text(lx + 14, ly, name, "legend"))
        lx += item_w
    height = ly + 8
    return (f'<figure class="chart-box"><figcaption>{html.escape(title)}</figcaption>'
            f'<svg class="chart" role="img" aria-label="{html.escape(title)}" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="{WIDTH}" height="{height:.0f}" font-family="sans-serif">'
            + "".join(grid) + axes + "".join(parts) + titles + "".join(legend) + "</svg></figure>")


def _recall_curve(rows: list[dict[str, Any]], modes: list[str]) -> str:
    """recall@k for k = 1..10, per mode."""
    ks = list(range(1, 11))
    series = {}
    for mode in modes:
        ranked = [r for r in rows if r["mode"] == mode and r["answerable"] and r["gold"]]
        series[mode] = [sum(len(set(r["gold"]) & set(r["ranked"][:k])) / len(set(r["gold"])) for r in ranked)
                        / max(1, len(ranked)) for k in ks]
    return _bars("recall@k (k = 1…10)", [f"k={k}" for k in ks], series, "recall (0–1)", "k (programs ranked)")


LATENCY_EDGES = [0, 10, 20, 50, 100, 200, 500, 1000, 2000, float("inf")]
LATENCY_LABELS = ["<10", "10–20", "20–50", "50–100", "100–200", "200–500", "500–1000", "1000–2000", "≥2000"]


def _latency_histogram(rows: list[dict[str, Any]], modes: list[str]) -> str:
    series = {}
    for mode in modes:
        lat = [r["latency_ms"] for r in rows if r["mode"] == mode]
        series[mode] = [sum(1 for v in lat if LATENCY_EDGES[i] <= v < LATENCY_EDGES[i + 1])
                        for i in range(len(LATENCY_LABELS))]
    top = max([max(v) for v in series.values() if v] + [1])
    top = max(4, -(-top // 4) * 4)  # ticks at whole numbers
    return _bars("latency histogram", LATENCY_LABELS, series, "questions (count)", "latency (ms)",
                 max_value=top, integer=True)


def _index_table(metrics: dict[str, Any]) -> str:
    """The index the run used, as a small two-column table (nested values flattened: counts.programs)."""
    index = metrics.get("index") or {}
    rows = [("questions", metrics.get("questions", 0))]
    for key in [*INDEX_KEYS, *(k for k in index if k not in INDEX_KEYS)]:
        value = index.get(key)
        if isinstance(value, dict):
            rows += [(f"{key}.{k}", v) for k, v in value.items()]
        elif value is not None:
            rows.append((key, value))
    origin = metrics.get("provenance")
    if "provenance" in metrics:  # a figure is read with where its questions come from
        rows.insert(1, ("provenance", _provenance_text(origin)))
    body = "".join(f"<tr><th scope=\"row\">{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
                   for k, v in rows)
    return f'<table class="kv"><caption>Run and index</caption><tbody>{body}</tbody></table>'


def _provenance_text(origin: dict[str, Any] | None) -> str:
    from qa.eval.provenance import UNKNOWN, Provenance

    return Provenance.model_validate(origin).line() if origin else UNKNOWN


def _scroll(table: str, label: str) -> str:
    """A table in its own horizontally scrolling box, reachable and scrollable by keyboard."""
    return f'<div class="scroll" tabindex="0" role="region" aria-label="{html.escape(label)}">{table}</div>'


CSS = """
*{box-sizing:border-box}
body{font-family:sans-serif;margin:0 auto;padding:1rem;max-width:72rem;color:#111;line-height:1.5;
overflow-wrap:anywhere}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.6em}
table{border-collapse:collapse;font-size:12px}
td,th{border:1px solid #ccc;padding:3px 6px;text-align:right;white-space:nowrap}
thead th{background:#f3f4f6}td:nth-child(-n+2),th:nth-child(-n+2){text-align:left}
tr.all{background:#eef}
.kv th{text-align:left;font-weight:normal;background:#f9fafb}.kv td{text-align:left;white-space:normal}
.kv caption{text-align:left;font-weight:bold;padding:2px 0}
.scroll{max-width:100%;overflow-x:auto}
.scroll:focus{outline:2px solid #1d4ed8;outline-offset:2px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,420px),1fr));gap:1rem 2rem}
.chart-box{margin:0}.chart-box figcaption{font-weight:bold;font-size:14px;margin-bottom:4px}
svg.chart{width:100%;max-width:420px;height:auto;display:block}
svg.chart .axis-title{font-weight:bold}
pre{white-space:pre-wrap;background:#f6f6f6;padding:6px;overflow-wrap:anywhere}
details{margin:4px 0}
"""


def render(result: dict[str, Any], title: str) -> str:
    """The report page: run and index info, metrics table, charts by type and by mode, recall, latency,
    failures."""
    metrics, rows = result["metrics"], result["rows"]
    modes = list(metrics["modes"])
    head = "".join(f"<th scope=\"col\">{html.escape(m)}</th>"
                   for m in ["mode", "type", *TABLE_METRICS, "p50 ms", "p95 ms"])
    body = []
    for mode in modes:
        blocks = [("all", metrics["modes"][mode]["overall"])] + list(metrics["modes"][mode]["by_type"].items())
        for name, block in blocks:
            cells = [mode, name] + [block.get(m, "") for m in TABLE_METRICS]
            cells += [block.get("latency_ms", {}).get("p50", ""), block.get("latency_ms", {}).get("p95", "")]
            cls = ' class="all"' if name == "all" else ""
            body.append(f"<tr{cls}>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    types = sorted({t for m in modes for t in metrics["modes"][m]["by_type"]})
    by_type = _bars("accuracy by question type", types,
                    {m: [metrics["modes"][m]["by_type"].get(t, {}).get("accuracy", 0.0) for t in types] for m in modes},
                    "accuracy (0–1)", "question type")
    keys = ["hit@1", "hit@5", "mrr", "ndcg@10", "accuracy"]
    by_mode = _bars("metrics by mode", keys, {m: [metrics["modes"][m]["overall"].get(k, 0.0) for k in keys] for m in modes},
                    "score (0–1)", "metric")
    failures = []
    for r in rows:
        if r["correct"]:
            continue
        cites = "".join(f"<li>{html.escape(c['program_title'])} / {html.escape(c['section'])}: "
                        f"{html.escape(c['text'][:160])}</li>" for c in r["citations"])
        failures.append(
            f"<details><summary>[{html.escape(r['mode'])}] {html.escape(r['id'])} ({html.escape(r['type'])}): "
            f"{html.escape(r['question'])}</summary><p><b>expected:</b> {html.escape(' / '.join(r['answers']) or '(abstain)')}"
            f"</p><p><b>answer{' (abstained)' if r['abstained'] else ''}:</b></p><pre>{html.escape(r['answer'])}</pre>"
            f"<ul>{cites}</ul></details>")
    return f"""<!doctype html><html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{html.escape(title)}</title><style>{CSS}</style></head><body>
<h1>{html.escape(title)}</h1>
{_index_table(metrics)}
<h2>Metrics</h2>{_scroll(table, "metrics by mode and question type")}
<h2>Charts</h2><div class="charts">{by_type}{by_mode}{_recall_curve(rows, modes)}{_latency_histogram(rows, modes)}</div>
<h2>Failures ({len(failures)})</h2>{''.join(failures) or '<p>none</p>'}
</body></html>"""


def write_report(result: dict[str, Any], folder: Path, title: str) -> Path:
    """Write results.jsonl, metrics.json and report.html into `folder`; returns the report path."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "results.jsonl").open("w", encoding="utf-8") as handle:
        for row in result["rows"]:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    (folder / "metrics.json").write_text(json.dumps(result["metrics"], ensure_ascii=False, indent=1), encoding="utf-8")
    report = folder / "report.html"
    report.write_text(render(result, title), encoding="utf-8")
    return report
