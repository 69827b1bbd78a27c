"""What the tests of the implementation review share: a cycle with accepted reports, and
the text of its files."""

import io

import docx
import pypdf

from programme.choices import ImplementationStatus
from reporting.choices import ReportState

EXCERPTS = {
    ("kg", "kg"): "Rangers counted forty ibex in Sarychat.",
    ("general", "kg"): "Data shared through the regional platform.",
    ("general", "tj"): "Argali survey results sent to the secretariat.",
    ("tj", "tj"): "Two new reserves were gazetted in Pamir.",
}


def accept_reports(world):
    """Accepted reports on three activities (two range states and a species), a draft and a
    submitted one that the review leaves out."""
    reports = []
    for (activity, state), progress in EXCERPTS.items():
        subject = world.kg if state == "kg" else world.tj
        author = world.kg_fp.user if state == "kg" else world.tj_fp.user
        reports.append(
            world.report(
                activity,
                range_state=subject,
                by=author,
                state=ReportState.ACCEPTED,
                status=ImplementationStatus.COMPLETED,
                progress=progress,
                obstacles="Late funding.",
            )
        )
    reports.append(
        world.report(
            "leopard",
            species=world.leopard,
            by=world.species_fp.user,
            state=ReportState.ACCEPTED,
            progress="Camera traps set along the snow leopard corridor.",
        )
    )
    world.report("landscape", state=ReportState.DRAFT, progress="Not yet public draft text.")
    world.report(
        "tj_leopard",
        range_state=world.tj,
        by=world.tj_fp.user,
        state=ReportState.SUBMITTED,
        progress="Submitted but not accepted text.",
    )
    return reports


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
