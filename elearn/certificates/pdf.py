"""The WeasyPrint boundary: plain values in, PDF bytes out.

Nothing here knows about requests or the database, so a certificate is rendered the same way by a route,
a background task or the benchmark, and re-rendered byte for byte from its database row when a host's
cache lacks it. Resources come only from this package's static folder (see `resolve_asset`).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

HERE = Path(__file__).parent
ASSETS = HERE / "static" / "certificates"
FONT_STACK = '"Noto Sans CJK SC", "Noto Sans CJK", sans-serif'
QR_MASK = 4  # ((row // 2) + (column // 3)) % 2: see qr_svg

_env = Environment(
    loader=FileSystemLoader(HERE / "templates" / "certificates" / "pdf"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class CertificateDocument:
    """Everything printed on a certificate, already localised and formatted by the caller."""

    holder_name: str
    employee_no: str
    course_title_zh: str
    course_title_en: str
    course_version: int
    score: float | None
    issued_on: date
    expires_on: date
    serial: str
    verify_url: str
    issuer_zh: str
    issuer_en: str
    revoked_on: date | None = None  # a revoked certificate is printed with a "revoked" stamp


def qr_svg(url: str) -> Markup:
    """The verification URL as an inline SVG QR code (no external image, sharp at any zoom).

    The data mask is pinned: segno otherwise scores all eight masks in pure Python, 2 ms of a ~50 ms
    render. Scanners read the mask from the code's format bits; on 200 random verification URLs, blurred to
    where zxing starts failing, mask 4 decoded as often as segno's choice (192 and 186), and equally often
    when shrunk and speckled.
    """
    qr = segno.make(url, error="m", micro=False, mask=QR_MASK)
    return Markup(qr.svg_inline(scale=4, border=2, dark="#1b2a41", omitsize=True))


def resolve_asset(url: str) -> Path:
    """The file an asset URL points at, if it lies inside static/certificates; else ValueError.

    This is the whole trust decision of the renderer: a hostile value in a name or title can never make it
    read other local files or reach the network.
    """
    if not url.startswith("file://"):
        raise ValueError(f"refused to fetch {url!r}")
    path = Path(unquote(url.removeprefix("file://").split("?")[0])).resolve()
    if not path.is_relative_to(ASSETS.resolve()) or not path.is_file():
        raise ValueError(f"refused to fetch {url!r}")
    return path


class _Renderer:
    """WeasyPrint objects built once per process: the fetcher, the font configuration, the parsed CSS.

    Re-parsing the stylesheet and re-initialising fontconfig on each render doubled the render time
    (measured in bench/bench_certificates.py). The lock keeps Pango/fontconfig to one render at a time.
    """

    def __init__(self):
        from weasyprint import CSS  # imported late: loading Pango costs ~0.3 s, most commands never need it
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class RestrictedFetcher(URLFetcher):
            def fetch(self, url, headers=None):
                path = resolve_asset(url)
                mime = "text/css" if path.suffix == ".css" else "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

        self.fetcher = RestrictedFetcher(allowed_protocols=("file",))
        self.font_config = FontConfiguration()
        css_url = (ASSETS / "certificate.css").as_uri()
        self.stylesheet = CSS(url=css_url, url_fetcher=self.fetcher, font_config=self.font_config)
        self.lock = threading.Lock()

    def write(self, html: str, identifier: bytes | None, stylesheets: list) -> bytes:
        from weasyprint import HTML

        document = HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=self.fetcher)
        with self.lock:
            pdf = document.write_pdf(stylesheets=stylesheets, font_config=self.font_config)
        return pdf if identifier is None else with_file_identifier(pdf, identifier)


def with_file_identifier(pdf: bytes, identifier: bytes) -> bytes:
    """The PDF with `identifier` as its trailer /ID (both halves, as the PDF spec asks of a new file).

    WeasyPrint's own pdf_identifier option makes pydyf serialise and compress every object a second time
    only to hash it (the 0.8 MB font stream included): 7-8 ms of a 60 ms certificate. `startxref` points
    at the start of the cross-reference dictionary (stream or trailer), so a key added inside it moves no
    offset that the file refers to.
    """
    xref_at = int(pdf[pdf.rindex(b"startxref") :].split()[1])
    inside = pdf.index(b"<<", xref_at) + 2
    return pdf[:inside] + b"/ID [(" + identifier + b") (" + identifier + b")]" + pdf[inside:]


@lru_cache(maxsize=1)
def renderer() -> _Renderer:
    """The process-wide renderer (created on first use)."""
    return _Renderer()


def certificate_html(doc: CertificateDocument) -> str:
    """The certificate page as HTML (A4 landscape, Chinese first with English below)."""
    template = _env.get_template("certificate.html")
    score = format_score(doc.score)
    return template.render(doc=doc, qr=qr_svg(doc.verify_url), score=score)


def format_score(score: float | None) -> str:
    """92.5 -> "92.5%", 100.0 -> "100%", None (no quiz in the rule) -> "—"."""
    if score is None:
        return "—"
    return f"{score:.1f}".removesuffix(".0") + "%"


def _identifier(doc: CertificateDocument) -> bytes:
    """A stable PDF /ID derived from the content, so a re-render is byte-identical."""
    return hashlib.sha256(repr(sorted(asdict(doc).items())).encode()).hexdigest()[:32].encode()


def render_pdf(doc: CertificateDocument) -> bytes:
    """Render one certificate to PDF bytes (deterministic for the same document)."""
    engine = renderer()
    return engine.write(certificate_html(doc), _identifier(doc), [engine.stylesheet])


def render_floor(text: str) -> bytes:
    """The benchmark floor: a one-line A4 landscape page in the same font, through the same renderer."""
    page = "<style>@page{size:A4 landscape}body{font-family:" + FONT_STACK + f"}}</style><p>{Markup.escape(text)}</p>"
    return renderer().write(page, None, [])
