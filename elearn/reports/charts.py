"""Pure core: accessible SVG charts drawn on the server (no JavaScript, no CDN, prints in PDFs).

Every label goes through ``html.escape``; each chart is ``role="img"`` with a <title> and a
<desc> that reads the numbers out, so a screen reader gets the same facts as the eye.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = {
    "success": "#198754",
    "primary": "#0d6efd",
    "info": "#0dcaf0",
    "warning": "#ffc107",
    "danger": "#dc3545",
    "secondary": "#6c757d",
    "dark": "#212529",
}
FONT = "Noto Sans CJK SC, Microsoft YaHei, sans-serif"


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    colour: str  # a PALETTE key


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _open(width: int, height: int, title: str, desc: str, chart_id: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart" font-family="{FONT}" '
        f'font-size="12">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]


def bar_chart(
    items: Sequence[tuple[str, float]],
    title: str,
    chart_id: str,
    max_value: float | None = None,
    unit: str = "",
    colour: str = "primary",
    empty_text: str = "",
) -> str:
    """Horizontal bars, one per (label, value); ``max_value`` fixes the scale (e.g. 100 for %)."""
    label_w, bar_w, row_h = 170, 330, 26
    height = max(row_h * len(items) + 16, 40)
    top = max([max_value or 0] + [v for _, v in items]) or 1
    desc = "; ".join(f"{label}: {_fmt(v)}{unit}" for label, v in items) or empty_text
    out = _open(label_w + bar_w + 70, height, title, desc, chart_id)
    if not items:
        out.append(f'<text x="8" y="24" fill="{PALETTE["secondary"]}">{escape(empty_text)}</text>')
    for i, (label, value) in enumerate(items):
        y = 8 + i * row_h
        width = round(bar_w * max(value, 0) / top, 1)
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(_clip(label))}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 2}" width="{bar_w}" height="18" fill="#e9ecef" rx="2"/>')
        out.append(f'<rect x="{label_w}" y="{y + 2}" width="{width}" height="18" fill="{PALETTE[colour]}" rx="2"/>')
        out.append(f'<text x="{label_w + bar_w + 6}" y="{y + 15}">{_fmt(value)}{escape(unit)}</text>')
    out.append("</svg>")
    return "".join(out)


def stacked_bar_chart(
    rows: Sequence[tuple[str, dict[str, float]]],
    segments: Sequence[Segment],
    title: str,
    chart_id: str,
    empty_text: str = "",
) -> str:
    """Horizontal 100% stacked bars (one per label) with a legend; counts are read out in <desc>."""
    label_w, bar_w, row_h = 170, 380, 26
    legend_h = 26
    height = legend_h + max(row_h * len(rows), 30) + 8
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{s.label} {_fmt(counts.get(s.key, 0))}" for s in segments) for label, counts in rows
    ) or empty_text
    out = _open(label_w + bar_w + 20, height, title, desc, chart_id)
    out.extend(_legend(segments, label_w))
    if not rows:
        out.append(f'<text x="8" y="{legend_h + 18}" fill="{PALETTE["secondary"]}">{escape(empty_text)}</text>')
    for i, (label, counts) in enumerate(rows):
        y = legend_h + i * row_h
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(_clip(label))}</text>')
        out.extend(_stack(counts, segments, label_w, y, bar_w))
    out.append("</svg>")
    return "".join(out)


def column_chart(
    items: Sequence[tuple[str, float]],
    title: str,
    chart_id: str,
    colour: str = "warning",
    empty_text: str = "",
) -> str:
    """Vertical columns, e.g. certificates expiring per month."""
    col_w, gap, plot_h, base = 40, 14, 150, 180
    width = max(len(items), 1) * (col_w + gap) + 40
    top = max([v for _, v in items] + [1])
    desc = "; ".join(f"{label}: {_fmt(v)}" for label, v in items) or empty_text
    out = _open(width, base + 30, title, desc, chart_id)
    out.append(f'<line x1="20" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#adb5bd"/>')
    if not items:
        out.append(f'<text x="24" y="{base - 10}" fill="{PALETTE["secondary"]}">{escape(empty_text)}</text>')
    for i, (label, value) in enumerate(items):
        x = 30 + i * (col_w + gap)
        h = round(plot_h * value / top, 1)
        out.append(f'<rect x="{x}" y="{base - h}" width="{col_w}" height="{h}" fill="{PALETTE[colour]}" rx="2"/>')
        out.append(f'<text x="{x + col_w / 2}" y="{base - h - 4}" text-anchor="middle">{_fmt(value)}</text>')
        out.append(f'<text x="{x + col_w / 2}" y="{base + 16}" text-anchor="middle">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def _legend(segments: Sequence[Segment], x0: int) -> list[str]:
    out, x = [], x0
    for s in segments:
        out.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{PALETTE[s.colour]}"/>')
        out.append(f'<text x="{x + 16}" y="14">{escape(s.label)}</text>')
        x += 28 + _text_width(s.label)
    return out


def _text_width(text: str) -> int:
    """Approximate width at 12px: CJK characters are square, Latin ones about half as wide."""
    return sum(12 if ord(ch) > 0x2E80 else 7 for ch in text)


def _stack(counts: dict[str, float], segments: Sequence[Segment], x0: int, y: int, bar_w: int) -> list[str]:
    total = sum(max(counts.get(s.key, 0), 0) for s in segments)
    out = [f'<rect x="{x0}" y="{y + 2}" width="{bar_w}" height="18" fill="#e9ecef"/>']
    x = float(x0)
    for s in segments:
        value = max(counts.get(s.key, 0), 0)
        if not total or not value:
            continue
        width = round(bar_w * value / total, 1)
        out.append(
            f'<rect x="{round(x, 1)}" y="{y + 2}" width="{width}" height="18" fill="{PALETTE[s.colour]}">'
            f"<title>{escape(s.label)}: {_fmt(value)}</title></rect>"
        )
        x += width
    return out


def _clip(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
