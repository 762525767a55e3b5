"""People named in a sentence: the record's actors (also by a surname only one of them
bears, after a title: "Secretary Rubio"), people introduced by a title before or after
their name ("Foreign Secretary Vikram Misri", "Wang Yi, China's foreign minister", "a
spokesperson for …, Name"; titles are a grammar in data/titles.toml) and people met again
by their surname."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.choices import ParticipationRole
from tracker.dates import MONTH_NUMBERS

from .gazetteer import COUNTRIES, COUNTRY_NAMES, TOKEN, Gazetteer
from .lexicon import (
    COUNTERPARTS,
    DEPARTMENT,
    HEADING_WORDS,
    HONORIFICS,
    PORTFOLIO,
    STOP_NAMES,
    TITLE_COUNTRY,
    TITLE_HELD_BY,
    TITLE_LACKED,
    TITLE_QUALIFIERS,
    TITLE_SYNONYMS,
    TITLES,
)


@dataclass
class Participant:
    name: str
    title: str = ""
    country: str | None = None
    role: str = ParticipationRole.PARTICIPANT
    # The country is the release's own, assumed because the text named none (a host met
    # abroad may be another's: pipeline.py may correct it).
    assumed: bool = field(default=False, compare=False)


def _alternatives(words: list[str]) -> str:
    """The words as a regular expression, longest first, any spacing between words."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_BARE_TITLE = (
    rf"(?:then-)?(?:(?:{_alternatives(TITLE_QUALIFIERS)})\s+){{0,2}}(?:{_alternatives(TITLES)})"
)
_ONE_TITLE = rf"{_BARE_TITLE}(?:\s+(?:for|of)\s+(?:{PORTFOLIO}|{DEPARTMENT}))?"
# A title, case-insensitive ("foreign minister" too), possibly two joined by "and", and
# the country it is of ("Prime Minister of the United Kingdom").
OF_COUNTRY = rf"(?:\s+of\s+(?:the\s+)?(?:{_alternatives(COUNTRY_NAMES)})\b)"
TITLE = (
    rf"(?i:{_ONE_TITLE}(?:,\s+{_ONE_TITLE}(?=,?\s+and\s))?(?:(?:,?\s+and\s+|\s*/\s*){_ONE_TITLE})?)"
    rf"{OF_COUNTRY}?"
)
# A side named by its office alone: "Russia's foreign minister", "his Australian
# counterpart", "the Indian Prime Minister" (no name after it).
UNNAMED = re.compile(
    rf"\b(?P<country>(?:[A-Z][\w.'’-]*\s+){{0,2}}[A-Z][\w.'’-]*?)(?:['’]s)?\s+"
    rf"(?:{TITLE}|counterpart)\b(?!\s+(?:[A-Z]|of\b))"
)


# "The Prime Minister spoke to President Biden", in Downing Street's readout.
THE_OFFICE = re.compile(rf"\b[Tt]he\s+(?:{TITLE})\b(?!\s+(?:[A-Z]|of\b))")


def unnamed_sides(sentence: str, home: str | None = None) -> list[str]:
    """The countries of the offices a sentence names without a holder; "the Prime
    Minister" alone is the source's own (``home``)."""
    found: list[str] = []
    for match in UNNAMED.finditer(sentence):
        for code in COUNTRIES.find(match.group("country")):
            if code not in found:
                found.append(code)
    if (
        home
        and home not in found
        and (THE_OFFICE.search(sentence) or FIRST_PERSON.search(sentence))
    ):
        found.append(home)
    return found


# "I spoke to Foreign Minister Mirzoyan", "we met": the source's own speaks.
FIRST_PERSON = re.compile(
    r"\b(?:I|[Ww]e)\s+(?:(?:have|had|also|then|recently|today|yesterday|again)\s+){0,2}"
    r"(?:spoke|met|called|talked|held|hosted|received|visited|travell?ed|discussed|signed)\b"
)


# An envoy's title names where they serve: "British Ambassador to Paraguay, Danielle Dunne".
TO_COUNTRY = rf"(?:\s+to\s+(?:the\s+)?(?:{_alternatives(COUNTRY_NAMES)})\b)"
# After a name, a title may name its office at length: "Dominic LeBlanc, Minister of
# Finance and Intergovernmental Affairs." (the sentence goes on with punctuation). An
# honorific starts the next person: "…, the Secretary of Defense, Mr Pete Hegseth".
OFFICE = (
    # Not ", and Giorgia Meloni, Italian Prime Minister": another person, listed.
    r"(?:\s+(?:of|for|to)\s+(?:the\s+)?[A-Z][\w'’-]*(?:(?:\s+and\s+|"
    r",\s+and\s+(?![A-Z][\w'’-]+\s+[A-Z][\w'’-]+,)|,\s+|\s+)"
    rf"(?!(?:{_alternatives(sorted(HONORIFICS))})\b)[A-Z][\w'’-]*){{0,5}}(?=\s*[,.;)]))"
)
# A word of a name: "Vikram", "LeBlanc", "François-Philippe", "Yoon-joo", "S.", "JD".
NAME_WORD = (
    r"(?:[A-Z][a-zà-ÿā-ž'’.]+(?:-?[A-Z][a-zà-ÿā-ž'’.]+)*(?:-[a-zà-ÿā-ž]+)*"
    r"|[A-Z]\.|\b[A-Z]{1,12}\b(?=\s+[A-Z][a-z])|(?<=[a-z]\s)[A-Z]{3,12}\b(?=,)"  # "Jean-Noël BARROT,"
    r"|(?:II|III|IV|VI|VII|VIII)\b"
    r"|(?:al|el|ad|as|ash|at|az|ar|an|abu|bin|ibn)-[A-Z][a-zà-ÿā-ž'’]+"  # "el-Sisi", "al-Sharaa"
    r"|[\"“][A-Z][a-z]+[\"”](?=\s+[A-Z]))"  # "Charles III", Thomas "Tommy" Pigott
)
# Lower-case particles inside names: "Mohammed bin Salman", "Ursula von der Leyen".
PARTICLE = r"(?:\s+(?:(?i:bin|bint|ibn|al)|el|de|da|do|dos|van|von|der|den|la|le|del))"
# "Ferdinand R. Marcos, Jr.", "Gilberto C. Teodoro Jr.": a generational suffix.
SUFFIX = r"(?:,?\s+(?:Jr|Sr)\.(?=[\s,;:)]|$))"
NAME = rf"(?P<name>{NAME_WORD}(?:{PARTICLE}{{0,2}}\s+{NAME_WORD}){{1,5}}{SUFFIX}?)"
# A title of a named body: "Chairman of the NPC Standing Committee Zhao Leji", "Speaker of
# the House of Representatives of Nigeria Abbas Tajudeen" (the body ends in one of these).
BODY_OF = (
    r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:of\s+(?:the\s+)?)?){0,4}?(?:Committee|Council|Assembly|House|"
    r"Parliament|Senate|Representatives|Commission|Party|Bureau|Union|Court|Bank|Forum|"
    r"Government|Cabinet|Congress|Federation|Organi[sz]ation)"
    r"(?:\s+of\s+(?:Ministers|State|Deputies))?"  # "President of the Council of Ministers"
    rf"(?:\s+of\s+(?:the\s+)?(?:{_alternatives(COUNTRY_NAMES)})\b)?)"
)
# How a royal or an envoy is addressed before the name, with the rank the title gave:
# "the King of Bahrain, His Majesty King Hamad bin Isa Al Khalifa".
ADDRESS = (
    r"(?:(?:(?:His|Her|Their)\s+(?:Royal\s+)?(?:Majesty|Highness|Excellency|Excellencies)|"
    r"H\.\s?E\.|H\.?R?\.?H\.?|HM)\s+(?:(?:King|Queen|Crown\s+Prince|Prince|Princess|Sheikh|Sheikha|Emir|Amir|"
    r"Sultan)\s+)?)"
)
PERSON = re.compile(
    # Not "MP, and Minister for Defence" after "Deputy Prime Minister John Rosso": a
    # member's letters after a name start no title.
    rf"\b(?!(?-i:MP|MNA|MLA),?\s+and\s)(?P<title>(?:{TITLE}|(?i:{_BARE_TITLE}){TO_COUNTRY}(?=,|\s+[A-Z])|(?i:{_BARE_TITLE}){BODY_OF})"
    r"(?:\s*\([A-Z][\w .,&'-]{1,40}\))?)"  # "Secretary (ER) Dammu Ravi"
    rf"(?:\s+|,\s+(?=[A-Z]))?{ADDRESS}?{NAME}"
)
# "Wang Yi, China's foreign minister," / "Jaishankar, the External Affairs Minister"
APPOSITIVE = re.compile(
    rf"{NAME},\s+(?:the\s+|a\s+)?(?P<org>(?:[A-Z][\w.'’-]*\s+){{0,3}}?)"
    rf"(?P<title>(?i:{_BARE_TITLE}){OFFICE}|{TITLE})\b"
    r"(?![ \t]+(?!(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Mon|Tue|Tues|Wed|Thu|Thur|"
    r"Thurs|Fri|Sat|Sun|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b)[A-Z][a-zà-ÿā-ž])"
    r"(?!\s+(?:for|of)\s+[A-Z])"  # "Xi Jinping, President of Kazakhstan Kassym-Jomart Tokayev"
)
# A country after a titled name: "King Felipe VI of Spain".
AFTER_NAME_OF = re.compile(
    r"\s+of\s+(?P<country>(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:of\s+)?){0,3}[A-Z][\w'’-]*)"
)
# The country after a titled surname: "Prime Minister Luxon of New Zealand", "President Yoon
# of the Republic of Korea".
AFTER_SURNAME_OF = re.compile(
    r"\s+of\s+(?P<country>(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:of\s+)?){0,3}[A-Z][\w'’-]*)"
)
# One name before a country's title: "Jaishankar, India's External Affairs Minister,".
APPOSITIVE_ONE = re.compile(
    rf"(?<![\w'’.-]\s)(?<![\w'’.-])\b(?P<name>[A-Z][a-zà-ÿā-ž'’-]{{2,}}),\s+(?:the\s+)?"
    rf"(?P<org>[A-Z][\w.-]*['’]s\s+|(?:[A-Z][\w.-]*\s+){{1,2}}?)(?P<title>{TITLE})\b"
)
# A leader named by country alone in a list of titled ones: "Russian President Vladimir
# Putin and Türkiye's Recep Tayyip Erdogan", "…, Azerbaijan's Ilham Aliyev, …", "with
# Colombia's foreign minister, Luis Gilberto Murillo, and Brazil's, Mauro Vieira".
LISTED_BY_COUNTRY = re.compile(
    rf"(?:,\s+|\band\s+|\b(?:including|among them)\s+)"
    rf"(?P<org>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?['’]s),?\s+{NAME}"
    r"(?=\s*(?:[,;.]|$|\s+(?:and|on|at|in)\b))"
)
# Hansard's "The Minister for Trade Policy and Economic Security (Mr Douglas Alexander)":
# the office at length, then the holder in brackets.
IN_BRACKETS = re.compile(
    rf"\b(?P<title>(?i:{_BARE_TITLE})(?:\s+(?:for|of)\s+(?:the\s+)?[A-Z][\w'’-]*"
    r"(?:(?:,?\s+and\s+|,\s+|\s+)[A-Z][\w'’-]*){0,6})?)\s*\("
    rf"(?:(?:{_alternatives(sorted(HONORIFICS))})\.?\s+)?{NAME}\)"
)
# Offices of international bodies, never a government's own.
OF_A_BODY = re.compile(r"\b(?:High\s+Representative|Secretary[- ]General|Commissioner)\b", re.I)
# "Chrispin Phiri, Spokesperson for the Minister of International Relations and
# Cooperation" at the end of a release: a spokesperson's office after the name.
SPOKESPERSON_AFTER = re.compile(
    rf"{NAME},\s+(?P<title>[Ss]pokes(?:person|man|woman)\s+(?:for|of|to)\s+(?:the\s+)?"
    r"[A-Z][^,.;:\n]{3,80}?)(?=\s*(?:[,.;)\n]|$))"
)
# An office whose portfolio the grammar does not know, then a holder of two names before
# a verb: "Minister for Border Security and Asylum Angela Eagle said:".
LOOSE_OFFICE = re.compile(
    rf"\b(?P<title>(?i:{_BARE_TITLE})\s+(?:for|of)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*(?:,?\s+and\s+|,\s+|\s+)){1,6}?)"
    r"(?P<name>[A-Z][a-zà-ÿā-ž'’-]+(?:\s+[A-Z]\.)?\s+[A-Z][a-zà-ÿā-ž'’-]+)"
    r"(?=\s*[:,]|\.\s*$|\s+(?:said|says|added|noted|stated|announced|told|welcomed|met|spoke)\b)"
)
# One plural title before two names: "Foreign Ministers Baiba Braze and Kęstutis Budrys",
# "Presidents Xi Jinping and Vladimir Putin": each holds the title.
_PLAIN_NAME = NAME.replace("(?P<name>", "(?:")
PLURAL_TITLE = re.compile(
    r"\b(?P<title>(?:(?:Foreign|Defen[cs]e|Trade|Finance|Prime|Deputy|Vice)\s+)?"
    r"(?:Presidents|Ministers|Premiers|Chancellors|Secretaries|Ambassadors|Kings|Leaders))"
    rf"\s+(?P<first>{_PLAIN_NAME})\s+and\s+(?P<second>{_PLAIN_NAME})"
)
SINGULAR = {"Secretaries": "Secretary"}
# Two countries' adjectives before a plural title, in the order of its two names.
RESPECTIVE = re.compile(
    r"\b(?P<first>[A-Z][\w'’-]+)\s+and\s+(?P<second>[A-Z][\w'’-]+)\s+"
    r"(?:counterparts|colleagues|leaders|presidents|ministers|heads of (?:state|government)),?\s*$"
)
# An office at length, its holder set off by commas: "The Minister of Foreign Affairs,
# African Cooperation and Moroccan Expatriates, Nasser Bourita, held talks".
COMMA_OFFICE = re.compile(
    rf"\b[Tt]he\s+(?P<title>(?i:{_BARE_TITLE})\s+(?:for|of)\s+(?:the\s+)?"
    r"[A-Z][\w'’-]*(?:(?:,?\s+and\s+|,\s+|\s+)[A-Z][\w'’-]*){0,7}?),\s+"
    rf"{NAME},"
)
# A release's byline: the minister's name on a line, each office on a line of its own
# ("Rt Hon Winston Peters" / "Deputy Prime Minister" / "Minister of Foreign Affairs").
BYLINE_NAME = re.compile(rf"(?:(?:{_alternatives(sorted(HONORIFICS))}|Rt|Right|The)\.?\s+)*{NAME}")
BYLINE_TITLE = re.compile(TITLE)
BYLINE_LINE = 80  # characters: longer lines are text, not a byline


def bylines(text: str) -> str:
    """The text with each byline paragraph written as its titles before the name
    ("Deputy Prime Minister and Minister of Foreign Affairs Winston Peters."), so that
    it introduces the person as any titled name does, with every office the byline gives."""
    out = []
    for part in re.split(r"(\n\s*\n)", text):
        lines = [line.strip() for line in part.strip().splitlines()]
        if (
            2 <= len(lines) <= 4
            and all(len(line) <= BYLINE_LINE for line in lines)
            and (named := BYLINE_NAME.fullmatch(lines[0]))
            and all(BYLINE_TITLE.fullmatch(line) for line in lines[1:])
        ):
            part = f"{' and '.join(lines[1:])} {named.group('name')}."
        out.append(part)
    return "".join(out)


POSSESSIVE = re.compile(r"['’]s?$")
# Styles a royal is known by with one name: "Sheikh Meshal", "Prince Faisal".
ROYAL_STYLES = {"Sheikh", "Sheikha", "Prince", "Princess"}
# An office named before a title ends in one of these words.
INSTITUTION = re.compile(
    r"(?:[A-Z][\w'’-]*\s+){0,2}(?:Department|Ministry|Office|Commission|Council|Agency|"
    r"Embassy|Police|Service|Secretariat)"
    # "Ministry of Foreign Affairs spokesperson Bretty Sarapuu"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,3})?(?=\s*$)"
)
# (A family name in capitals, as Japan's foreign ministry writes it: "Prime Minister
# TAKAICHI".)
TITLED_SURNAME = re.compile(
    rf"\b(?P<title>{TITLE})\s+(?P<surname>[A-Z][a-zà-ÿā-ž'’]+(?:-[A-Z]?[a-zà-ÿā-ž'’]+)*|"
    r"[A-Z]{4,}(?=[\s,.;:]|['’]s\b))(?![\w'’-])"
)
# Up to three capitalised words right before a title: "Indian", "India's", "White House".
# A word of time between them is skipped: "Ukraine's new foreign minister Andrii Sybiha".
ORG_BEFORE = re.compile(
    # Not a month's name: "On 5 November Polish President Karol Nawrocki".
    r"((?:(?!(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b)[A-Z][\w.'’-]*\s+(?:of\s+(?:the\s+)?)?){1,3})"
    r"(?:(?:new|newly[- ]appointed|newly[- ]elected|incoming|outgoing|then|current)\s+)?$"
)


def _org_before(sentence: str, at: int) -> str:
    """The capitalised words right before a title at ``at`` ("Indian", "India's"), or ""."""
    before = ORG_BEFORE.search(sentence[max(0, at - 60) : at])
    return before.group(1) if before else ""


# A qualifier before the country or office a title is of: "outgoing US President Joe
# Biden", "acting Iranian President Mohammad Mokhber", "Acting Presidential Communications
# Secretary Cesar Chavez".
QUALIFIED_ORG = re.compile(
    r"\b(?P<qualifier>(?i:outgoing|acting|interim|caretaker|former|incoming))\s+"
    r"(?:[A-Z][\w.'’-]*\s+){1,3}$"
)


def _qualifier(sentence: str, at: int) -> str:
    """The qualifier said before the country or office of a title at ``at``, or ""."""
    before = QUALIFIED_ORG.search(sentence[max(0, at - 80) : at])
    return before.group("qualifier").capitalize() if before else ""


# Longest first; not an office "for" a portfolio another government names so ("Secretary
# of State for Foreign, Commonwealth and Development Affairs" is no US Secretary of State).
_IMPLIED = [
    (re.compile(rf"\b{re.escape(' '.join(words.lower().split()))}\b(?! for\b)"), code)
    for words, code in sorted(TITLE_COUNTRY.items(), key=lambda item: -len(item[0]))
]


def title_country(title: str) -> str | None:
    """The country a title names ("Prime Minister of the United Kingdom"), or belongs to
    when only one government uses it ("Secretary of State")."""
    named = COUNTRIES.find(title)
    if named:
        return named[-1]
    lowered = " ".join(title.lower().split())
    for words, code in _IMPLIED:
        if words.search(lowered):
            return code
    return None


def _office_words(offices: Iterable[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{_alternatives(list(offices))})(?![\w-])", re.IGNORECASE)


_HELD_BY = _office_words(TITLE_HELD_BY)
_LACKED = {code: _office_words(offices) for code, offices in TITLE_LACKED.items()}
_HELD_BY_KEYS = {" ".join(office.lower().split()): office for office in TITLE_HELD_BY}


def own_country(title: str, home: str | None, sentence: str) -> str | None:
    """The country of a person the text titles without one: the source's own (``home``)
    when its government has the office; else, for an office the source's government lacks
    ("President Santiago Peña" in a British release) or one only some governments have
    ("Federal President", "Emir"), the one country of those that could hold it the
    sentence names, if one."""
    office = _HELD_BY.search(title)
    holders = (
        TITLE_HELD_BY[_HELD_BY_KEYS[" ".join(office.group(0).lower().split())]] if office else None
    )
    lacked = home is not None and (lack := _LACKED.get(home)) is not None and lack.search(title)
    if not lacked and (holders is None or home in holders):
        return home
    named = {
        code
        for code in COUNTRIES.find(sentence)
        if code != home and (holders is None or code in holders)
    }
    return named.pop() if len(named) == 1 else None


# "A spokesperson for the Indian foreign ministry, Randhir Jaiswal, said"
SPOKESPERSON = re.compile(
    rf"(?P<title>[Ss]pokes(?:person|man|woman) for (?:the )?(?P<org>[A-Z]?[\w ]{{3,40}}?)),\s+{NAME}"
)


def find_people(
    sentence: str,
    gazetteer: Gazetteer,
    people: dict[str, Participant],
    surnames: dict[str, str],
    introduced: set[str],
    home: str | None = None,
) -> list[Participant]:
    """People named in the sentence: the record's actors, people introduced by a title
    ("Foreign Minister Vikram Misri") here or earlier, and those met again by surname.
    At most MAX_PEOPLE are introduced by one article."""
    found: list[Participant] = []

    def add(person: Participant) -> None:
        if all(p.name != person.name for p in found):
            found.append(person)

    def introduce(
        raw_name: str, title: str, org: str, alone: bool = False, qualifier: str = ""
    ) -> bool:
        """Whether the words are taken for a person of that title."""
        # "Prime Minister Sanae Takaichi's Cabinet": the name ends where what it owns begins.
        raw_name = OWNER_TAIL.sub("", raw_name.strip())
        suffix = raw_name.endswith(("Jr.", "Sr."))  # "Marcos, Jr." keeps its point
        words = POSSESSIVE.sub("", raw_name.rstrip(".,;:") + ("." if suffix else "")).split()
        while words and words[-1] in STOP_NAMES:
            words.pop()
        dropped = ""
        while words and (
            words[0].rstrip(".") in HONORIFICS
            or words[0] in HEADING_WORDS
            or words[0].lower() in OFFICE_WORDS  # "President Xi Jinping, General Secretary …"
            or (len(words) > 2 and words[0] in PORTFOLIO_WORDS)  # "Education Chan Chun Sing"
            or (len(words) > 2 and COUNTRIES.names_a_place(words[0]))  # "UK Foreign …"
        ):
            dropped = words.pop(0)
        if len(words) == 1 and dropped in ROYAL_STYLES and title:
            # "the country's Emir, Sheikh Meshal": known by the style and one name, unless
            # the article has named them in full ("Meshal Al-Ahmad Al-Jaber Al-Sabah").
            fuller = [
                p
                for n, p in people.items()
                if n in introduced and n.split()[0] == words[0] and n != words[0]
            ]
            if fuller:
                add(fuller[0])
                return True
            words = [dropped, *words]
        if len(words) < (1 if alone else 2) or words[0] in STOP_NAMES:
            return False
        if words[-1] in BODY_WORDS:
            return False  # "Secretary General of the Palestine Liberation Organisation"
        # "IWAYA Takeshi": a family name in capitals is written as a name.
        words = [w.capitalize() if len(w) > 3 and w.isupper() else w for w in words]
        name = " ".join(words)
        if COUNTRIES.names_a_place(name):
            return False  # "Lok Sabha", "White House": a place, not a person
        title = " ".join(title.split())
        title = TITLE_SYNONYMS.get(title.lower(), title)
        # "Then-Chancellor Olaf Scholz": the office held at the time is the title.
        title = THEN.sub("", title)
        head, comma, tail = title.rpartition(", ")
        if comma and COUNTRIES.names_a_place(tail):
            # "Minister for Foreign Affairs, Australia": the office, then its country.
            title, org = head, f"{org} {tail}"
        codes = gazetteer.countries(org)
        country = codes[-1] if codes else title_country(title)
        sender = org.split()[-1] if org.split() else ""
        if (
            codes
            and re.search(r"\bto\s+(?:the\s+)?[A-Z]", title)
            and sender == POSSESSIVE.sub("", sender)
        ):
            # "British Ambassador to Paraguay": an envoy's title names both countries (not
            # "India's Ambassador to the United States": India's own envoy, as said).
            title = f"{sender} {title}"
        if org.rstrip().endswith("White House"):
            title, country = f"White House {title}", "US"
        elif org.strip() and org.strip() in title:
            pass  # "Spokesman for the Presidency": the office names itself
        elif office := INSTITUTION.search(org):
            # "State Department spokesperson": the office is part of the title (not the
            # country's adjective: "Chinese Foreign Ministry spokesperson").
            title = f"{_without_country(office.group(0))} {title}"
        elif (named := _organisation(org)) and (
            not COUNTRIES.names_a_place(named) or COUNTRIES.is_bloc(named)
        ):
            # "Blackstone chief executive", "NATO Secretary General": whose title.
            title = f"{named} {title}"
        if name not in people and len(introduced) >= MAX_PEOPLE:
            return False  # a list of hundreds of names is not an article's cast
        known = gazetteer.actors.get(name.lower()) or gazetteer.same_actor(name)
        if known is not None:
            name = known["name"]  # "Iwaya Takeshi" is the record's "Takeshi Iwaya"
        first = name not in introduced  # the text has not titled them yet
        introduced.add(name)
        if qualifier and not title.lower().startswith(qualifier.lower()):
            title = f"{qualifier} {title}"  # "outgoing US President": "Outgoing President"
        title = title[:1].upper() + title[1:]
        country = country or (known or {}).get("country")
        assumed = False
        if (
            country is None
            and (not _organisation(org) or INSTITUTION.search(org))
            and not OF_A_BODY.search(title)
        ):
            # "Foreign Minister Cho Tae-yul held a call with Chinese Foreign Minister Wang
            # Yi", in Seoul's release: a government names its own without a country (and
            # its offices: "Home Office Minister Seema Malhotra").
            country = own_country(title, home, sentence)
            assumed = country is not None
        person = people.get(name) or Participant(name, title, country, assumed=assumed)
        if not person.title or first or _fuller(title, person.title):
            # The title the text gives is the one held at the time, over the record's; of
            # two the text gives ("Foreign Minister Winston Peters", later "Deputy Prime
            # Minister and Minister of Foreign Affairs Winston Peters"), the fuller.
            person.title = title
        if not person.country or (person.assumed and not assumed and country):
            person.country, person.assumed = country, assumed
        if SPEAKS_FOR.search(person.title):
            person.role = ParticipationRole.SPOKESPERSON  # who speaks, not who took part
        people[name] = person
        if not PATRONYMIC.search(name):
            # Not "Al Khalifa" or "bin Abdulaziz": a house or a father's name many bear.
            surnames[words[-1]] = name
        if person.country in FAMILY_NAME_FIRST and len(words) in (2, 3):
            # "Chinese Foreign Minister Wang Yi", then "Wang was due to go on to Paris".
            surnames.setdefault(words[0], name)
        add(person)
        return True

    titled: list[tuple[int, int]] = []
    for match in PLURAL_TITLE.finditer(sentence):
        plural = match.group("title").split()
        one = SINGULAR.get(plural[-1], plural[-1].removesuffix("s"))
        title = " ".join([*plural[:-1], one])
        org = _org_before(sentence, match.start())
        orgs = [org, org]
        pair = RESPECTIVE.search(sentence[max(0, match.start() - 80) : match.start()])
        if pair and all(COUNTRIES.find(pair.group(side)) for side in ("first", "second")):
            # "his Latvian and Lithuanian counterparts, Foreign Ministers Baiba Braze and
            # Kęstutis Budrys": each of the one country named in turn.
            orgs = [pair.group("first"), pair.group("second")]
        for group, whose in zip(("first", "second"), orgs, strict=True):
            introduce(match.group(group), title, whose)
    for match in COMMA_OFFICE.finditer(sentence):
        if not COUNTRIES.names_a_place(match.group("name").split()[0]):
            titled.append(match.span())
            org = _org_before(sentence, match.start())
            introduce(match.group("name"), match.group("title"), org)
    long_offices = list(titled)
    persons: list[tuple[int, int]] = []  # "Title Name" read as a person
    for match in PERSON.finditer(sentence):
        if any(start <= match.start() < end for start, end in long_offices):
            continue
        titled.append(match.span())
        org = _org_before(sentence, match.start())
        of = AFTER_NAME_OF.match(sentence, match.end())
        if not gazetteer.countries(org) and of and gazetteer.countries(of.group("country")):
            # "King Felipe VI of Spain", "Sultan Haitham bin Tariq of the Sultanate of Oman"
            org = re.sub(r"^the\s+", "", of.group("country"))
        qualifier = _qualifier(sentence, match.start())
        if introduce(match.group("name"), match.group("title"), org, qualifier=qualifier):
            persons.append(match.span())
    for match in APPOSITIVE.finditer(sentence):
        if any(
            start < match.start() < end or match.start("title") <= start < match.end("title")
            for start, end in persons
        ):
            # "President of the New Development Bank Dilma Rousseff, Prime Minister of
            # India Narendra Modi": a list of titled names, not a name and its title.
            continue
        introduce(match.group("name"), match.group("title"), match.group("org") or "")
    for match in APPOSITIVE_ONE.finditer(sentence):
        if gazetteer.countries(match.group("org")) and match.group("name") not in surnames:
            introduce(match.group("name"), match.group("title"), match.group("org"), alone=True)
    for match in LISTED_BY_COUNTRY.finditer(sentence):
        if persons and gazetteer.countries(match.group("org")):
            introduce(match.group("name"), "", match.group("org"))
    for match in SPOKESPERSON.finditer(sentence):
        introduce(match.group("name"), match.group("title"), match.group("org"))
    for match in SPOKESPERSON_AFTER.finditer(sentence):
        introduce(match.group("name"), match.group("title"), "")
    for match in LOOSE_OFFICE.finditer(sentence):
        if any(start < match.end() and match.start() < end for start, end in titled):
            continue
        if re.search(r"(?:,|\band)\s*$", match.group("title")):
            continue  # "President of the Italian Republic, and Giorgia Meloni": two people
        titled.append(match.span())
        introduce(
            match.group("name"), match.group("title").strip(), _org_before(sentence, match.start())
        )
    for match in IN_BRACKETS.finditer(sentence):
        titled.append(match.span())
        introduce(match.group("name"), match.group("title"), _org_before(sentence, match.start()))
    for match in TITLED_SURNAME.finditer(sentence):
        # "President Trump", "Secretary Rubio": an actor of the record by a surname only
        # one of them bears, after a title; or, when neither the record nor the article
        # knows a person of that surname, a person known by it alone.
        surname = POSSESSIVE.sub("", match.group("surname"))
        surname = surname.capitalize() if surname.isupper() else surname
        if surname.lower().removesuffix("s") in TITLE_WORDS:
            continue  # "Director General/Director Generals": titles, no one named
        actor = gazetteer.surnames.get(surname)
        if actor is not None and (
            (surname in surnames and surnames[surname] != actor["name"])
            or not _may_hold(actor.get("title") or "", match.group("title"))
        ):
            # "Prime Minister Wong" after "Prime Minister Lawrence Wong": the article's
            # Wong, not the record's Foreign Minister Penny Wong.
            actor = None
            if surname in surnames:
                add(people[surnames[surname]])
                continue
        inside = any(start <= match.start() < end for start, end in titled)
        if actor is None and not inside and _lone_surname(sentence, match, surname, surnames):
            before = _org_before(sentence, match.start())
            title = " ".join(match.group("title").split())
            codes = gazetteer.countries(before)
            of = AFTER_SURNAME_OF.match(sentence, match.end())
            if not codes and of is not None:
                # "Prime Minister Luxon of New Zealand"
                codes = gazetteer.countries(of.group("country"))
            person = people.setdefault(
                surname,
                Participant(
                    surname,
                    title,
                    codes[-1]
                    if codes
                    else title_country(title)
                    or (None if before else own_country(title, home, sentence)),
                ),
            )
            surnames.setdefault(surname, surname)
            add(person)
        if actor is not None:
            add(
                people.setdefault(
                    actor["name"],
                    Participant(
                        actor["name"],
                        actor.get("title") or " ".join(match.group("title").split()),
                        actor.get("country"),
                    ),
                )
            )
    for match in COUNTERPART.finditer(sentence):
        # "Foreign Minister Takeshi Iwaya … his South Korean counterpart Cho Tae-yul": the
        # same office, of the country named before "counterpart".
        if any(start <= match.start("name") < end for start, end in titled):
            continue  # "his Sri Lankan counterpart, Foreign Minister Vijitha Herath"
        earlier = sentence[: match.start()]
        codes = gazetteer.countries(match.group("org"))
        # By surname, first or last ("Wang was scheduled to meet his French counterpart").
        named = [
            (max(earlier.rfind(p.name.split()[0]), earlier.rfind(p.name.split()[-1])), p)
            for p in people.values()
            if p.title
        ]
        at, holder = max(named, key=lambda n: n[0], default=(-1, None))
        if at < 0 and PRONOUN_SUBJECT.search(earlier):
            # "Last, he will meet his Singaporean counterpart, Lee Hsien Loong": the one
            # the story is about, the first of another country it named by office.
            others = (p for p in people.values() if p.title and p.country not in (None, *codes))
            at, holder = 0, next(others, None)
        if holder is not None and at >= 0 and codes:
            office = _without_country(re.sub(rf"{OF_COUNTRY}$", "", holder.title))
            common = COMMON_OFFICES.get(office.lower()) or FOREIGN_MINISTRY.sub(
                "Foreign Minister", office
            )
            # The office under the counterpart's own country's name for it: "his US
            # counterpart, Antony Blinken" is the Secretary of State.
            common = NATIONAL_OFFICES.get((common, codes[-1]), common)
            introduce(match.group("name"), common, match.group("org"))
    for actor in gazetteer.known_actors(ATTRIBUTIVE.sub(" ", sentence)):
        own = surnames.get(actor["name"].split()[-1])
        if own is not None and own != actor["name"] and actor["name"] not in sentence:
            continue  # "Wong" is the article's Lawrence Wong, not the record's Penny Wong
        add(
            people.setdefault(
                actor["name"],
                Participant(actor["name"], actor.get("title") or "", actor.get("country")),
            )
        )
    words = set(SURNAME_WORD.findall(sentence)) | set(TOKEN.findall(sentence))
    for surname, name in surnames.items():
        if surname in words:
            add(people[name])
    return found


OWNER_TAIL = re.compile(
    r"['’]s\s+(?:Cabinet|Government|Administration|Office|Party|Ministry|Coalition|Campaign)\b.*$"
)
# Where names are written with the family name first, the name a person is then called by.
FAMILY_NAME_FIRST = {"CN", "TW", "HK", "MO", "KR", "KP"}
PATRONYMIC = re.compile(r"\b(?:bin|bint|ibn)\b|\bAl\s+\w+$")
# A counterpart's office by the holder's, lower-cased (data/titles.toml [counterparts]).
COMMON_OFFICES = {office.lower(): common for office, common in COUNTERPARTS.items()}
# The common office and a country, to the one name that country gives it (data/titles.toml
# [implies]): ("Foreign Minister", "US") is "Secretary of State".
NATIONAL_OFFICES: dict[tuple[str, str], str] = {}
for _office, _common in COUNTERPARTS.items():
    if _office in TITLE_COUNTRY:  # the first name listed is the usual one
        NATIONAL_OFFICES.setdefault((_common, TITLE_COUNTRY[_office]), _office)
# A foreign minister's office at length, which a counterpart holds by its common name:
# "Minister of Foreign Affairs and the National Community Abroad".
FOREIGN_MINISTRY = re.compile(r"^Minister\s+(?:of|for)\s+Foreign\s+Affairs\b.*", re.I)
# A pronoun for the one whose counterpart is met: "he will meet", "At the summit she held".
PRONOUN_SUBJECT = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
# "his South Korean counterpart Cho Tae-yul", "her Indian counterpart, S. Jaishankar"
COUNTERPART = re.compile(
    rf"\b(?:his|her|their)\s+(?P<org>(?:[A-Z][\w'’-]*\s+){{1,2}})counterpart,?\s+{NAME}"
)


def _may_hold(held: str, title: str) -> bool:
    """An actor of the record whose title is ``held`` may be named by ``title``: no title
    known, a title as short as "President", or words in common ("Secretary" of "Secretary
    of State"); not "Prime Minister" for a Foreign Minister."""
    if not held:
        return True
    words = {w for w in title.lower().split() if w not in ("of", "the", "and", "for")}
    known = set(held.lower().split())
    return not words or (bool(words & known) and not ({"prime"} & words - known))


def _fuller(title: str, held: str) -> bool:
    """``title`` says more than ``held``: it has more words and takes in every word of it,
    or it names an office at length where ``held`` is its short form."""
    new, old = title.lower().split(), held.lower().split()
    return len(new) > len(old) and (set(old) <= set(new) or " of " in f" {title.lower()} ")


def _lone_surname(
    sentence: str, match: re.Match[str], surname: str, surnames: dict[str, str]
) -> bool:
    """ "President Trump" names a person by surname alone: not the first word of a full
    name ("President Donald Trump"), not a surname the article already gave in full, not
    a place or a word that starts sentences."""
    if surname in surnames or surname in STOP_NAMES or COUNTRIES.names_a_place(surname):
        return False
    if any(name.split()[0] == surname for name in surnames.values()):
        return False  # "President Lee" after "Lee Jae Myung": a family name written first
    if (
        surname.lower() in CALENDAR_WORDS
        or surname.lower() in TITLE_WORDS
        or surname in NOT_SURNAMES
    ):
        return False  # "Readout … Spokesperson September 21", "the Secretary General"
    return not re.match(r"\s+(?:[A-Z]|(?:bin|al|de|van|von)\s)", sentence[match.end() :])


CALENDAR_WORDS = {
    *MONTH_NUMBERS,
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
}
TITLE_WORDS = {word.lower() for title in (*TITLES, *TITLE_QUALIFIERS) for word in title.split()}
# Title words that are also first names ("Sultan Al Jaber", "Amir Khan Muttaqi"): never
# stripped from the front of a name.
OFFICE_WORDS = TITLE_WORDS - {
    "sultan", "emir", "amir", "king", "queen", "prince", "crown", "senior", "chief",
    "general", "union", "federal", "joint", "mayor", "speaker", "representative",
}  # fmt: skip
# Words of a portfolio ("Minister for Education Chan Chun Sing", "Minister for Trade
# Policy"): never the first word of a name, nor a surname.
PORTFOLIO_WORDS = {
    word
    for word in re.findall(r"[A-Z][a-z]{3,}", DEPARTMENT)
    if word not in {"Europe", "Africa", "Asia", "Pacific"}
} | {"Policy", "Region", "Province", "Affairs", "Cooperation", "Relations"}
# Capitalised words after a title that name a body, not a person ("Premier League").
BODIES = {
    "League", "Party", "House", "Council", "Office", "Ministry", "Department", "Court",
    "Bank", "Group", "Forum", "Club", "Cup", "Committee", "Commission", "Assembly",
}  # fmt: skip
NOT_SURNAMES = BODIES | PORTFOLIO_WORDS
# The last word of a body's name, never of a person's ("Liberation Organisation").
BODY_WORDS = BODIES | {
    "Organisation", "Organization", "Authority", "Agency", "Union", "Front", "Movement",
    "Association", "Alliance", "Institute", "University",
}  # fmt: skip
THEN = re.compile(r"^then[- ]", re.I)
# Words before a title that name no organisation.
NOT_ORGANISATIONS = {"Former", "Then", "Acting", "New", "Outgoing", "Incoming", "Interim"}


def _organisation(org: str) -> str:
    """Capitalised words before a title that name whose title it is ("Blackstone",
    "Bank of America", "Amritsar"), or "" when they are sentence words ("The")."""
    words = _without_country(org).split()
    if not words or any(w in STOP_NAMES or w in NOT_ORGANISATIONS for w in words):
        return ""
    return " ".join(words)


def _without_country(org: str) -> str:
    """The words of an office less a country's name or adjective before them:
    "Japanese Chief Cabinet" is the "Chief Cabinet"."""
    words = POSSESSIVE.sub("", org.strip()).split()
    whole = " ".join(words)
    if (
        COUNTRIES.names_a_place(whole)
        and not COUNTRIES.is_bloc(whole)
        and not INSTITUTION.search(whole)
    ):
        return ""  # "Saudi Arabia's Foreign Minister": the country's, no office of its own
    for size in (3, 2, 1):
        if len(words) > size and COUNTRIES.names_a_place(" ".join(words[:size])):
            return " ".join(words[size:])
    return whole


# A name that only qualifies a noun names no one taking part: "during the Trump
# Administration", "the Modi government".
ATTRIBUTIVE = re.compile(
    r"\b[A-Z][\w'’-]+(?=\s+(?:[Aa]dministration|[Gg]overnment|era|[Pp]residency|team|"
    r"[Cc]abinet|doctrine|camp|campaign)\b)"
)
SPEAKS_FOR = re.compile(r"\bspokes(?:person|man|woman)\b|\bpress secretary\b", re.I)
MAX_PEOPLE = 300  # people an article can introduce (beyond, names are not looked up)
SURNAME_WORD = re.compile(r"\w(?:[\w'’-]*\w)?")
