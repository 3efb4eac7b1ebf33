"""Knowledge base pages: the list and search, an article, the editor, and the
two pieces of the Get help form (suggestions, "This solved it")."""

from __future__ import annotations

import uuid as uuid_lib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import queries as accounts
from tandem.accounts.models import Person
from tandem.core import markdown
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted, utf8_body
from tandem.kb import forms, queries, services
from tandem.kb.models import Article

MAX_QUERY = 2_000  # what someone types in a request's subject and description, trimmed


def _article(actor: Any, uuid: Any) -> Article:
    try:
        return queries.article_for(actor, uuid)
    except Article.DoesNotExist:
        raise Http404 from None


@require_GET
@login_required
def article_list(request: TandemRequest) -> HttpResponse:
    actor = request.actor
    form = forms.SearchForm(request.GET)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    articles = (
        queries.find(actor, q)
        if q
        else list(queries.articles_for(actor).order_by("-solved_count", "title")[:200])
    )
    return render(
        request,
        "kb/article_list.html",
        {
            "form": form,
            "q": q,
            "articles": articles,
            "staff": services.can_write(actor),
        },
    )


@require_GET
@login_required
def article_detail(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = request.actor
    article = _article(actor, uuid)
    staff = services.can_write(actor)
    return render(
        request,
        "kb/article_detail.html",
        {
            "article": article,
            "html": markdown.render(article.body),
            "staff": staff,
            "practices": list(article.practices.order_by("name")) if staff else [],
            "can_remove": services.can_remove(actor),
        },
    )


def _clients(actor: Any) -> list[tuple[str, str]]:
    return [(c.slug, c.name) for c in accounts.visible_clients(actor).only("slug", "name")]


@form_methods
@login_required
def article_edit(request: TandemRequest, uuid: str | None = None) -> HttpResponse:
    actor = request.actor
    if not services.can_write(actor):
        raise PermissionDenied
    article = _article(actor, uuid) if uuid else None
    initial: dict[str, Any] = {"visibility": "public", "for_all_practices": True}
    if article is not None:
        initial = {
            "title": article.title,
            "body": article.body,
            "category": article.category,
            "visibility": article.visibility,
            "for_all_practices": article.for_all_practices,
            "practices": list(article.practices.values_list("slug", flat=True)),
        }
    form = forms.ArticleForm(posted(request), initial=initial, clients=_clients(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = None
        if not data["for_all_practices"]:
            chosen = list(accounts.visible_clients(actor).filter(slug__in=data["practices"]))
        try:
            saved = services.save_article(
                actor=actor,
                article=article,
                title=data["title"],
                body=data["body"],
                category=data["category"],
                visibility=data["visibility"],
                practices=chosen,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"“{saved.title}” saved.")
            return redirect("kb:article_detail", saved.uuid)
    return render(
        request,
        "kb/article_edit.html",
        {"form": form, "article": article},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def article_delete(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = request.actor
    article = _article(actor, uuid)
    services.delete_article(actor=actor, article=article)
    messages.success(request, f"Removed “{article.title}”.")
    return redirect("kb:article_list")


@require_GET
@login_required
def suggest(request: TandemRequest) -> HttpResponse:
    """The Get help form asks this as the person types its subject and
    description (htmx): the closest articles, or nothing."""
    text = f"{request.GET.get('subject', '')} {request.GET.get('body', '')}"[:MAX_QUERY]
    articles = queries.suggestions(request.actor, text)
    return render(
        request,
        "kb/_suggestions.html",
        {"suggestions": [(a, markdown.render(a.body)) for a in articles]},
    )


@require_POST
@utf8_body
@login_required
def article_solved(request: TandemRequest, uuid: str) -> HttpResponse:
    """ "This solved it" on a suggestion: counted once per Get help form, and
    nothing is sent to the provider. The Get help form is replaced by a note."""
    actor = request.actor
    article = _article(actor, uuid)
    person = request.user
    if not isinstance(person, Person) or not actor.is_client:
        raise PermissionDenied
    try:
        services.solved(
            actor=actor, person=person, article=article, intake=request.POST.get("intake", "")
        )
    except ValidationError as exc:
        context = {"article": article, "error": " ".join(exc.messages)}
        return render(request, _solved_template(request), context, status=422)
    return render(request, _solved_template(request), {"article": article})


def _solved_template(request: TandemRequest) -> str:
    """htmx swaps the note in place of the Get help form; without it, a page."""
    return "kb/_solved.html" if request.htmx else "kb/solved.html"


def new_intake() -> str:
    """The id of one Get help form: "This solved it" counts once per form."""
    return str(uuid_lib.uuid4())
