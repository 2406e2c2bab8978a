"""Writing an evaluation report folder: results.jsonl, metrics.json and a self-contained report.html."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

COLORS = ["#2563eb", "#16a34a", "#d97706", "#9333ea"]
TABLE_METRICS = ["n", "hit@1", "hit@5", "recall@10", "mrr", "ndcg@10", "answer_accuracy", "accuracy",
                 "abstain_precision", "abstain_recall", "abstain_f1"]


def _bars(title: str, groups: list[str], series: dict[str, list[float]], max_value: float = 1.0) -> str:
    """A grouped bar chart as inline SVG (one bar per series in each group)."""
    width, height, pad = max(360, 70 * len(groups) * max(1, len(series)) // 2 + 80), 220, 40
    group_w = (width - pad * 2) / max(1, len(groups))
    bar_w = group_w / (len(series) + 1)
    parts = [f'<svg class="chart" role="img" aria-label="{html.escape(title)}" viewBox="0 0 {width} {height + 60}" '
             f'width="{width}" height="{height + 60}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="{pad}" y="16" font-size="13" font-weight="bold">{html.escape(title)}</text>',
             f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" stroke="#999"/>']
    for i, group in enumerate(groups):
        for j, (name, values) in enumerate(series.items()):
            value = values[i]
            h = (height - 30) * (value / max_value if max_value else 0)
            x = pad + i * group_w + j * bar_w + bar_w / 2
            parts.append(f'<rect x="{x:.1f}" y="{height - h:.1f}" width="{bar_w * 0.9:.1f}" height="{h:.1f}" '
                         f'fill="{COLORS[j % len(COLORS)]}"><title>{html.escape(name)} {html.escape(group)}: '
                         f'{value:.3f}</title></rect>')
        parts.append(f'<text x="{pad + i * group_w + group_w / 2:.1f}" y="{height + 14}" font-size="10" '
                     f'text-anchor="middle">{html.escape(group)}</text>')
    for j, name in enumerate(series):
        parts.append(f'<rect x="{pad + 90 * j}" y="{height + 30}" width="10" height="10" fill="{COLORS[j % len(COLORS)]}"/>'
                     f'<text x="{pad + 90 * j + 14}" y="{height + 39}" font-size="11">{html.escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _recall_curve(rows: list[dict[str, Any]], modes: list[str]) -> str:
    """recall@k for k = 1..10, per mode, as grouped bars."""
    ks = list(range(1, 11))
    series = {}
    for mode in modes:
        ranked = [r for r in rows if r["mode"] == mode and r["answerable"] and r["gold"]]
        series[mode] = [sum(len(set(r["gold"]) & set(r["ranked"][:k])) / len(set(r["gold"])) for r in ranked)
                        / max(1, len(ranked)) for k in ks]
    return _bars("recall@k (k = 1…10)", [str(k) for k in ks], series)


def _latency_histogram(rows: list[dict[str, Any]], modes: list[str]) -> str:
    edges = [0, 10, 20, 50, 100, 200, 500, 1000, 2000, 1e9]
    labels = ["<10", "10-20", "20-50", "50-100", "100-200", "200-500", "0.5-1s", "1-2s", ">2s"]
    series = {}
    for mode in modes:
        lat = [r["latency_ms"] for r in rows if r["mode"] == mode]
        series[mode] = [sum(1 for v in lat if edges[i] <= v < edges[i + 1]) for i in range(len(labels))]
    top = max([max(v) for v in series.values()] + [1])
    return _bars("latency histogram (ms, count of questions)", labels, series, max_value=top)


def render(result: dict[str, Any], title: str) -> str:
    """The report page: metrics table, charts by type and by mode, recall curve, latency, failures."""
    metrics, rows = result["metrics"], result["rows"]
    modes = list(metrics["modes"])
    head = "".join(f"<th>{html.escape(m)}</th>" for m in ["mode", "type", *TABLE_METRICS, "p50 ms", "p95 ms"])
    body = []
    for mode in modes:
        blocks = [("all", metrics["modes"][mode]["overall"])] + list(metrics["modes"][mode]["by_type"].items())
        for name, block in blocks:
            cells = [mode, name] + [block.get(m, "") for m in TABLE_METRICS]
            cells += [block.get("latency_ms", {}).get("p50", ""), block.get("latency_ms", {}).get("p95", "")]
            cls = ' class="all"' if name == "all" else ""
            body.append(f"<tr{cls}>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    types = sorted({t for m in modes for t in metrics["modes"][m]["by_type"]})
    by_type = _bars("accuracy by question type", types,
                    {m: [metrics["modes"][m]["by_type"].get(t, {}).get("accuracy", 0.0) for t in types] for m in modes})
    keys = ["hit@1", "hit@5", "mrr", "ndcg@10", "accuracy"]
    by_mode = _bars("metrics by mode", keys, {m: [metrics["modes"][m]["overall"].get(k, 0.0) for k in keys] for m in modes})
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
    index = metrics.get("index", {})
    return f"""<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{{font-family:sans-serif;margin:2em;color:#111}}table{{border-collapse:collapse;font-size:12px}}
td,th{{border:1px solid #ccc;padding:3px 6px;text-align:right}}td:nth-child(-n+2){{text-align:left}}
tr.all{{background:#eef}}.chart{{margin:1em 1em 0 0}}pre{{white-space:pre-wrap;background:#f6f6f6;padding:6px}}
details{{margin:4px 0}}</style></head><body>
<h1>{html.escape(title)}</h1>
<p>{metrics.get('questions', 0)} questions; index: {html.escape(json.dumps(index, ensure_ascii=False))}</p>
<h2>Metrics</h2><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>
<h2>Charts</h2><div>{by_type}{by_mode}{_recall_curve(rows, modes)}{_latency_histogram(rows, modes)}</div>
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
