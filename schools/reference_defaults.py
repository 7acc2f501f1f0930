"""The platform's first reference lists, from Chestnuts' Appendices 4 and 5, brought up to date.

Only what can be relied on is written here:

- links are the services' help-centre (or, for mobile providers, home) pages,
  never deeper addresses that move;
- phone numbers are exactly those the school's policy gave, for providers that
  still exist, marked to be checked before use;
- services that have closed or merged stay in the list, retired, saying what
  became of them, so a parent's question about one can still be answered.

``last_checked`` starts empty: the platform administrator sets it in Django
admin on checking an entry. Entries are created once, by key
(``reference_defaults_ensure``); after that the administrator's edits win.
"""

from __future__ import annotations

from typing import Any

AS_GIVEN = "As given in the school's policy; check before use."

SOCIAL_NETWORKS: list[dict[str, Any]] = [
    {"key": "facebook", "name": "Facebook", "help_url": "https://www.facebook.com/help/"},
    {"key": "instagram", "name": "Instagram", "help_url": "https://help.instagram.com/"},
    {"key": "snapchat", "name": "Snapchat", "help_url": "https://help.snapchat.com/"},
    {"key": "tiktok", "name": "TikTok", "help_url": "https://support.tiktok.com/"},
    {"key": "whatsapp", "name": "WhatsApp", "help_url": "https://faq.whatsapp.com/"},
    {"key": "youtube", "name": "YouTube", "help_url": "https://support.google.com/youtube/"},
    {"key": "roblox", "name": "Roblox", "help_url": "https://en.help.roblox.com/"},
    {"key": "discord", "name": "Discord", "help_url": "https://support.discord.com/"},
    # The policy's "Twitter": the same service, renamed in 2023.
    {"key": "x", "name": "X (formerly Twitter)", "help_url": "https://help.x.com/"},
    {
        "key": "tumblr",
        "name": "Tumblr",
        "help_url": "https://help.tumblr.com/",
        "advice": "If you email Tumblr, take a screenshot as evidence and attach it.",
    },
    {"key": "kik", "name": "Kik Messenger", "help_url": "https://help.kik.com/"},
    {"key": "ask-fm", "name": "Ask.fm", "help_url": "https://ask.fm/"},
    {
        "key": "bbm",
        "name": "BBM (BlackBerry Messenger)",
        "retired": True,
        "advice": "BlackBerry closed its BBM messaging service for the public in 2019.",
    },
    {
        "key": "vine",
        "name": "Vine",
        "retired": True,
        "advice": "Vine closed in 2017; its videos are no longer shared there.",
    },
]

PHONE_PROVIDERS: list[dict[str, Any]] = [
    {
        "key": "o2",
        "name": "O2",
        "from_mobile": "4445 or 202",
        "pay_as_you_go": "08705 678 678",
        "pay_monthly": "0870 241 0202",
        "website_url": "https://www.o2.co.uk/",
        "numbers_note": AS_GIVEN,
    },
    {
        "key": "vodafone",
        "name": "Vodafone",
        "from_mobile": "191",
        "pay_as_you_go": "03333 040 191",
        "pay_monthly": "03333 048 069",
        "website_url": "https://www.vodafone.co.uk/",
        "numbers_note": AS_GIVEN,
    },
    {
        "key": "three",
        "name": "Three",
        "from_mobile": "333",
        "pay_as_you_go": "08433 733 333",
        "pay_monthly": "08433 733 333",
        "website_url": "https://www.three.co.uk/",
        "numbers_note": AS_GIVEN,
    },
    {
        "key": "ee",
        "name": "EE",
        "from_mobile": "150",
        "pay_as_you_go": "0800 956 6000",
        "pay_monthly": "0800 956 6000",
        "website_url": "https://ee.co.uk/",
        "numbers_note": AS_GIVEN,
    },
    {
        "key": "virgin",
        "name": "Virgin Mobile",
        "from_mobile": "789",
        "pay_as_you_go": "0345 6000 789",
        "pay_monthly": "0345 6000 789",
        "website_url": "https://www.virginmedia.com/",
        "numbers_note": AS_GIVEN,
    },
    {
        "key": "bt",
        "name": "BT Mobile",
        "pay_as_you_go": "08000 328 751",
        "pay_monthly": "08000 328 751",
        "website_url": "https://www.bt.com/",
        "numbers_note": AS_GIVEN,
    },
    # The old brands' numbers are left out on purpose: nobody should ring them.
    {
        "key": "orange",
        "name": "Orange",
        "retired": True,
        "advice": "Orange's UK mobile network is now EE: use EE's details.",
    },
    {
        "key": "t-mobile",
        "name": "T-Mobile",
        "retired": True,
        "advice": "T-Mobile's UK network is now EE: use EE's details.",
    },
]
