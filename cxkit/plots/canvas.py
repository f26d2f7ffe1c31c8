"""The SCO canvas drawn as an A4-landscape figure: the kit's own layout of the published fields.

Text is wrapped to each box; a box that overflows shrinks its type down to
8 pt (still readable on paper) and then cuts, saying so in the footer. Letters
no installed font can draw are shown as □ and named in the footer, so a figure
always renders. Exports: PNG and PDF.
"""

from __future__ import annotations

import logging
import os
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from cxkit.concepts.canvas import LABELS, TRIPLE_CROWN_PARTS, Canvas
from cxkit.concepts.case_company import NAME
from cxkit.concepts.moments import Feeling
from cxkit.plots.style import ACCENT, BAD, GOOD, new_figure, styled

# A fallback font (Symbola) has no bold face; matplotlib uses its regular weight and would
# say so on stderr, which a participant would see as an error box.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

A4_LANDSCAPE = (11.69, 8.27)
SIZES = (12.0, 11.0, 10.0, 9.0, 8.0)  # body type sizes tried, largest first
MIN_SIZE = SIZES[-1]
MISSING_GLYPH = "□"

# Fonts tried after DejaVu Sans when it lacks a letter; install the Debian packages
# fonts-noto-cjk (CJK) and fonts-symbola (emoji, monochrome) to get them.
FALLBACK_FAMILIES = (
    "DejaVu Sans",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Symbola",
    "Noto Sans Symbols2",
    "Noto Sans",
)
FONT_PACKAGES = {"CJK": "fonts-noto-cjk", "emoji": "fonts-symbola", "other": "fonts-noto-core"}

# Box grid in figure fractions: (field, x, y, width, height).
_TOP, _MID, _BOT = (0.59, 0.19), (0.21, 0.37), (0.05, 0.15)
BOXES: tuple[tuple[str, float, float, float, float], ...] = (
    ("who", 0.015, _TOP[0], 0.235, _TOP[1]),
    ("expectation", 0.258, _TOP[0], 0.235, _TOP[1]),
    ("journey", 0.501, _TOP[0], 0.235, _TOP[1]),
    ("success", 0.744, _TOP[0], 0.241, _TOP[1]),
    ("process", 0.015, _MID[0], 0.235, _MID[1]),
    ("moments", 0.258, _MID[0], 0.340, _MID[1]),
    ("needs", 0.606, _MID[0], 0.379, _MID[1]),
    ("tc_customer", 0.015, _BOT[0], 0.318, _BOT[1]),
    ("tc_cost", 0.341, _BOT[0], 0.318, _BOT[1]),
    ("tc_revenue", 0.667, _BOT[0], 0.318, _BOT[1]),
)
BOX_TITLES = LABELS | {
    "journey": "The journey, in their words",
    "success": "Their view of success",
    "expectation": "What they expect today",
    "process": "What today's process does",
    "tc_customer": "Triple crown: customer experience",
    "tc_cost": "Triple crown: cost to serve",
    "tc_revenue": "Triple crown: revenue",
}
# What a box's frame says on the page: the moments box carries the key to its marks.
DRAWN_TITLES = BOX_TITLES | {"moments": "Moments of truth · ✗ misery · ★ magic"}


# Where Debian puts those fonts; CXKIT_FONT_DIRS (os.pathsep-separated) adds folders.
FONT_DIRS = ("/usr/share/fonts", "~/.local/share/fonts")
FALLBACK_FILES = (
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJK-Bold.ttc",
    "Symbola_hint.ttf",
    "Symbola.ttf",
)


def _register_fallback_files() -> None:
    # Matplotlib's font cache may predate the font packages: add the files it has not seen.
    from matplotlib import font_manager as fm

    known = {Path(f.fname).name for f in fm.fontManager.ttflist}
    dirs = [*os.environ.get("CXKIT_FONT_DIRS", "").split(os.pathsep), *FONT_DIRS]
    for d in filter(None, dirs):
        root = Path(d).expanduser()
        if not root.is_dir():
            continue
        for name in FALLBACK_FILES:
            if name in known:
                continue
            for path in root.rglob(name):
                try:
                    fm.fontManager.addfont(str(path))
                    known.add(name)
                except (OSError, RuntimeError, ValueError):  # a broken font file: skip it
                    pass
                break


@lru_cache(maxsize=1)
def available_families() -> tuple[str, ...]:
    """The fallback font families that are installed here, in the order they are tried."""
    from matplotlib import font_manager as fm

    _register_fallback_files()
    names = {f.name for f in fm.fontManager.ttflist}
    return tuple(f for f in FALLBACK_FAMILIES if f in names) or ("DejaVu Sans",)


@lru_cache(maxsize=1)
def _coverage() -> frozenset[int]:
    from matplotlib import font_manager as fm
    from matplotlib.ft2font import FT2Font

    chars: set[int] = set()
    for fam in available_families():
        path = fm.findfont(fm.FontProperties(family=fam), fallback_to_default=False)
        chars.update(FT2Font(path).get_charmap().keys())
    return frozenset(chars)


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if any(k in name for k in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPH")):
        return "CJK"
    if ord(ch) >= 0x1F000 or unicodedata.category(ch) == "So":
        return "emoji"
    return "other"


def drawable(text: str) -> tuple[str, dict[str, int]]:
    """Text with letters no installed font has replaced by □, and a count of those by script."""
    cov = _coverage()
    out: list[str] = []
    missing: dict[str, int] = {}
    for ch in text:
        cat = unicodedata.category(ch)
        # Control characters first: some fonts map NUL and friends to a blank glyph.
        if cat == "Cc" and ch not in "\n\t":
            out.append(" ")
            continue
        # Joiners and variation selectors carry no glyph of their own.
        if ord(ch) in cov or ch in "\n\t " or cat in ("Mn", "Me", "Cf"):
            if cat != "Cf":
                out.append(ch)
            continue
        out.append(MISSING_GLYPH)
        s = _script(ch)
        missing[s] = missing.get(s, 0) + 1
    return "".join(out), missing


@lru_cache(maxsize=4096)
def _advance(ch: str) -> float:
    # Advance width in em from DejaVu Sans; letters it lacks are drawn by a wider fallback.
    font = _dejavu()
    if not font.get_char_index(ord(ch)):
        return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6
    font.set_size(100, 72)
    return font.load_char(ord(ch)).horiAdvance / 64 / 100


@lru_cache(maxsize=1)
def _dejavu():
    from matplotlib import font_manager as fm
    from matplotlib.ft2font import FT2Font

    return FT2Font(fm.findfont(fm.FontProperties(family="DejaVu Sans")))


def text_width(s: str) -> float:
    """Width of a line of text in em (multiply by the type size for points)."""
    return sum(_advance(c) for c in s)


def wrap(text: str, width_em: float) -> list[str]:
    """Wrap text to a width in em, keeping typed line breaks; words too long are broken."""
    lines: list[str] = []
    space = _advance(" ")
    for para in text.replace("\r\n", "\n").split("\n"):
        if not para.strip():
            lines.append("")
            continue
        line, w = "", 0.0
        for word in para.split(" "):
            ww = text_width(word)
            if line and w + space + ww <= width_em:
                line, w = f"{line} {word}", w + space + ww
                continue
            if line:
                lines.append(line)
            line, w = "", 0.0
            # A word (or a CJK run without spaces) longer than the line is broken by letter.
            for ch in word:
                cw = _advance(ch)
                if w + cw > width_em and line:
                    lines.append(line)
                    line, w = "", 0.0
                line += ch
                w += cw
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


@dataclass
class BoxFit:
    """How one box's text was fitted: type size, lines shown, and what was cut."""

    key: str
    size: float
    lines: list[str]
    cut_chars: int = 0


@dataclass
class CanvasLayout:
    """Every box fitted, plus the notes the footer shows (cuts and font fallbacks)."""

    boxes: dict[str, BoxFit]
    statement: BoxFit
    notes: list[str] = field(default_factory=list)
    missing_glyphs: dict[str, int] = field(default_factory=dict)


def _body_texts(canvas: Canvas) -> dict[str, str]:
    mark = {Feeling.MISERY: "✗", Feeling.MAGIC: "★", Feeling.NEUTRAL: "•"}
    moments = "\n".join(
        f"{mark[m.feeling]} {m.step.strip()}" + ("" if m.serves_sco else " (remove)")
        for m in canvas.moments
        if m.step.strip()
    )
    needs = "\n".join(
        f"{i}. {n.need.strip()}\n    → {n.measure.strip() or '(no measure yet)'}"
        for i, n in enumerate(canvas.needs, 1)
        if n.need.strip() or n.measure.strip()
    )
    good, bad = canvas.process_good.strip(), canvas.process_bad.strip()
    process = "\n".join(
        p
        for p in ((f"Helps: {good}" if good else ""), (f"Gets in the way: {bad}" if bad else ""))
        if p
    )
    texts = {
        "who": canvas.who,
        "expectation": canvas.expectation,
        "journey": canvas.journey,
        "success": canvas.success,
        "process": process,
        "moments": moments,
        "needs": needs,
    }
    for k, _ in TRIPLE_CROWN_PARTS:
        texts[f"tc_{k}"] = getattr(canvas.triple_crown, k)
    return {k: v.strip() for k, v in texts.items()}


def _fit(key: str, text: str, w_in: float, h_in: float, sizes=SIZES) -> BoxFit:
    pad_pt, title_pt = 20.0, 22.0  # 6.5 pt in on the left, the rest spare on the right
    for size in sizes:
        width_em = max(4.0, (w_in * 72 - pad_pt) / size)
        rows = max(1, int((h_in * 72 - title_pt - pad_pt) / (1.28 * size)))
        lines = wrap(text, width_em)
        if len(lines) <= rows:
            return BoxFit(key, size, lines)
    # Still too long at the smallest readable size: cut and say how much.
    shown = lines[: rows - 1] if rows > 1 else []
    kept = sum(len(s) for s in shown)
    cut = max(0, len(text.replace("\n", "")) - kept)
    shown.append(f"… [{cut:,} characters cut]")
    return BoxFit(key, MIN_SIZE, shown, cut)


def layout_canvas(canvas: Canvas, size: tuple[float, float] = A4_LANDSCAPE) -> CanvasLayout:
    """Fit every field of the canvas into its box (pure: no drawing)."""
    W, H = size
    texts = _body_texts(canvas)
    missing: dict[str, int] = {}
    boxes: dict[str, BoxFit] = {}
    for key, _x, _y, w, h in BOXES:
        text, miss = drawable(texts[key])
        for s, n in miss.items():
            missing[s] = missing.get(s, 0) + n
        boxes[key] = _fit(key, text, w * W, h * H)
    st_text, miss = drawable(canvas.statement.strip())
    for s, n in miss.items():
        missing[s] = missing.get(s, 0) + n
    statement = _fit("statement", st_text, 0.86 * W, 0.095 * H + 0.2, sizes=(18, 16, 14, 12, 10))
    notes = []
    cuts = [b for b in [*boxes.values(), statement] if b.cut_chars]
    for b in cuts:
        notes.append(f"'{BOX_TITLES.get(b.key, b.key)}' cut by {b.cut_chars:,} characters.")
    for s, n in sorted(missing.items()):
        notes.append(
            f"{n} {s} character{'s' if n != 1 else ''} shown as {MISSING_GLYPH}: "
            f"no installed font has them (install {FONT_PACKAGES[s]})."
        )
    return CanvasLayout(boxes, statement, notes, missing)


def _box(
    fig: Figure, x: float, y: float, w: float, h: float, title: str, fit: BoxFit, colour: str
) -> None:
    fig.patches.append(
        FancyBboxPatch(
            (x, y), w, h, boxstyle="round,pad=0,rounding_size=0.008",
            transform=fig.transFigure, figure=fig, facecolor="white", edgecolor=colour, linewidth=1.6,
        )
    )  # fmt: skip
    W, H = fig.get_size_inches()
    fig.text(x + 0.07 / W, y + h - 0.07 / H, title, ha="left", va="top", fontsize=10.5,
             fontweight="bold", color=colour, family="DejaVu Sans")  # fixed English label  # fmt: skip
    body = "\n".join(fit.lines) if fit.lines else "(empty)"
    fig.text(
        x + 0.09 / W, y + h - 0.36 / H, body, ha="left", va="top", fontsize=fit.size,
        color="#222" if fit.lines else "#999", linespacing=1.15, parse_math=False,
    )  # fmt: skip


@styled
def render_canvas(canvas: Canvas, layout: CanvasLayout | None = None) -> Figure:
    """The canvas as an A4-landscape figure; the footer says what was cut or fell back."""
    import matplotlib as mpl

    lay = layout or layout_canvas(canvas)
    with mpl.rc_context({"font.family": list(available_families())}):
        fig = new_figure(*A4_LANDSCAPE, layout=None)
        fig.cx_layout = lay  # so a caller (widget, test) can show the notes
        title = canvas.category_name.strip() or "(choose a customer category)"
        t, _ = drawable(title)
        fig.text(0.015, 0.975, f"Successful Customer Outcome canvas — {t[:70]}", ha="left",
                 va="top", fontsize=17, fontweight="bold", color=ACCENT, parse_math=False)  # fmt: skip
        fig.text(0.985, 0.012, f"{NAME} · the kit's own layout of the published canvas fields",
                 ha="right", va="bottom", fontsize=8, color="#666")  # fmt: skip
        _box(fig, 0.015, 0.79, 0.97, 0.135, "SCO statement, in the customer's words",
             lay.statement, GOOD)  # fmt: skip
        colours = {"process": BAD, "moments": BAD, "needs": GOOD}
        for key, x, y, w, h in BOXES:
            colour = colours.get(key, ACCENT if key.startswith("tc_") else "#44546a")
            _box(fig, x, y, w, h, DRAWN_TITLES[key], lay.boxes[key], colour)
        footer = wrap(" ".join(lay.notes), 0.6 * A4_LANDSCAPE[0] * 72 / 8) or [
            "Everything typed is shown."
        ]
        if len(footer) > 2:
            footer = [footer[0], footer[1][:-1] + "…"]
        fig.text(0.015, 0.008, "\n".join(footer), ha="left", va="bottom", fontsize=8,
                 color=BAD if lay.notes else "#666", parse_math=False)  # fmt: skip
    return fig


_TILE_MARGIN_IN = 0.04  # each tile reaches a little past its box, so the frame is never clipped


@lru_cache(maxsize=512)
def _tile(
    w_in: float, h_in: float, title: str, lines: tuple[str, ...], size: float, colour: str, dpi: int
) -> bytes:
    """One box drawn alone (frame, title, text) as PNG bytes, cached by what it shows."""
    import matplotlib as mpl

    from cxkit.plots.style import figure_png

    m = _TILE_MARGIN_IN
    with mpl.rc_context({"font.family": list(available_families())}):
        fig = new_figure(w_in + 2 * m, h_in + 2 * m, layout=None)
        W, H = w_in + 2 * m, h_in + 2 * m
        _box(fig, m / W, m / H, w_in / W, h_in / H, title, BoxFit("", size, list(lines)), colour)
    return figure_png(fig, dpi)


@lru_cache(maxsize=64)
def _text_tile(w_in: float, h_in: float, text: str, size: float, colour: str, bold: bool,
               right: bool, dpi: int) -> bytes:  # fmt: skip
    """A strip of text (the title, the footer) as PNG bytes, cached by what it says."""
    import matplotlib as mpl

    from cxkit.plots.style import figure_png

    with mpl.rc_context({"font.family": list(available_families())}):
        fig = new_figure(w_in, h_in, layout=None)
        fig.text(0.985 if right else 0.015, 0.5, text, ha="right" if right else "left",
                 va="center", fontsize=size, fontweight="bold" if bold else "normal",
                 color=colour, parse_math=False)  # fmt: skip
    return figure_png(fig, dpi)


def render_canvas_preview(canvas: Canvas, dpi: int = 55) -> bytes:
    """The canvas as a PNG for a live preview: each box is drawn once and reused until it changes.

    Looks like render_canvas at preview size; exports use render_canvas, never this.
    """
    import io

    from PIL import Image

    lay = layout_canvas(canvas)
    W, H = A4_LANDSCAPE
    page = Image.new("RGB", (round(W * dpi), round(H * dpi)), "white")

    def paste(png: bytes, x: float, top: float) -> None:
        page.paste(Image.open(io.BytesIO(png)).convert("RGB"), (round(x * dpi), round(top * dpi)))

    title = canvas.category_name.strip() or "(choose a customer category)"
    t, _ = drawable(title)
    head = f"Successful Customer Outcome canvas — {t[:70]}"
    paste(_text_tile(W, 0.5, head, 17, ACCENT, True, False, dpi), 0, 0.025 * H - 0.1)
    m = _TILE_MARGIN_IN
    colours = {"process": BAD, "moments": BAD, "needs": GOOD}
    pieces = [("statement", 0.015, 0.79, 0.97, 0.135, "SCO statement, in the customer's words",
               lay.statement, GOOD)]  # fmt: skip
    for key, x, y, w, h in BOXES:
        colour = colours.get(key, ACCENT if key.startswith("tc_") else "#44546a")
        pieces.append((key, x, y, w, h, DRAWN_TITLES[key], lay.boxes[key], colour))
    for _key, x, y, w, h, box_title, fit, colour in pieces:
        png = _tile(round(w * W, 4), round(h * H, 4), box_title, tuple(fit.lines), fit.size,
                    colour, dpi)  # fmt: skip
        paste(png, x * W - m, (1 - y - h) * H - m)
    footer = wrap(" ".join(lay.notes), 0.6 * W * 72 / 8) or ["Everything typed is shown."]
    note = " ".join(footer[:2])
    paste(_text_tile(W * 0.62, 0.3, note[:160], 8, BAD if lay.notes else "#666", False, False, dpi),
          0, H - 0.3)  # fmt: skip
    credit = f"{NAME} · the kit's own layout of the published canvas fields"
    paste(_text_tile(W * 0.38, 0.3, credit, 8, "#666", False, True, dpi), W * 0.62, H - 0.3)
    buf = io.BytesIO()
    page.save(buf, format="PNG")
    return buf.getvalue()


def save_canvas_figure(fig: Figure, path: Path | str, dpi: int = 150) -> Path:
    """Save a rendered canvas to PNG or PDF (by the file's suffix), A4 landscape, no cropping."""
    import matplotlib as mpl

    p = Path(path)
    if p.suffix.lower() not in (".png", ".pdf"):
        raise ValueError(f"Export {p.name!r}: use a .png or .pdf file name.")
    with (
        warnings.catch_warnings(),
        mpl.rc_context({"font.family": list(available_families()), "pdf.fonttype": 42}),
    ):
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        fig.savefig(p, dpi=dpi, bbox_inches=None, metadata=_metadata(fig, p))
    return p


def _metadata(fig: Figure, p: Path) -> dict:
    if p.suffix.lower() == ".pdf":
        return {"Title": "Successful Customer Outcome canvas", "Creator": "cxkit"}
    return {"Title": "Successful Customer Outcome canvas", "Software": "cxkit"}


def export_canvas(canvas: Canvas, stem: Path | str, dpi: int = 150) -> dict[str, Path]:
    """Render once and write <stem>.png and <stem>.pdf; returns both paths."""
    fig = render_canvas(canvas)
    stem = Path(stem)
    return {
        ext: save_canvas_figure(fig, stem.with_name(stem.name + f".{ext}"), dpi)
        for ext in ("png", "pdf")
    }
