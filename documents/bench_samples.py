"""Realistic documents for measuring the PDF service (``tests/bench``, docs/benchmarks).

``one_page_html()``: a blocked-content access request (Appendix 1) with its
decision, one A4 page. ``twenty_page_html()``: a school's filtering review
pack, the register of a year's decisions the DfE standards ask schools to
review, twenty A4 pages. Both come from ``templates/pdf/`` exactly as a
record's PDF does, and need no database::

    from documents.bench_samples import one_page_html
    from documents.pdf import render_pdf

    pdf = render_pdf(one_page_html())
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import cycle, islice
from typing import Any

from documents.services import draft_from_template
from schools.models import School

GENERATED_AT = datetime(2026, 3, 12, 15, 40, tzinfo=UTC)
# Entries in the review pack that fill exactly twenty pages (checked by a test).
REVIEW_PACK_ENTRIES = 58

# One line of the register per kind of request a primary school sees: the
# site, what it is, who it is for, why, the risks and the decision.
REQUESTS = (
    (
        "https://www.youtube.com/watch?v=5MgBikgcWnY",
        "Video sharing",
        "Year 4",
        "Clips for the science unit on the water cycle, chosen and watched in full "
        "beforehand; shown from the teacher's laptop on the board only.",
        "Adverts and suggested videos: the embedded player hides suggestions and the "
        "teacher controls the screen.",
        "Approved for one term: time-boxed, re-blocked at the end of term unless renewed.",
    ),
    (
        "https://padlet.com/chestnuts/year6-transition",
        "Online noticeboard",
        "Year 6",
        "Pupils post their questions for secondary school visits before transition day.",
        "Comments from strangers: the board is private to the class and every post "
        "waits for the class teacher's approval.",
        "Approved: educational value outweighs the risks with the controls described.",
    ),
    (
        "https://scratch.mit.edu/projects/editor/",
        "Programming for children",
        "Year 5",
        "Coding club projects are shared between school and home; pupils use class "
        "accounts with no personal details.",
        "Pupils could see other users' projects: a shared class studio only, and "
        "reported projects are removed.",
        "Approved: the site is designed for children and moderated.",
    ),
    (
        "https://www.bbc.co.uk/newsround",
        "News for children",
        "the whole school",
        "Daily news round-up in PSHE; classes discuss how news is made and checked.",
        "Distressing stories: the teacher previews each bulletin before the lesson.",
        "Approved: a children's news service with its own editorial safeguards.",
    ),
    (
        "https://www.tiktok.com/@natgeo",
        "Short videos",
        "Year 3",
        "Animal clips for the habitats topic.",
        "Pupils under 13 may not use the service; comments and suggested videos cannot "
        "be switched off.",
        "Rejected: Chestnuts 7.1, social networks stay blocked for pupils; the same clips "
        "are on the National Geographic Kids site.",
    ),
    (
        "https://www.pinterest.co.uk/search/pins/?q=rangoli",
        "Image sharing",
        "staff",
        "Ideas for the Diwali display and art lessons; staff only, on staff laptops.",
        "Unsuitable images in search results: staff only, never shown to pupils.",
        "Approved for staff for one term.",
    ),
    (
        "https://web.whatsapp.com/",
        "Messaging",
        "staff",
        "To message parents about the residential trip from the school office.",
        "Staff would use personal accounts to contact parents (Chestnuts 5.6–5.7).",
        "Rejected: parents are contacted through the school's own messaging service.",
    ),
)


def sample_school() -> School:
    """An unsaved school: the samples never touch the database."""
    return School(name="Chestnuts Primary School", slug="chestnuts", time_zone="Europe/London")


def one_page_html() -> str:
    """A blocked-content access request (Appendix 1) and its decision: one page."""
    return _html(
        "Request to unblock a website — Appendix 1",
        "AR-2026-0042",
        {
            "heading": "Request for access to blocked content",
            "intro": "Made under Chestnuts Primary School's social media and e-safety policy, "
            "section 7: the headteacher decides, and the decision is final (7.5).",
            "sections": [
                {
                    "heading": "The request",
                    "compact": True,
                    "fields": [
                        ("Requested by", "Tom Turner, class teacher, Year 4"),
                        ("Submitted", "9 March 2026 at 08:12"),
                        ("Needed by", "16 March 2026"),
                        ("Who will use it", "Year 4 (Oak class), through the teacher"),
                        ("How long access is needed", "Until the end of the spring term"),
                    ],
                },
                {
                    "heading": "The site",
                    "fields": [
                        ("Full address (URL)", REQUESTS[0][0]),
                        (
                            "What the site contains",
                            "Video sharing: a National Geographic "
                            "Kids clip on the water cycle, 4 minutes, no comments shown.",
                        ),
                        ("Why access is needed", REQUESTS[0][3]),
                        ("Risks and how they will be managed", REQUESTS[0][4]),
                        (
                            "Earlier decisions on this site",
                            "Approved for Year 3 in "
                            "October 2025 (science); rejected for pupil log-ins in May 2025.",
                        ),
                    ],
                },
                {
                    "heading": "Decision",
                    "compact": True,
                    "fields": [
                        ("Decision", "Approved for one term"),
                        ("Decided by", "Harriet Hale, headteacher"),
                        ("Decided on", "10 March 2026 at 16:30"),
                        ("Unblocked on", "11 March 2026, by Nia Newton (network manager)"),
                        ("To be re-blocked", "3 April 2026"),
                        ("Reason", "Educational value outweighs the risks with the controls."),
                    ],
                },
            ],
        },
    )


def twenty_page_html() -> str:
    """The filtering review pack: a year's decisions, one block each, twenty pages."""
    return _html(
        "Filtering review pack 2025–26",
        "CHESTNUTS-REVIEW-2025-26",
        {
            "heading": "Filtering review pack 2025–26",
            "intro": "Every decision on a request to unblock a website this school year, with "
            "its reasons, for the annual review of filtering and monitoring.",
            "sections": [
                {
                    "heading": "Decisions, oldest first",
                    "entries": list(islice(_review_entries(), REVIEW_PACK_ENTRIES)),
                }
            ],
        },
    )


def _review_entries() -> Any:
    months = (
        "September 2025",
        "October 2025",
        "November 2025",
        "January 2026",
        "February 2026",
        "March 2026",
    )
    for number, (url, content, audience, reason, risk, decision) in enumerate(cycle(REQUESTS), 1):
        month = months[(number - 1) * len(months) // REVIEW_PACK_ENTRIES]
        yield {
            "heading": f"AR-2025-{number:04d} · {content}",
            "fields": [
                ("Site", url),
                ("Requested", f"{1 + number * 7 % 28} {month}, for {audience}"),
                ("Why access was needed", reason),
                ("Risks and controls", risk),
                ("Decision", decision),
            ],
        }


def _html(title: str, reference: str, context: dict[str, Any]) -> str:
    draft = draft_from_template(
        "pdf/record.html",
        context,
        school=sample_school(),
        subject_type="sample",
        subject_id=reference,
        title=title,
        reference=reference,
    )
    return draft.html_for(version=1, generated_at=GENERATED_AT)
