"""HTML → PDF with WeasyPrint; CJK glyphs come from the Noto/WenQuanYi fonts and are embedded."""

from __future__ import annotations

from django.template.loader import render_to_string


class PdfUnavailable(Exception):
    """WeasyPrint's system libraries (pango) are missing on this machine."""


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, context)
    try:
        from weasyprint import HTML
    except OSError as exc:  # pango/harfbuzz not installed
        raise PdfUnavailable(
            "服务器缺少生成 PDF 所需的系统组件（pango），请安装 libpango-1.0-0 与中文字体后重试；"
            "也可下载 .xlsx 版本。"
        ) from exc
    return HTML(string=html).write_pdf()


def pdf_available() -> bool:
    """Whether WeasyPrint's system libraries load on this machine (tests skip PDF checks
    without them, as the browser tier does without chromium)."""
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True
