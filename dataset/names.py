"""Small built-in word lists for fictional people, schools and web content.

No real person is named; combinations are picked with the generator's seeded
``random.Random`` only, so the same seed always gives the same names.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Amira", "Zoë", "Oisín", "Maja", "Kwame", "Chloé", "Idris", "Łucja", "Theo", "Anaïs",
    "Rohan", "Siobhán", "Mateus", "Freya", "Yusuf", "Inés", "Jakub", "Noémie", "Ezra",
    "Aoife", "Kofi", "Leïla", "Rafael", "Hana", "Dawid", "Elif", "Tomás", "Priya", "Björn",
    "Alfie", "Isla", "Oliver", "Ava", "Muhammad", "Poppy", "Arthur", "Lily", "Noah", "Grace",
    "Jack", "Evie", "Leo", "Ivy", "Oscar", "Sophia", "Harry", "Mia", "George", "Ruby",
)  # fmt: skip
LAST_NAMES = (
    "Khan", "Nowak", "Ó Briain", "Okafor", "Müller", "Patel", "García", "Hughes", "Begum",
    "Kowalski", "Lefèvre", "Mensah", "Davies", "Şahin", "Clarke", "Nguyen", "Wiśniewska",
    "Evans", "Costa", "Ahmed", "Brennan", "Smith", "Jones", "Taylor", "Brown", "Williams",
    "Wilson", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White",
    "Edwards", "Green", "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Adeyemi",
)  # fmt: skip
PLACES = (
    "Ashford", "Beacon", "Brook", "Cedar", "Chestnut", "Clover", "Elm", "Fairfield", "Fernhill",
    "Greenway", "Hawthorn", "Heath", "Hillside", "Holly", "Kingsley", "Larkrise", "Linden",
    "Maple", "Meadow", "Millbrook", "Northgate", "Oakfield", "Orchard", "Parkside", "Riverside",
    "Rowan", "St Anne's", "St Mark's", "Southfields", "Springfield", "Stonebridge", "Sycamore",
    "Westway", "Willow", "Woodlands", "Yew Tree",
)  # fmt: skip
KINDS = ("Primary School", "Primary Academy", "Junior School", "Infant and Junior School")
CLASS_TREES = (
    "Acorn", "Ash", "Beech", "Birch", "Cedar", "Elm", "Hazel", "Maple", "Oak", "Rowan", "Willow",
)  # fmt: skip

SITES = (
    ("www.youtube.com", "A video about the water cycle for the Year 4 topic."),
    ("www.bbc.co.uk", "A news clip used in a current-affairs lesson."),
    ("scratch.mit.edu", "A shared Scratch project the class will remix."),
    ("www.nasa.gov", "Pictures from the Mars rover for the space topic."),
    ("www.vimeo.com", "A short animation made by a children's author."),
    ("padlet.com", "A class wall for sharing work with parents."),
    ("www.twitch.tv", "A live stream of a coding club event."),
    ("www.wikipedia.org", "Background reading on the Romans in Britain."),
    ("www.pinterest.co.uk", "Art ideas for the textiles unit."),
    ("www.tiktok.com", "A science teacher's short experiments."),
    ("www.reddit.com", "An ask-a-scientist thread the class wrote questions for."),
    ("www.instagram.com", "A museum's account with photographs of the exhibition."),
)
BAD_SITES = (
    ("games-unblocked.example", "Online games with adverts for gambling."),
    ("free-proxy.example", "A proxy that gets round the school's filter."),
    ("chat-random.example", "A chat site that pairs children with strangers."),
    ("scary-clips.example", "Violent video clips shown in search results."),
    ("cheap-vapes.example", "Adverts selling vapes to young people."),
    ("fake-prizes.example", "Pop-ups saying the child has won a prize."),
)
REASONS = (
    "The video is the best explanation I have found for this unit.",
    "The children will use it in class, supervised, for one lesson.",
    "It is needed for the parents' workshop on online safety.",
    "The resource is recommended by the local authority's scheme of work.",
)
RISKS = (
    "Comments and suggested videos: I will show it full screen from my laptop.",
    "Adverts may appear; the children will not use it on their own.",
    "Other users' content: I have checked the pages we will use.",
)
INCIDENT_TEXTS = (
    "A pupil reported unkind messages in a group chat over the weekend.",
    "A parent reported that their child had been contacted by an adult they did not know.",
    "A pupil saw upsetting content on a video site during wet play.",
    "The filter flagged repeated attempts to reach a proxy site from a class laptop.",
    "Concerns were raised about comments a member of staff posted online.",
    "Images were shared between pupils on a messaging app outside school.",
)
NOTES = (
    "Spoke to the class teacher; will keep an eye on the group at playtimes.",
    "Parents informed by phone; they will check the child's devices.",
    "Followed up with the pupil: they feel safe and know who to tell.",
    "Discussed at the safeguarding meeting; no further concerns.",
)
COMPLAINT_SUBJECTS = (
    "Photographs of pupils on the school's social media",
    "How a cyberbullying report was handled",
    "Mobile phones in school",
    "The school's use of a class messaging app",
    "Blocked websites needed for homework",
)
TRAINING_TITLES = (
    "Safeguarding induction for new staff",
    "Social media policy: annual update",
    "E-safety briefing: online gaming",
    "E-safety briefing: sharing nudes and semi-nudes (UKCIS)",
    "First aid refresher",
)
