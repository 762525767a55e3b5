"""Enumerations shared by the models, forms, API and extraction."""

from django.db import models


class DatePrecision(models.TextChoices):
    """How exactly a date is known."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class EventStatus(models.TextChoices):
    """Where an event stands: announced for later, happened, called off or moved."""

    SCHEDULED = "scheduled", "Scheduled"
    OCCURRED = "occurred", "Occurred"
    CANCELLED = "cancelled", "Cancelled"
    POSTPONED = "postponed", "Postponed"


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation or office"
    GOVERNMENT = "government", "Government"


class ParticipationRole(models.TextChoices):
    """What an actor did in an event."""

    PARTICIPANT = "participant", "Participant"
    CALLER = "caller", "Caller"
    RECIPIENT = "recipient", "Recipient"
    HOST = "host", "Host"
    GUEST = "guest", "Guest"
    SIGNATORY = "signatory", "Signatory"
    AUTHOR = "author", "Author or issuer"
    SPOKESPERSON = "spokesperson", "Spokesperson"
    SUBJECT = "subject", "Subject"


class PloverCategory(models.TextChoices):
    """PLOVER event categories (openeventdata/PLOVER), for interoperable exports."""

    NONE = "", "None"
    CONSULT = "CONSULT", "Consult"
    AGREE = "AGREE", "Agree"
    SUPPORT = "SUPPORT", "Support"
    COERCE = "COERCE", "Coerce"
    DEMAND = "DEMAND", "Demand"
    DISAPPROVE = "DISAPPROVE", "Disapprove"
    REJECT = "REJECT", "Reject"
    THREATEN = "THREATEN", "Threaten"
    PROTEST = "PROTEST", "Protest"
    MOBILIZE = "MOBILIZE", "Mobilize"
    SANCTION = "SANCTION", "Sanction"
    CONCEDE = "CONCEDE", "Concede"
    RETREAT = "RETREAT", "Retreat"
    AID = "AID", "Aid"
    ASSAULT = "ASSAULT", "Assault"
    FIGHT = "FIGHT", "Fight"


class FigureUnit(models.TextChoices):
    """Units of the numbers attached to events. Currencies use ISO 4217 codes."""

    USD = "USD", "US dollars"
    EUR = "EUR", "Euros"
    INR = "INR", "Indian rupees"
    CNY = "CNY", "Chinese yuan"
    CAD = "CAD", "Canadian dollars"
    MXN = "MXN", "Mexican pesos"
    GBP = "GBP", "Pounds sterling"
    JPY = "JPY", "Japanese yen"
    AUD = "AUD", "Australian dollars"
    NZD = "NZD", "New Zealand dollars"
    SGD = "SGD", "Singapore dollars"
    HKD = "HKD", "Hong Kong dollars"
    CHF = "CHF", "Swiss francs"
    KRW = "KRW", "South Korean won"
    MYR = "MYR", "Malaysian ringgit"
    THB = "THB", "Thai baht"
    IDR = "IDR", "Indonesian rupiah"
    BRL = "BRL", "Brazilian reais"
    SAR = "SAR", "Saudi riyals"
    AED = "AED", "UAE dirhams"
    ZAR = "ZAR", "South African rand"
    TRY = "TRY", "Turkish lira"
    PERCENT = "percent", "Per cent"
    PERCENTAGE_POINTS = "pp", "Percentage points"
    PERSONS = "persons", "Persons"
    AIRCRAFT = "aircraft", "Aircraft"
    FLIGHTS = "flights", "Flights"
    DAYS = "days", "Days"
    TONNES = "tonnes", "Tonnes"
    BARRELS = "barrels", "Barrels"
    COUNT = "count", "Count"


class LinkKind(models.TextChoices):
    """What one event is to another (``EventLink``: from → to). Each reads in both
    directions: the "from" event is an announcement of the "to" event, which took effect
    as announced in it (tracker.links words them)."""

    READOUT_OF = "readout_of", "Readout of"
    ANNOUNCES = "announces", "Announcement of"
    FOLLOW_UP_TO = "follow_up_to", "Follow-up to"
    RESPONSE_TO = "response_to", "Response to"
    CANCELS = "cancels", "Cancels"
    POSTPONES = "postpones", "Postpones"
