"""Ranking articles by text similarity: BM25 over word stems, the title
weighted above the body.

A knowledge base holds hundreds to a few thousand short articles, so the
candidates' stems (kept on each article at save) are ranked in Python: one
indexed read of two text columns, no search engine to run, and the same
answers on SQLite and PostgreSQL. bench/kb.py measures it."""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import Stemmer  # PyStemmer: Snowball's English stemmer, in C

WORD = re.compile(r"[a-z0-9]+")
STOP = frozenset(
    """a about after again all also am an and any are as at be because been before being
    but by can cannot could did do does doing down during each few for from get got had has
    have having he her here hers him his how i if in into is it its just me more most my no
    nor not now of off on once only or other our out over own same she should so some such
    than that the their them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    please help hi hello thanks thank today anyone someone something still again work
    working""".split()  # noqa: SIM905 (a word list reads best as words)
)
# A stemmer keeps per-call state and is not thread-safe (PyStemmer's own
# warning): one per thread, for the worker's threads and a threaded dev server.
_local = threading.local()
TITLE_WEIGHT = 2.0
K1, B = 1.2, 0.75
MAX_QUERY_TERMS = 64  # a pasted log is not a better query


def terms(text: str) -> list[str]:
    """The stems of the words that carry meaning, in order."""
    words = [w for w in WORD.findall(text.lower()) if w not in STOP and len(w) > 1]
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return list(stemmer.stemWords(words))


@dataclass(frozen=True)
class Candidate:
    pk: int
    title_terms: str
    body_terms: str


@dataclass(frozen=True)
class Hit:
    pk: int
    score: float
    shared: int  # distinct query stems the article has
    in_title: bool  # one of them is in its title


def rank(query: str, candidates: Iterable[Candidate], *, limit: int) -> list[Hit]:
    """The candidates sharing a stem with the query, best first.

    Stems are counted with str.count on the space-padded stem strings (C
    speed, no per-article Counter): ranking 2,000 articles is one pass."""
    wanted = list(dict.fromkeys(terms(query)))[:MAX_QUERY_TERMS]
    if not wanted:
        return []
    needles = [f" {t} " for t in wanted]
    matched: list[tuple[int, list[float], set[int], float]] = []
    total_length, n = 0.0, 0
    df = [0] * len(wanted)
    for doc in candidates:
        n += 1
        title, body = f" {doc.title_terms} ", f" {doc.body_terms} "
        length = title.count(" ") * TITLE_WEIGHT + body.count(" ") - 1 - TITLE_WEIGHT
        total_length += length
        tfs: list[float] = []
        in_title: set[int] = set()
        for i, needle in enumerate(needles):
            in_t, in_b = title.count(needle), body.count(needle)
            tfs.append(in_t * TITLE_WEIGHT + in_b)
            if in_t:
                in_title.add(i)
            if in_t or in_b:
                df[i] += 1
        if any(tfs):
            matched.append((doc.pk, tfs, in_title, length))
    if not matched:
        return []
    average = total_length / n or 1.0
    idf = [math.log(1 + (n - d + 0.5) / (d + 0.5)) for d in df]
    hits: list[Hit] = []
    for pk, tfs, in_title, length in matched:
        norm = K1 * (1 - B + B * length / average)
        score = sum(idf[i] * tf * (K1 + 1) / (tf + norm) for i, tf in enumerate(tfs) if tf)
        hits.append(Hit(pk, score, sum(1 for tf in tfs if tf), bool(in_title)))
    hits.sort(key=lambda h: (-h.score, h.pk))
    return hits[:limit]


def suggestible(hit: Hit, query: str) -> bool:
    """Worth interrupting someone for: the title shares a word with what they
    typed, and so do two words overall (one if they typed only one)."""
    return hit.in_title and hit.shared >= min(2, len(set(terms(query))))


def joined(words: list[str]) -> str:
    return " ".join(words)
