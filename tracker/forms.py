"""Forms: partial dates typed as text, aliases one per line."""

from __future__ import annotations

from typing import Any

from django import forms

from .dates import PartialDate, PartialDateError
from .models import Actor, ArticleImport, Country, Event, Subscription, normalise_aliases
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


class ActorMergeForm(forms.Form):
    """Choose which of the selected actors to keep; the others are folded into it."""

    keep = forms.ModelChoiceField(
        queryset=Actor.objects.none(), widget=forms.RadioSelect, label="Keep"
    )

    def __init__(self, *args: Any, actors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["keep"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = actors


HOURS = [(h, f"{h:02d}:00") for h in range(24)]


class SubscribeForm(forms.ModelForm):
    """ "Email me a weekly digest of this view": the view's filters come along hidden."""

    hour = forms.TypedChoiceField(choices=HOURS, coerce=int, initial=8)

    class Meta:
        model = Subscription
        fields = ["email", "filters", "weekday", "hour", "timezone"]
        widgets = {"filters": forms.HiddenInput, "timezone": forms.HiddenInput}

    def clean_filters(self) -> str:
        value: str = self.cleaned_data.get("filters", "")
        parts = value.lstrip("?").split("&")
        return "&".join(p for p in parts if p and not p.startswith(("cursor=", "h=")))


class ManageSubscriptionForm(forms.ModelForm):
    hour = forms.TypedChoiceField(choices=HOURS, coerce=int)
    timezone = forms.ChoiceField(choices=[])

    class Meta:
        model = Subscription
        fields = ["name", "filters", "weekday", "hour", "timezone", "send_empty", "paused"]
        widgets = {"filters": forms.TextInput(attrs={"size": 60})}
        labels = {"filters": "Filters (the timeline's query string)", "paused": "Pause"}

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
        from .extraction.pipeline import ExtractionError, read_article

        cleaned = super().clean() or {}
        if self.instance.pk is not None:  # reviewing: the article itself does not change
            return cleaned
        upload = cleaned.get("upload")
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
