"""The demo schools' access requests, content reports and register (PRODUCT.md §6).

Every record is made through the services, so its history, its register lines
and its notifications are the real ones, and together they cover every state.
The content is fictional and names no child.

Loading stays quick and quiet: the emails the services queue are marked as
not sent (the notifications stay in the bell), and the records' PDFs are left
for the outbox sweep (``run_periodic``) instead of being rendered in-process
when ``load_demo`` commits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from documents.services import REFRESH_JOB, RENDER_JOB
from forms_app.models import AccessLength, AccessRequest, Audience, ContentReport
from forms_app.services import (
    access_request_decide,
    access_request_record_reblocked,
    access_request_record_unblocked,
    access_request_revoke,
    access_request_submit,
    access_request_withdraw,
    access_requests_expire,
    content_report_close,
    content_report_record_blocked,
    content_report_submit,
    register_policy_block,
)
from jobs.models import Job, JobStatus
from notifications.services import EMAIL_JOB
from schools.calendar import school_today
from schools.models import School, SchoolClass, SocialNetwork
from schools.roles import Module, RecordKind, Role

# The demo's PDFs wait this long for the sweep, past its grace period.
PDF_DELAY = datetime.timedelta(minutes=1)
NOT_SENT = "Demo data: the email was not sent."


@dataclass(frozen=True)
class Cast:
    requester: User
    other: User
    reviewer: User
    network: User


def load_requests_and_reports(school: School, people: dict[str, User]) -> None:
    """Requests and reports in every state, and what the policy itself blocks. Idempotent."""
    _policy_blocks(school)
    if not school.has_module(Module.ACCESS_REQUESTS) or not school.has_module(
        Module.CONTENT_REPORTS
    ):
        return
    if AccessRequest.objects.for_school(school).exists():
        return
    cast = Cast(
        requester=people["teacher"],
        other=people["support"],
        reviewer=_reviewer(school, people),
        network=people["network"],
    )
    with demo_jobs_quiet(school):
        _requests(school, cast)
        _reports(school, cast)


def _reviewer(school: School, people: dict[str, User]) -> User:
    """The school's configured reviewer: Chestnuts' headteacher, Norris Bank's e-safety team."""
    roles = school.reviewer_roles(RecordKind.ACCESS_REQUEST)
    return people["head"] if not roles or Role.HEADTEACHER in roles else people["esafety"]


def _policy_blocks(school: School) -> None:
    if school.blocks_all_social_media:
        # Norris Bank 7.
        register_policy_block(
            school=school,
            site="All social media",
            reason=(
                "All social media websites are blocked by the network's firewalls "
                "(policy, Blocked content)."
            ),
            source="The school's policy",
        )
        return
    # Chestnuts 7.1.
    for network in SocialNetwork.objects.for_school(school).filter(blocked=True).order_by("name"):
        register_policy_block(
            school=school,
            site=network.name,
            reason=(
                "Blocked by the school's filter, as the policy says (7.1). "
                "Managed through the London Grid for Learning."
            ),
            source="The school's policy (7.1)",
        )


def _ask(
    school: School,
    by: User,
    url: str,
    content: str,
    reasons: str,
    risks: str,
    *,
    audience: Audience = Audience.STAFF,
    length: AccessLength = AccessLength.WEEK,
    year_group: int | None = None,
) -> AccessRequest:
    school_class = None
    if year_group is not None:
        school_class = SchoolClass.objects.for_school(school).filter(year_group=year_group).first()
        audience = Audience.CLASS if school_class is not None else audience
    return access_request_submit(
        school=school,
        by=by,
        url=url,
        site_content=content,
        reasons=reasons,
        risks=risks,
        audience=audience,
        access_length=length,
        school_class=school_class,
    )


def _approve(
    request: AccessRequest, cast: Cast, reason: str, until: datetime.date | None
) -> AccessRequest:
    return access_request_decide(
        request=request, by=cast.reviewer, approve=True, reason=reason, access_until=until
    )


def _unblock(request: AccessRequest, cast: Cast) -> AccessRequest:
    return access_request_record_unblocked(
        request=request, by=cast.network, unblocked_on=school_today(request.school)
    )


def _requests(school: School, cast: Cast) -> None:
    today = school_today(school)
    # Awaiting a decision.
    _ask(
        school,
        cast.requester,
        "https://scratch.mit.edu/projects/editor/?tutorial=getStarted",
        "Scratch, the block-based coding site, and its project gallery.",
        "Year 5 are making animated stories in computing and need to share their projects.",
        "Comments on shared projects; the class will use a teacher account with comments off.",
        length=AccessLength.HALF_TERM,
        year_group=5,
    )
    _ask(
        school,
        cast.other,
        "https://www.pinterest.co.uk/search/pins/?q=classroom%20display%20autumn",
        "Pinterest: pictures of classroom displays.",
        "Ideas for the autumn display boards in the Reception classroom.",
        "Adverts and unrelated pins; staff use only, never in front of pupils.",
    )
    # Withdrawn by the requester.
    withdrawn = _ask(
        school,
        cast.requester,
        "https://vimeo.com/channels/staffpicks/rainforest-layers",
        "A short documentary about the layers of the rainforest.",
        "Year 4 geography: rainforests.",
        "Other videos are suggested at the end; the teacher will stop before them.",
        year_group=4,
    )
    access_request_withdraw(
        request=withdrawn,
        by=cast.requester,
        reason="The same film is on BBC Teach, which is not blocked.",
    )
    # Refused.
    refused = _ask(
        school,
        cast.other,
        "https://www.tiktok.com/@example.dance/video/7300000000000000000",
        "A dance routine video on TikTok.",
        "To learn the routine for the Year 2 PE lesson.",
        "TikTok is social media: comments and other videos are shown beside it.",
        year_group=2,
    )
    access_request_decide(
        request=refused,
        by=cast.reviewer,
        approve=False,
        reason=(
            "TikTok stays blocked, as the policy says. Please ask the PE lead for the "
            "routine's video saved on the school's shared drive."
        ),
    )
    # Approved, waiting for the network manager to unblock it.
    _approve(
        _ask(
            school,
            cast.requester,
            "https://www.bbc.co.uk/bitesize/topics/zwmpfg8/articles/zjcxtrd",
            "A BBC Bitesize page about the Romans in Britain, with an embedded video.",
            "Year 3 history topic: the video does not play through the filter.",
            "None known: an educational site for primary pupils.",
            length=AccessLength.TERM,
            year_group=3,
        ),
        cast,
        "BBC Bitesize is made for primary pupils; open it for the rest of the term.",
        today + datetime.timedelta(days=90),
    )
    # Unblocked, ending within a week (the reviewer's digest says so).
    _unblock(
        _approve(
            _ask(
                school,
                cast.requester,
                "https://www.youtube.com/watch?v=volcano-eruption-year4",
                "A YouTube video of a volcano erupting, made for schools.",
                "Year 4 volcano topic: the video shows how lava flows.",
                "Suggested videos and comments; shown full screen by the teacher only.",
                year_group=4,
            ),
            cast,
            "A short, suitable video; the teacher will show it full screen.",
            today + datetime.timedelta(days=5),
        ),
        cast,
    )
    # Two approvals that end today: one expires (tomorrow, below), one is then blocked again.
    _unblock(
        _approve(
            _ask(
                school,
                cast.other,
                "https://www.ordnancesurvey.co.uk/mapzone/map-skills",
                "Ordnance Survey MapZone: map-reading games.",
                "Map skills group for Year 6 this week.",
                "None known.",
                length=AccessLength.DAY,
                year_group=6,
            ),
            cast,
            "Suitable for the map skills group.",
            today,
        ),
        cast,
    )
    reblock = _unblock(
        _approve(
            _ask(
                school,
                cast.requester,
                "https://www.coolmathgames.com/0-times-tables-race",
                "A times-tables race game on a maths games site.",
                "Times-tables practice before the Year 4 multiplication check.",
                "Adverts for other games on the site.",
                length=AccessLength.DAY,
                year_group=4,
            ),
            cast,
            "For the practice session only: the site shows adverts.",
            today,
        ),
        cast,
    )
    # Revoked after the site was opened: the network manager must block it again.
    access_request_revoke(
        request=_unblock(
            _approve(
                _ask(
                    school,
                    cast.requester,
                    "https://padlet.com/year6class/science-questions",
                    "A Padlet wall where the class posts questions about space.",
                    "Year 6 science: pupils post questions for a visiting scientist.",
                    "Anyone with the link could post; the teacher moderates posts.",
                    length=AccessLength.HALF_TERM,
                    year_group=6,
                ),
                cast,
                "Useful for the visit; the teacher moderates every post.",
                today + datetime.timedelta(days=30),
            ),
            cast,
        ),
        by=cast.reviewer,
        reason=(
            "Posts could be made anonymously; the class now uses the school's learning platform."
        ),
    )
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    access_requests_expire(now=tomorrow, school=school)
    access_request_record_reblocked(request=reblock, by=cast.network, reblocked_on=today)


def _reports(school: School, cast: Cast) -> None:
    today = school_today(school)
    # Awaiting action: one a safeguarding issue (the DSL and headteacher are alerted).
    content_report_submit(
        school=school,
        by=cast.requester,
        urls=["https://colouring-fun.example.com/animals/lion"],
        site_content="A free colouring-in site used in wet play.",
        categories=["other"],
        nature=("An advert opened a chat site inviting children to talk privately with strangers."),
        safeguarding=True,
    )
    content_report_submit(
        school=school,
        by=cast.other,
        urls=["https://quiz-zone.example.net/celebrity-quiz"],
        site_content="A quiz site found in a search for spelling games.",
        categories=["violence"],
        nature="Pictures from a horror film shown beside the quiz questions.",
        safeguarding=False,
    )
    # Blocked by the network manager, with the filtering provider's case reference.
    blocked = content_report_submit(
        school=school,
        by=cast.requester,
        urls=[
            "https://free-games.example.org/puzzles/jigsaw",
            "https://spin-bonus.example.com/welcome",
        ],
        site_content="A free online games site used for wet-play puzzles.",
        categories=["gambling"],
        nature="A pop-up advertising an online casino with a 'spin to win' bonus.",
        safeguarding=False,
    )
    content_report_record_blocked(
        report=blocked,
        by=cast.network,
        blocked_on=today,
        provider_reference="LGFL-48213" if school.slug == "chestnuts" else "ITS-2291",
    )
    # Closed with no action, with the reason.
    closed: ContentReport = content_report_submit(
        school=school,
        by=cast.other,
        urls=["https://www.bbc.co.uk/bitesize/articles/z9khwty"],
        site_content="A BBC Bitesize science page about the human body.",
        categories=["other"],
        nature="A labelled diagram of the human body.",
        safeguarding=False,
    )
    content_report_close(
        report=closed,
        by=cast.reviewer,
        reason="The page is part of the Year 6 science curriculum; it stays open.",
    )


@contextmanager
def demo_jobs_quiet(school: School) -> Iterator[None]:
    """The emails the demo's moves queue are not sent; their PDFs wait for the sweep.

    Job rows are the outbox, not audited records: plain updates lose no history.
    """
    after_pk = Job.objects.for_school(school).aggregate(top=Max("pk"))["top"] or 0
    yield
    jobs = Job.objects.for_school(school).filter(pk__gt=after_pk, status=JobStatus.PENDING)
    now = timezone.now()
    jobs.filter(kind=EMAIL_JOB).update(
        status=JobStatus.DONE, finished_at=now, result={"message": NOT_SENT}
    )
    # A refresh job lays the record out and asks for its render: both wait.
    jobs.filter(kind__in=[RENDER_JOB, REFRESH_JOB]).update(available_at=now + PDF_DELAY)
