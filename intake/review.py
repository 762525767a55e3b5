"""One screen per article: the article with each draft's evidence marked in its colour, and
each draft as a card of real fields (countries, participants with an actor autocomplete,
topics, figures as rows) validated by the record's own rules, with accept, save, reject and
merge into an event that looks the same. Only the card that was sent is read; a bad value
is a message beside its field and nothing is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import conditional_escape, format_html, format_html_join

from tracker.choices import EventStatus, ParticipationRole
from tracker.dates import PartialDate, PartialDateError
from tracker.links import LINK_NAMES
from tracker.models import Actor, Country, Event, EventKind, Participation, Topic
from tracker.selectors.reference import find_actors
from tracker.validators import CONTROL
from tracker.validators import MESSAGE as CONTROL_MESSAGE

from . import drafts
from .extraction.people import title_country
from .models import ArticleImport, DraftEvent

COLOURS = 8  # evidence colours, as classes ev-0 … ev-7 in review.css
SCALES = [("1", "—"), ("1000", "thousand"), ("1000000", "million"),
          ("1000000000", "billion"), ("1000000000000", "trillion")]  # fmt: skip
CLOSE = 0.6  # how similar a spelling must be for the record's actor to be proposed


def _plain(value: str) -> str:
    if CONTROL.search(value):
        raise ValidationError(CONTROL_MESSAGE)
    return " ".join(value.split())


def _partial(value: str, what: str) -> PartialDate | None:
    value = value.strip()
    if not value:
        return None
    try:
        return PartialDate.parse(value)
    except (PartialDateError, ValueError):
        raise ValidationError(
            f"Not a {what}: write 2025-02-13, 2025-02 or 2025 (as precisely as known)."
        ) from None


def _autocomplete(form: forms.Form, name: str, model: Any, *, multiple: bool = False) -> None:
    """The admin's autocomplete (select2, searched through the admin of the model the
    field points to) on a form field, as on the model field ``model.name``."""
    field = form.fields[name]
    widget = AutocompleteSelectMultiple if multiple else AutocompleteSelect
    field.widget = widget(model._meta.get_field(name), admin.site)
    field.widget.choices = field.choices  # type: ignore[attr-defined]
    if multiple:  # each chosen item has its own remove button; no "clear all" in the list
        field.widget.is_required = True


class CardForm(forms.Form):
    """A draft's own fields."""

    title = forms.CharField(max_length=300, widget=forms.TextInput(attrs={"size": 60}))
    kind = forms.ModelChoiceField(EventKind.objects.all(), empty_label=None)
    status = forms.ChoiceField(choices=EventStatus.choices)
    start = forms.CharField(max_length=40, required=False, help_text="2025-02-13, 2025-02 or 2025.")
    end = forms.CharField(max_length=40, required=False, help_text="Only for a span.")
    countries = forms.ModelMultipleChoiceField(Country.objects.all(), required=False)
    topics = forms.ModelMultipleChoiceField(Topic.objects.all(), required=False)
    account_of = forms.ModelChoiceField(
        Country.objects.all(),
        required=False,
        label="The article is the account of",
        help_text="The government whose own readout or statement it is; empty for an "
        "independent report.",
    )
    link_kind = forms.ChoiceField(
        choices=[("", "—"), *LINK_NAMES], required=False, label="This event is"
    )
    link_to = forms.ModelChoiceField(
        Event.objects.all(),
        required=False,
        label="of the event",
        help_text="An earlier event the article refers to (proposed from its words).",
    )
    merge_into = forms.ModelChoiceField(
        Event.objects.all(), required=False, label="Merge into another event"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _autocomplete(self, "countries", Event, multiple=True)
        _autocomplete(self, "topics", Event, multiple=True)
        _autocomplete(self, "account_of", DraftEvent)
        _autocomplete(self, "link_to", DraftEvent)
        _autocomplete(self, "merge_into", DraftEvent)

    def clean_title(self) -> str:
        return _plain(self.cleaned_data["title"])

    def clean_start(self) -> str:
        start = _partial(self.cleaned_data["start"], "date")
        return start.isoformat() if start else ""

    def clean_end(self) -> str:
        end = _partial(self.cleaned_data["end"], "date")
        return end.isoformat() if end else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and PartialDate.parse(end).last_day < PartialDate.parse(start).first_day:
            self.add_error("end", "The end is before the start.")
        if end and not start and "start" not in self.errors:
            self.add_error("start", "Give the start of the span.")
        if bool(data.get("link_kind")) != bool(data.get("link_to")):
            missing = "link_to" if data.get("link_kind") else "link_kind"
            self.add_error(missing, "Give both what this event is and the event, or neither.")
        return data


class PersonForm(forms.Form):
    """A participant: an actor of the record (found by name, alias or spelling), or the
    name of a new one; the title held at the time; the country; the role."""

    actor = forms.ModelChoiceField(Actor.objects.all(), required=False, label="Actor")
    name = forms.CharField(max_length=200, required=False, label="or new actor")
    title = forms.CharField(max_length=200, required=False, label="Title at the time")
    country = forms.ModelChoiceField(Country.objects.all(), required=False)
    role = forms.ChoiceField(
        choices=ParticipationRole.choices, initial=ParticipationRole.PARTICIPANT
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _autocomplete(self, "actor", Participation)
        _autocomplete(self, "country", Actor)

    def clean_name(self) -> str:
        return _plain(self.cleaned_data["name"])

    def clean_title(self) -> str:
        return _plain(self.cleaned_data["title"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nameless = not data.get("actor") and not data.get("name") and "name" not in self.errors
        said = data.get("title") or data.get("country")  # something said of someone
        if said and not data.get("DELETE") and nameless:
            self.add_error("name", "Choose an actor or give the new actor's name.")
        return data


class FigureForm(forms.Form):
    label = forms.CharField(max_length=200)
    value = forms.DecimalField(max_digits=30, decimal_places=6)
    scale = forms.ChoiceField(choices=SCALES, initial="1", required=False)
    unit = forms.CharField(max_length=20, required=False, help_text="USD, persons, percent …")
    period = forms.CharField(
        max_length=40, required=False, help_text="2024, 2025-02 or 2025-01/2025-03."
    )
    change = forms.DecimalField(max_digits=30, decimal_places=6, required=False)
    change_unit = forms.CharField(max_length=20, required=False, initial="percent")

    def clean_label(self) -> str:
        return _plain(self.cleaned_data["label"])

    def clean_unit(self) -> str:
        unit = _plain(self.cleaned_data.get("unit") or "")
        if not unit:
            raise ValidationError("Give the unit (USD, persons, percent …).")
        return unit

    def clean_period(self) -> tuple[str, str]:
        text = self.cleaned_data.get("period", "").strip()
        if not text:
            return "", ""
        first, _, last = text.partition("/")
        start = _partial(first, "period")
        end = _partial(last, "period") if last else start
        if start is None or end is None:
            raise ValidationError("Write the period as 2024, 2025-02 or 2025-01/2025-03.")
        if end.last_day < start.first_day:
            raise ValidationError("The period ends before it starts.")
        return start.isoformat(), end.isoformat()

    def record(self) -> dict[str, Any]:
        data = self.cleaned_data
        scale = Decimal(data.get("scale") or "1")
        start, end = data["period"]
        change = data.get("change")
        return {
            "label": data["label"],
            "value": _number(data["value"] * scale),
            "unit": data["unit"],
            "period_start": start or None,
            "period_end": end or None,
            "change_value": _number(change) if change is not None else None,
            "change_unit": data.get("change_unit") or "" if change is not None else "",
        }


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


People = forms.formset_factory(PersonForm, extra=1, can_delete=True)
Figures = forms.formset_factory(FigureForm, extra=1, can_delete=True)


@dataclass
class Card:
    """A draft on the review screen: its forms, the events that look the same, and what
    matching found for its people."""

    draft: DraftEvent
    colour: int
    form: CardForm
    people: Any
    figures: Any
    similar: list[tuple[Event, str]] = field(default_factory=list)  # with who took part
    errors: list[str] = field(default_factory=list)

    @property
    def invalid(self) -> bool:
        return bool(
            self.errors or self.form.errors or self.people.total_error_count()
            or self.figures.total_error_count()
        )  # fmt: skip


def match_actor(person: dict[str, Any]) -> tuple[Actor | None, bool]:
    """The record's actor for a draft's person and whether it is certain: the chosen one
    or one of that name or alias (certain), else the closest spelling (trigram similarity
    on PostgreSQL), which is proposed, not chosen."""
    name = " ".join(str(person.get("name") or "").split())
    if person.get("actor_id"):
        return Actor.objects.filter(pk=person["actor_id"]).first(), True
    if not name:
        return None, False
    named = drafts.named_actor(name)
    if named is not None:
        return named, True
    close = find_actors(name).first()
    if close is not None and getattr(close, "similarity", 0) >= CLOSE:
        return close, False
    return None, False


def _initial_people(draft: DraftEvent) -> tuple[list[dict[str, Any]], list[Actor | None]]:
    """The draft's people as rows, and for each the record's actor proposed for it."""
    rows, proposed = [], []
    for person in draft.participants:
        actor, certain = match_actor(person)
        chosen = actor if certain else None
        code = person.get("country") or (chosen.country_id if chosen else None)
        rows.append(
            {
                "actor": chosen.pk if chosen else None,
                "name": "" if chosen else person.get("name", ""),
                "title": person.get("title") or (chosen.title if chosen else ""),
                "country": code if code and Country.objects.filter(pk=code).exists() else None,
                "role": person.get("role") or ParticipationRole.PARTICIPANT,
            }
        )
        proposed.append(None if certain else actor)
    return rows, proposed


def _initial_figures(draft: DraftEvent) -> list[dict[str, Any]]:
    rows = []
    for figure in draft.figures:
        start, end = figure.get("period_start"), figure.get("period_end")
        period = "" if not start else start if end in (None, start) else f"{start}/{end}"
        rows.append(
            {
                "label": figure.get("label", ""),
                "value": figure.get("value"),
                "scale": "1",
                "unit": figure.get("unit", ""),
                "period": period,
                "change": figure.get("change_value"),
                "change_unit": figure.get("change_unit") or "percent",
            }
        )
    return rows


def _initial(draft: DraftEvent) -> dict[str, Any]:
    countries = list(draft.countries)
    if not countries:  # the participants' titles say whose they are
        for person in draft.participants:
            code = person.get("country") or title_country(str(person.get("title") or ""))
            if code and code not in countries:
                countries.append(code)
    return {
        "title": draft.title,
        "kind": draft.kind_id,
        "status": draft.status,
        "start": draft.start,
        "end": draft.end,
        "countries": list(Country.objects.filter(pk__in=countries)),
        "topics": list(Topic.objects.filter(slug__in=draft.topics)),
        "account_of": draft.account_of_id,
        "link_kind": draft.link_kind,
        "link_to": draft.link_to_id,
        "merge_into": draft.merge_into_id,
    }


def card(draft: DraftEvent, colour: int, data: Any = None) -> Card:
    prefix = f"d{draft.pk}"
    rows, proposed = _initial_people(draft)
    people = People(data, initial=rows, prefix=f"{prefix}-people")
    for form, actor in zip(people.forms, proposed, strict=False):
        if actor is not None:
            details = ", ".join(p for p in (actor.title, str(actor.country or "")) if p)
            form.fields["actor"].help_text = (
                f"In the record, close to this name: {actor.name}"
                + (f" ({details})" if details else "")
                + ". Choose it above, or keep the new actor."
            )
    return Card(
        draft=draft,
        colour=colour,
        form=CardForm(data, initial=_initial(draft), prefix=prefix),
        people=people,
        figures=Figures(data, initial=_initial_figures(draft), prefix=f"{prefix}-figures"),
        similar=[
            (event, ", ".join(p.actor.name for p in event.participations.all()[:4]))
            for event in drafts.similar_events(draft)[:3]
        ],
    )


def cards(article: ArticleImport, sent: Card | None = None) -> list[Card]:
    """Every draft of the article as a card; the one that was sent as it was sent."""
    out = []
    for index, draft in enumerate(article.drafts.select_related("kind", "event")):
        if sent is not None and draft.pk == sent.draft.pk:
            sent.colour = index % COLOURS
            out.append(sent)
        else:
            out.append(card(draft, index % COLOURS))
    return out


def _store(entry: Card) -> None:
    """The card's values into its draft (valid forms only)."""
    data = entry.form.cleaned_data
    draft = entry.draft
    draft.title = data["title"]
    draft.kind = data["kind"]
    draft.status = data["status"]
    draft.start, draft.end = data["start"], data["end"]
    draft.countries = [c.code for c in data["countries"]]
    draft.topics = [t.slug for t in data["topics"]]
    draft.merge_into = data.get("merge_into")
    draft.account_of = data.get("account_of")
    draft.link_kind = data.get("link_kind") or ""
    draft.link_to = data.get("link_to")
    people = []
    for form in entry.people.forms:
        row = form.cleaned_data
        if not row or row.get("DELETE") or not (row.get("actor") or row.get("name")):
            continue
        actor = row.get("actor")
        people.append(
            {
                "name": actor.name if actor else row["name"],
                "actor_id": actor.pk if actor else None,
                "title": row.get("title") or "",
                "country": row["country"].code if row.get("country") else None,
                "role": row["role"],
            }
        )
    draft.participants = people
    draft.figures = [
        form.record()
        for form in entry.figures.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    draft.full_clean(exclude=["article", "kind", "event", "merge_into", "account_of", "link_to"])
    draft.save()


def act(entry: Card, action: str, *, user: Any, merge_target: Event | None = None) -> Event | None:
    """Do what the editor asked with the card: save, accept or merge (all or nothing);
    errors go on the card. Rejecting needs no valid fields."""
    if action == "reject":
        drafts.reject(entry.draft)
        return None
    forms_valid = (
        entry.form.is_valid() & entry.people.is_valid() & entry.figures.is_valid()
    )  # every form checked, so every error shows
    if not forms_valid:
        return None
    try:
        with transaction.atomic():
            _store(entry)
            if action == "save":
                return None
            if merge_target is not None:
                entry.draft.merge_into = merge_target
            return drafts.accept(entry.draft, user=user)
    except ValidationError as exc:
        _errors_onto(entry, exc)
    except (InvalidOperation, ValueError) as exc:
        entry.errors.append(str(exc))
    return None


def _errors_onto(entry: Card, error: ValidationError) -> None:
    fields = set(entry.form.fields)
    if hasattr(error, "error_dict"):
        for key, messages in error.message_dict.items():
            if key in fields:
                for message in messages:
                    entry.form.add_error(key, message)
            else:
                entry.errors.extend(f"{key}: {m}" if key != "__all__" else m for m in messages)
    else:
        entry.errors.extend(error.messages)


def accept_all(article: ArticleImport, *, user: Any) -> tuple[int, list[str]]:
    """Accept every open draft as it stands; (accepted, problems)."""
    done, problems = 0, []
    for draft in article.drafts.filter(state=DraftEvent.State.PENDING).select_related("kind"):
        try:
            drafts.accept(draft, user=user)
            done += 1
        except ValidationError as exc:
            problems.append(f"{draft.title}: {' '.join(exc.messages)}")
    return done, problems


@dataclass
class Named:
    """A person the article names, and the record's actor of that name (if any)."""

    name: str
    title: str
    country: str
    actor: Actor | None

    @property
    def retitled(self) -> bool:
        """The article gives a title other than the actor's current one (a new office,
        or one held then): the participation keeps the article's."""
        return bool(
            self.actor is not None
            and self.title
            and self.actor.title
            and self.title.casefold() != self.actor.title.casefold()
        )


def named_people(article: ArticleImport) -> list[Named]:
    """Everyone the article names (``ArticleImport.people``), with the record's actor."""
    people = [
        (" ".join(str(person["name"]).split()), person)
        for person in (article.people if isinstance(article.people, list) else [])
        if isinstance(person, dict) and str(person.get("name") or "").strip()
    ]
    actors = drafts.named_actors([name for name, _ in people])
    return [
        Named(
            name,
            str(person.get("title") or ""),
            str(person.get("country") or ""),
            actors.get(name),
        )
        for name, person in people
    ]


def marked(text: str, sentences: list[tuple[str, str]]) -> str:
    """The text, escaped, with each sentence found in it in a <mark> carrying its
    attributes (safe HTML, or ""); a sentence overlapping an earlier one stays unmarked."""
    flat = " ".join(text.split())
    pieces: list[tuple[int, int, str]] = []
    for sentence, attributes in sentences:
        start = flat.find(sentence)
        if start >= 0:
            pieces.append((start, start + len(sentence), attributes))
    out, cursor = [], 0
    for start, end, attributes in sorted(pieces, key=lambda piece: piece[:2]):
        if start < cursor:
            continue
        out.append(conditional_escape(flat[cursor:start]))
        out.append(format_html("<mark{}>{}</mark>", attributes, flat[start:end]))
        cursor = end
    out.append(conditional_escape(flat[cursor:]))
    return format_html_join("", "{}", ((piece,) for piece in out))


def marked_article(article: ArticleImport, entries: list[Card]) -> str:
    """The article, each draft's evidence marked in its colour and linked to its card."""
    return marked(
        article.text,
        [
            (
                entry.draft.evidence,
                format_html(' class="ev ev-{}" data-card="card-{}"', entry.colour, entry.draft.pk),
            )
            for entry in entries
            if entry.draft.evidence
        ],
    )


def media() -> forms.Media:
    """The scripts and styles the cards' widgets need, each once."""
    return CardForm().media + PersonForm().media + FigureForm().media
