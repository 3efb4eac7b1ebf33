"""The article editor."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.accounts.forms import TextForm
from tandem.desk.choices import Category
from tandem.kb.models import Visibility
from tandem.kb.services import MAX_BODY


class ArticleForm(TextForm):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 14}),
        label="Article",
        help_text="Markdown works: **bold**, lists, links, headings. Written for the "
        "people who will read it: plain words, one step per line.",
    )
    category = forms.ChoiceField(
        required=False, choices=[("", "Any"), *Category.choices], label="About"
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices, widget=forms.RadioSelect, label="Who reads it"
    )
    for_all_practices = forms.BooleanField(required=False, label="Every practice")
    practices = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Or only these practices",
        help_text="Used when “Every practice” is off.",
    )

    def __init__(self, *args: Any, clients: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practices"].choices = clients  # type: ignore[attr-defined]


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search the articles")
