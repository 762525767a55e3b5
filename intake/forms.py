"""Adding an article (pasted or uploaded) and editing a draft before it is accepted."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from tracker.validators import CONTROL
from tracker.validators import MESSAGE as CONTROL_MESSAGE

from . import drafts, fetching
from .extraction.pipeline import MAX_CHARS, ExtractionError, read_article
from .models import ArticleImport, DraftEvent, WatchedSource
from .watching import MIN_WORDS, Page, fetch_page


def _fetchable(url: str) -> str:
    """A URL the tracker may fetch, said before any fetch: http(s), a host, no password,
    and if the host is an address, a public one (names are checked when fetched)."""
    try:
        _scheme, host, port, _path = fetching.checked_url(url)
        if fetching.is_literal(host):
            fetching.checked_address(host, port)
    except fetching.FetchError as exc:
        raise forms.ValidationError(str(exc)) from exc
    return url


class WatchedSourceForm(forms.ModelForm):
    url = forms.URLField(
        label="URL",
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"size": 80}),
        help_text="A feed (RSS, Atom or JSON Feed) or a page that lists the latest releases.",
    )

    class Meta:
        model = WatchedSource
        fields = ["name", "url", "outlet", "countries", "every", "active"]

    def clean_url(self) -> str:
        return _fetchable(self.cleaned_data["url"])

    def clean_every(self) -> int:
        every = self.cleaned_data["every"]
        if every < 5:
            raise forms.ValidationError("Fetch at most every 5 minutes.")
        return int(every)


class ArticleFromURLForm(forms.Form):
    """ "Add from URL": the page is fetched and its main text read; the fields below
    override what the page says."""

    url = forms.URLField(
        label="URL",
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"size": 80, "autofocus": True}),
    )
    outlet = forms.CharField(max_length=200, required=False)
    title = forms.CharField(max_length=400, required=False, help_text="The page's if empty.")
    published = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The page's if empty. Relative dates (on Friday) are resolved against it.",
    )
    fetched: Page

    def clean_url(self) -> str:
        url = _fetchable(self.cleaned_data["url"])
        self._added_before(url)
        try:
            page = fetch_page(url)
        except fetching.FetchError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if len(page.text.split()) < MIN_WORDS:
            raise forms.ValidationError("No article text was found on that page.")
        self._added_before(page.url)  # where the link led
        self.fetched = page
        return url

    @staticmethod
    def _added_before(url: str) -> None:
        before = ArticleImport.objects.filter(url=url).first()
        if before is not None:
            link = reverse("admin:intake_articleimport_review", args=[before.pk])
            raise forms.ValidationError(
                format_html('This article was added already: <a href="{}">{}</a>.', link, before)
            )


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


class ShallowJSONField(forms.JSONField):
    """JSON as typed into a form: nesting deep enough to exhaust the parser ("[[[[…") is
    a message on the field, not a server error."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except RecursionError:
            raise forms.ValidationError("The JSON is too deeply nested.") from None

    def bound_data(self, data: Any, initial: Any) -> Any:
        try:
            return super().bound_data(data, initial)
        except RecursionError:
            return data


class DraftEventForm(forms.ModelForm):
    """A draft's lists, edited as JSON: each must have its shape (lists of codes, of
    slugs, of objects) and no text the database cannot hold (a NUL character)."""

    class Meta:
        model = DraftEvent
        fields = ["title", "kind", "status", "start", "end", "countries", "participants",
                  "topics", "figures", "account_of", "link_kind", "link_to",
                  "merge_into"]  # fmt: skip
        field_classes = dict.fromkeys(
            ["countries", "participants", "topics", "figures"], ShallowJSONField
        )

    def _list(self, name: str, *, of: type, what: str) -> Any:
        value = self.cleaned_data.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, of) for item in value):
            raise forms.ValidationError(f"Give a list of {what}.")
        if any(CONTROL.search(text) for text in _strings_in(value)):
            raise forms.ValidationError(CONTROL_MESSAGE)
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
        drafts.check_participants(people)
        return people

    def clean_figures(self) -> Any:
        return self._list("figures", of=dict, what="objects (label, value, unit)")
