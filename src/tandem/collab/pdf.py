"""A practice's decision log as a PDF: each decision whole (context, options,
both positions, files by digest) with its signatures and the digest they
cover, so the paper copy can be checked against Tandem later."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from tandem.accounts.models import Organization
from tandem.collab.models import Decision
from tandem.signoff.models import Signature

# Debian's DejaVu covers accents and symbols the PDF base fonts lack; without
# it (fonts-dejavu-core not installed) Helvetica is used.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@cache
def _fonts() -> tuple[str, str]:
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdfmetrics.registerFont(TTFont("DejaVu", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(bold)))
        return "DejaVu", "DejaVu-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    font, bold = _fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=font, fontSize=9.5, leading=13)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=bold, fontSize=17),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=13),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName=bold, fontSize=10.5),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        "mono": ParagraphStyle("mono", parent=body, fontName="Courier", fontSize=7.5, leading=9),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text as a paragraph: escaped (reportlab reads markup), lines kept."""
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def _options(decision: Decision, s: dict[str, ParagraphStyle]) -> Table:
    head = ["", "Option", "For it", "Against it", "Cost", "Risk"]
    rows = [[_p(h, s["small"]) for h in head]]
    for i, option in enumerate(decision.options):
        mark = "Recommended" if decision.recommended == i else ""
        rows.append(
            [_p(f"{i + 1}. {mark}", s["small"])]
            + [_p(option.get(k, ""), s["small"]) for k in ("title", "pros", "cons", "cost", "risk")]
        )
    table = Table(
        rows,
        colWidths=[0.8 * inch, 1.3 * inch, 1.5 * inch, 1.5 * inch, 0.8 * inch, 0.8 * inch],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ebf1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _decision(
    decision: Decision, signatures: list[Signature], s: dict[str, ParagraphStyle]
) -> list[Flowable]:
    status = decision.get_status_display()
    when = f" on {decision.decided_at:%Y-%m-%d}" if decision.decided_at else ""
    out: list[Flowable] = [
        _p(f"{decision.reference} {decision.title}", s["h2"]),
        _p(f"{status}{when}", s["body"]),
    ]
    if decision.supersedes_id:
        out.append(_p(f"Supersedes {decision.supersedes.reference}.", s["body"]))  # type: ignore[union-attr]
    for label, text in (
        ("Context", decision.context),
        ("The practice's position", decision.practice_position),
        ("The provider's position", decision.provider_position),
        ("Discussion", decision.discussion),
    ):
        if text:
            out += [_p(label, s["h3"]), _p(text, s["body"])]
    if decision.options:
        out += [_p("Options", s["h3"]), _options(decision, s)]
    files = list(decision.files.all())
    if files:
        out.append(_p("Files", s["h3"]))
        out += [_p(f"{f.name} ({f.size} bytes) SHA-256 {f.sha256}", s["small"]) for f in files]
    out.append(_p("Signatures", s["h3"]))
    if not signatures:
        out.append(_p("None yet.", s["body"]))
    for sig in signatures:
        designation = f", {sig.signer_designation}" if sig.signer_designation else ""
        out.append(
            _p(
                f"{sig.get_meaning_display()} {sig.get_capacity_display().lower()} by "
                f"{sig.signer_name} <{sig.signer_email}> ({sig.signer_role}{designation}) "
                f"at {sig.signed_at:%Y-%m-%d %H:%M} UTC, proved by {sig.method}"
                + (f". “{sig.comment}”" if sig.comment else ""),
                s["body"],
            )
        )
        out.append(_p(f"content SHA-256 {sig.content_sha256}", s["mono"]))
    if decision.content_sha256:
        out.append(_p(f"Signed content SHA-256 {decision.content_sha256}", s["mono"]))
    out.append(Spacer(1, 14))
    return out


def decision_log(
    organization: Organization, rows: Sequence[Decision], *, query: str, now: datetime
) -> bytes:
    s = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=f"Decision log: {organization.name}",
        author="Tandem",
        leftMargin=0.7 * inch,
        rightMargin=0.7 * inch,
    )
    story: list[Flowable] = [
        _p(f"Decision log: {organization.name}", s["title"]),
        _p(
            f"Exported {now:%Y-%m-%d %H:%M} UTC. {len(rows)} "
            + ("decision" if len(rows) == 1 else "decisions")
            + (f" matching “{query}”." if query else "."),
            s["body"],
        ),
        _p(
            "Each signature covers the SHA-256 of the decision's canonical content; "
            "Tandem recomputes it on the decision's page.",
            s["small"],
        ),
        Spacer(1, 12),
    ]
    if not rows:
        story.append(_p("No decisions.", s["body"]))
    signed: dict[str, list[Signature]] = {}
    for sig in Signature.objects.filter(
        subject_type=Decision._meta.label_lower, subject_id__in=[str(d.uuid) for d in rows]
    ):
        signed.setdefault(sig.subject_id, []).append(sig)
    for decision in rows:
        parts = _decision(decision, signed.get(str(decision.uuid), []), s)
        story += [KeepTogether(parts[:2]), *parts[2:]]
    doc.build(story)
    return buffer.getvalue()
