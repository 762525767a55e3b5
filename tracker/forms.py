"""Forms: partial dates typed as text, aliases one per line."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from .dates import PartialDate, PartialDateError
from .models import (
    Actor,
    ArticleImport,
    Country,
    DraftEvent,
    Event,
    Subscription,
    normalise_aliases,
)
from .services import set_countries

DATE_HELP = "Type what is known: 2025, Feb 2025, 2025-02, 21 Mar 2025 or 2025-03-21."


class PartialDateField(forms.CharField):
    """A text field that cleans to a PartialDate (or None when empty and not required)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "e.g. Feb 2025")
        self.widget.attrs.setdefault("size", 16)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, PartialDate):
            return value.display()
        return value

    def clean(self, value: Any) -> PartialDate | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return PartialDate.parse(text)
        except PartialDateError as exc:
            # The message quotes the input, which may contain "%": pass it as a parameter.
            raise forms.ValidationError(
                "%(message)s", code="invalid_partial_date", params={"message": str(exc)}
            ) from exc


class EventAdminForm(forms.ModelForm):
    """The event form: one text field per end of the date, precision inferred from it."""

    start_text = PartialDateField(label="Date", required=True)
    end_text = PartialDateField(
        label="Until",
        required=False,
        help_text="Only for spans (2009 to 2024): the last date, typed the same way.",
    )
    country_set = forms.ModelMultipleChoiceField(
        label="Countries",
        queryset=Country.objects.all(),
        required=False,
        help_text="The states involved.",
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "status",
            "summary",
            "notes",
            "countries",
            "topics",
            "tags",
            "related",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and self.instance.start is not None:
            self.initial["start_text"] = self.instance.start_date
            self.initial["end_text"] = self.instance.end_date
            self.initial["country_set"] = list(self.instance.countries.all())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: PartialDate | None = cleaned.get("start_text")
        end: PartialDate | None = cleaned.get("end_text")
        if start is not None and end is not None and end.first_day < start.first_day:
            self.add_error("end_text", "The end comes before the start.")
        return cleaned

    def _post_clean(self) -> None:
        start = self.cleaned_data.get("start_text")
        if start is not None:
            self.instance.start_date = start
            self.instance.end_date = self.cleaned_data.get("end_text")
            if self.instance.end_date == start:
                self.instance.end_date = None
        super()._post_clean()  # type: ignore[misc]

    def _save_m2m(self) -> None:
        super()._save_m2m()  # type: ignore[misc]
        set_countries(event=self.instance, countries=self.cleaned_data.get("country_set") or [])


class AliasesField(forms.CharField):
    """Aliases edited as text, one per line; cleans to a list of names."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return normalise_aliases(text.splitlines())


class ActorAdminForm(forms.ModelForm):
    aliases = AliasesField(required=False, help_text="Other names used in sources, one per line.")

    class Meta:
        model = Actor
        fields = ["name", "aliases", "kind", "country", "title"]


class MergeForm(forms.Form):
    """Choose which of the selected rows to keep; the others are folded into it."""

    keep = forms.ModelChoiceField(
        queryset=Actor.objects.none(), widget=forms.RadioSelect, label="Keep"
    )

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["keep"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


HOURS = [(h, f"{h:02d}:00") for h in range(24)]


def canonical_filters(value: str) -> str:
    """A view's filters checked as the timeline checks them, in a canonical form: the
    timeline's own filters only, in order, without empty values (nor its page cursor)."""
    from urllib.parse import urlencode

    from django.http import QueryDict

    from .filters import EventFilter

    data = QueryDict(value.lstrip("?"))
    pairs = [
        (key, item)
        for key, values in data.lists()
        if key in EventFilter.base_filters
        for item in values
        if item.strip()
    ]
    filterset = EventFilter(QueryDict(urlencode(pairs)), queryset=Event.objects.none())
    if pairs and not filterset.is_valid():
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items())
        raise forms.ValidationError(f"These filters are not valid ({problems}).")
    return urlencode(pairs)


class SubscribeForm(forms.ModelForm):
    """ "Email me a weekly digest of this view": the view's filters come along hidden."""

    hour = forms.TypedChoiceField(choices=HOURS, coerce=int, initial=8)

    class Meta:
        model = Subscription
        fields = ["email", "filters", "weekday", "hour", "timezone"]
        widgets = {"filters": forms.HiddenInput, "timezone": forms.HiddenInput}

    def clean_filters(self) -> str:
        return canonical_filters(self.cleaned_data.get("filters", ""))

    def validate_unique(self) -> None:
        """The subscribe view decides what a repeated subscription does (nothing); the
        database's constraint stands behind it."""


class ManageSubscriptionForm(forms.ModelForm):
    hour = forms.TypedChoiceField(choices=HOURS, coerce=int)
    timezone = forms.ChoiceField(choices=[])

    class Meta:
        model = Subscription
        fields = ["name", "filters", "weekday", "hour", "timezone", "send_empty", "paused"]
        widgets = {"filters": forms.TextInput(attrs={"size": 60})}
        labels = {"filters": "Filters (the timeline's query string)", "paused": "Pause"}

    def clean_filters(self) -> str:
        return canonical_filters(self.cleaned_data.get("filters", ""))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from zoneinfo import available_timezones

        super().__init__(*args, **kwargs)
        zones = self.fields["timezone"]
        assert isinstance(zones, forms.ChoiceField)
        zones.choices = [(z, z) for z in sorted(available_timezones())]


class ArticleImportForm(forms.ModelForm):
    """Paste an article or upload a .txt/.html file; header lines (Published:, Outlet:,
    Title:) are read, and the fields here override them."""

    upload = forms.FileField(
        required=False, help_text="A .txt or .html file instead of pasting the text."
    )
    url = forms.URLField(label="URL", required=False, max_length=1000, assume_scheme="https")

    class Meta:
        model = ArticleImport
        fields = ["text", "upload", "published", "url", "outlet", "title"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16, "cols": 100})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "text" in self.fields:
            self.fields["text"].required = False

    def clean(self) -> dict[str, Any]:
        from .extraction.pipeline import MAX_CHARS, ExtractionError, read_article

        cleaned = super().clean() or {}
        if self.instance.pk is not None:  # reviewing: the article itself does not change
            return cleaned
        upload = cleaned.get("upload")
        # Four bytes a character at most: a larger file is too long, unread.
        if upload is not None and upload.size > MAX_CHARS * 4:
            raise forms.ValidationError(
                f"The file is larger than an article can be ({MAX_CHARS:,} characters)."
            )
        raw: bytes | str = upload.read() if upload else cleaned.get("text") or ""
        try:
            article = read_article(
                raw,
                published=cleaned.get("published"),
                url=cleaned.get("url") or "",
                outlet=cleaned.get("outlet") or "",
                title=cleaned.get("title") or "",
            )
        except ExtractionError as exc:
            raise forms.ValidationError(str(exc)) from exc
        cleaned.update(
            text=article.text,
            published=article.published,
            url=article.url,
            outlet=article.outlet,
            title=article.title,
        )
        for name in ("text", "published", "url", "outlet", "title"):
            setattr(self.instance, name, cleaned[name])
        return cleaned


def _strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings_in(k), *_strings_in(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings_in(item)]
    return []


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DraftEventForm(forms.ModelForm):
    """A draft's lists, edited as JSON: each must have its shape (lists of codes, of
    slugs, of objects) and no text the database cannot hold (a NUL character)."""

    class Meta:
        model = DraftEvent
        fields = ["title", "kind", "status", "start", "end", "countries", "participants",
                  "topics", "figures", "merge_into"]  # fmt: skip

    def _list(self, name: str, *, of: type, what: str) -> Any:
        value = self.cleaned_data.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, of) for item in value):
            raise forms.ValidationError(f"Give a list of {what}.")
        if any(CONTROL_CHARACTERS.search(text) for text in _strings_in(value)):
            raise forms.ValidationError("Control characters (such as NUL) are not allowed.")
        return value

    def clean_countries(self) -> Any:
        codes = self._list("countries", of=str, what="ISO country codes such as “IN”")
        bad = [c for c in codes if not re.fullmatch(r"[A-Za-z]{2}", c)]
        if bad:
            raise forms.ValidationError(f"Not ISO country codes: {', '.join(bad)}.")
        return [c.upper() for c in codes]

    def clean_topics(self) -> Any:
        return self._list("topics", of=str, what="topic slugs")

    def clean_participants(self) -> Any:
        people = self._list("participants", of=dict, what="objects with a name")
        if any(not str(p.get("name") or "").strip() for p in people):
            raise forms.ValidationError("Every participant needs a name.")
        return people

    def clean_figures(self) -> Any:
        return self._list("figures", of=dict, what="objects (label, value, unit)")
