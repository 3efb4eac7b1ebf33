"""Links between records of any apps (see core.models.Link). The callers
check who may link and unlink; reads return the other ends' ids, which the
caller then passes through its own tenancy-scoped query."""

from __future__ import annotations

from django.db.models import Model, Q

from tandem.core.models import Link

RELATED = "related"


def _end(obj: Model) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


End = tuple[str, str]


def _ordered(a: End, b: End) -> tuple[End, End]:
    ends = sorted([a, b], key=lambda e: (e[0], len(e[1]), e[1]))
    return ends[0], ends[1]


def link(a: Model, b: Model, *, by: str, relation: str = RELATED) -> bool:
    """Relate a and b (symmetric); False if they already were."""
    return _link(_end(a), _end(b), by=by, relation=relation)


def _link(a: End, b: End, *, by: str, relation: str) -> bool:
    (st, si), (tt, ti) = _ordered(a, b)
    _obj, created = Link.objects.get_or_create(
        source_type=st,
        source_id=si,
        target_type=tt,
        target_id=ti,
        relation=relation,
        defaults={"created_by_label": by[:300]},
    )
    return created


def unlink(a: Model, b: Model, *, relation: str = RELATED) -> bool:
    (st, si), (tt, ti) = _ordered(_end(a), _end(b))
    deleted, _ = Link.objects.filter(
        source_type=st, source_id=si, target_type=tt, target_id=ti, relation=relation
    ).delete()
    return bool(deleted)


def linked_ids(obj: Model, other_type: str, *, relation: str = RELATED) -> list[str]:
    """The ids of `other_type` records related to obj, in the order linked."""
    t, i = _end(obj)
    rows = (
        Link.objects.filter(relation=relation)
        .filter(
            Q(source_type=t, source_id=i, target_type=other_type)
            | Q(target_type=t, target_id=i, source_type=other_type)
        )
        .order_by("id")
    )
    return [r.target_id if (r.source_type, r.source_id) == (t, i) else r.source_id for r in rows]


def move(old: Model, new: Model, other_type: str, *, by: str, relation: str = RELATED) -> None:
    """Give `new` every link `old` had (a merge), dropping old's."""
    t, i = _end(old)
    for other_id in linked_ids(old, other_type, relation=relation):
        if (other_type, other_id) != _end(new):
            _link(_end(new), (other_type, other_id), by=by, relation=relation)
    Link.objects.filter(
        Q(source_type=t, source_id=i) | Q(target_type=t, target_id=i), relation=relation
    ).delete()
