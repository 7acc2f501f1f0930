"""Wording shared by several checklists, and the UKCIS steps for nude images.

A sentence used by more than one school's list lives here once, so that a
correction reaches every list that cites it.
"""

from __future__ import annotations

from incidents.checklists.spec import CONSIDER, NUDE, URGENT, S, StepSpec

NOT_VIEWED = "Do not view, copy, print or forward the imagery; do not ask for it to be sent."
EVIDENCE = (
    "Save the evidence: screen prints of the messages or web pages, with the time and date "
    "of the incident. Add them to this incident's evidence."
)
PLATFORM_IF_REFUSED = (
    "If they refuse to remove it, decide what to do next: for example, report the content to "
    "the platform or internet service provider through its reporting tools, if it breaks "
    "their terms and conditions. Record the report and its reference."
)
PLATFORM_UNKNOWN = (
    "Nobody can be asked to remove it: report the content to the platform or internet "
    "service provider through its reporting tools, if it breaks their terms and conditions. "
    "Record the report and its reference."
)
POLICE_IF_SEVERE = (
    "The material is threatening, abusive, sexist, sexual or a hate crime: contact the "
    "police and record the report with its reference number, or record why the school "
    "decided not to."
)
LADO = (
    "Decide whether this is an allegation for the LADO (the member of staff may have harmed "
    "a child, or may pose a risk to children) or a low-level concern. For the LADO: the "
    "headteacher tells them within one working day, before any investigation. Record the "
    "decision and the reason (KCSIE Part 4)."
)
ILLEGAL_CONTENT = (
    "If the content may be illegal (sexual images of children, terrorist material), do not "
    "copy or share it: report child abuse images to the Internet Watch Foundation and "
    "terrorist material to the police, and record the report."
)
DO_NOT_REPLY = (
    "The member of staff does not accept the request or reply. They keep a screen print, "
    "then block or ignore the account."
)
WORRYING_CONTACT = (
    "If the contact worries you (it may not be who it says it is, or it is sexual or "
    "threatening), treat it as a safeguarding concern and tell the designated safeguarding "
    "lead."
)
CONDUCT_EVIDENCE = (
    "Save the evidence: screen prints of the posts or messages, with the time and date."
)


def _ukcis_steps(first: str) -> list[StepSpec]:
    """UKCIS "Sharing nudes and semi-nudes: advice for education settings" (2024)."""
    return [
        S(NUDE, first, due_days=0),
        S(
            NUDE,
            "The designated safeguarding lead holds an initial review with the staff involved: "
            "what happened, who is involved, and whether any child is at risk (UKCIS guidance).",
            due_days=URGENT,
        ),
        S(
            NUDE,
            "Refer to the police or children's social care at once if an adult is involved; if "
            "there is coercion, blackmail or grooming; if the images show acts unusual for the "
            "child's age or are violent; if a child under 13 is involved in sexual acts; or if a "
            "child is at immediate risk of harm. Record the decision and the reason, including "
            "a decision not to refer (UKCIS guidance, KCSIE).",
            due_days=URGENT,
        ),
        S(
            NUDE,
            "Tell the parents or carers and involve them, unless that would put the child at "
            "risk (UKCIS guidance).",
            due_days=URGENT,
        ),
        S(
            NUDE,
            "Talk to the children involved, if appropriate, without asking to see the images "
            "(UKCIS guidance).",
            due_days=2,
        ),
        S(
            NUDE,
            "If a phone or tablet must go to the police: take it, turn it off and lock it away "
            "until they collect it. Do not search it for the images (UKCIS guidance).",
            requirement=CONSIDER,
            due_days=URGENT,
        ),
        S(
            NUDE,
            "If the school deals with it without the police: ask the children to delete the "
            "images from their devices and online accounts, and to confirm that they have "
            "(UKCIS guidance).",
            requirement=CONSIDER,
        ),
        S(
            NUDE,
            "Help get the images taken down: a young person can use Report Remove, from Childline "
            "and the Internet Watch Foundation (UKCIS guidance).",
            requirement=CONSIDER,
        ),
    ]
