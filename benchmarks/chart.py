"""The benchmark chart as a hand-written SVG (no plotting dependency): time vs N, one panel per operation."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

OPERATIONS = ("up", "preview", "refresh", "destroy")
SERIES = (  # key in results["seconds"], label, colour, dashed
    ("np6", "np6 (SDK host, 4 workers)", "#1f77b4", False),
    ("np6-wide", "np6 (16-worker host)", "#2ca02c", False),
    ("noop", "engine floor (no-op provider)", "#7f7f7f", True),
    ("floor", "HTTP floor (httpx script)", "#d62728", True),
)
PANEL_W, PANEL_H, MARGIN_L, MARGIN_B, MARGIN_T = 300, 230, 55, 40, 48


def write_chart(report: dict[str, Any], path: Path) -> None:
    sizes = report["sizes"]
    ns = [s["n"] for s in sizes]
    width = MARGIN_L + len(OPERATIONS) * (PANEL_W + MARGIN_L) + 10
    height = MARGIN_T + PANEL_H + MARGIN_B + 30 + 20 * len(SERIES)
    settings = report["settings"]
    title = (
        f"time vs N: latency {settings['latency_ms']} ms, pulumi --parallel {settings['parallel']}, "
        f"floor concurrency {settings['floor_concurrency']} ({report['machine']['cores']} cores)"
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
        'font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{MARGIN_L}" y="16" font-size="13">{escape(title)}</text>',
    ]
    for index, op in enumerate(OPERATIONS):
        x0 = MARGIN_L + index * (PANEL_W + MARGIN_L)
        y0 = MARGIN_T
        values = [s["seconds"].get(key, {}).get(op) for s in sizes for key, *_ in SERIES]
        top = max([v for v in values if v] or [1.0]) * 1.1
        out.append(f'<rect x="{x0}" y="{y0}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#999"/>')
        out.append(f'<text x="{x0 + PANEL_W / 2}" y="{y0 - 6}" text-anchor="middle" font-size="12">{op}</text>')
        lo, hi = min(ns), max(ns)

        def px(n: float, lo: float = lo, hi: float = hi, x0: float = x0) -> float:
            return x0 + (PANEL_W * (n - lo) / (hi - lo) if hi > lo else PANEL_W / 2)

        def py(seconds: float, top: float = top, y0: float = y0) -> float:
            return y0 + PANEL_H - PANEL_H * seconds / top

        for tick in range(5):
            value = top * tick / 4
            y = py(value)
            out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + PANEL_W}" y2="{y:.1f}" stroke="#eee"/>')
            label = f"{value:.0f}" if top >= 20 else f"{value:.1f}"  # whole seconds only where they stay distinct
            out.append(f'<text x="{x0 - 4}" y="{y + 4:.1f}" text-anchor="end">{label}s</text>')
        for n in ns:
            out.append(f'<text x="{px(n):.1f}" y="{y0 + PANEL_H + 14}" text-anchor="middle">{n}</text>')
        out.append(f'<text x="{x0 + PANEL_W / 2}" y="{y0 + PANEL_H + 28}" text-anchor="middle">N imports</text>')
        for key, _label, colour, dashed in SERIES:
            points = [(s["n"], s["seconds"].get(key, {}).get(op)) for s in sizes]
            points = [(n, v) for n, v in points if v]
            if not points:
                continue
            dash = ' stroke-dasharray="5,3"' if dashed else ""
            path_points = " ".join(f"{px(n):.1f},{py(v):.1f}" for n, v in points)
            out.append(f'<polyline points="{path_points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
            for n, v in points:
                out.append(f'<circle cx="{px(n):.1f}" cy="{py(v):.1f}" r="3" fill="{colour}"/>')
    legend_y = MARGIN_T + PANEL_H + MARGIN_B + 14
    for index, (_key, label, colour, dashed) in enumerate(SERIES):
        y = legend_y + 20 * index
        dash = ' stroke-dasharray="5,3"' if dashed else ""
        out.append(
            f'<line x1="{MARGIN_L}" y1="{y}" x2="{MARGIN_L + 30}" y2="{y}" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        out.append(f'<text x="{MARGIN_L + 36}" y="{y + 4}">{escape(label)}</text>')
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n")
