"""Whether a document is in force (tình trạng hiệu lực): the one rule, computed from dates and relations.

Never typed by hand. On a given day, in this order of precedence:

1. **Hết hiệu lực toàn bộ** when its expiry date has passed, or a published document that *replaces* it has taken
   effect;
2. **Ngưng hiệu lực** when a published document that *suspends* it has taken effect;
3. **Chưa có hiệu lực** before its effective date (the issue date when no effective date is given);
4. **Hết hiệu lực một phần** when a published document that *amends* it has taken effect;
5. otherwise **Còn hiệu lực**.

Only published documents change another's validity: a draft replacement changes nothing a reader sees. The rule is
an SQL expression (`annotation`), so lists filter and show it in the query that loads them; `explain()` words the
reason a page gives ("Được thay thế bởi Quyết định số 12/2024/QĐ-UBND ngày 15/03/2024").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When


class Validity(models.TextChoices):
    IN_FORCE = "con-hieu-luc", "Còn hiệu lực"
    NOT_YET = "chua-co-hieu-luc", "Chưa có hiệu lực"
    PARTLY = "het-hieu-luc-mot-phan", "Hết hiệu lực một phần"
    EXPIRED = "het-hieu-luc", "Hết hiệu lực toàn bộ"
    SUSPENDED = "ngung-hieu-luc", "Ngưng hiệu lực"


class RelationKind(models.TextChoices):
    """How a document (the source) bears on another (the target); labels read from the source's side."""

    REPLACES = "replaces", "Thay thế"
    AMENDS = "amends", "Sửa đổi, bổ sung"
    SUSPENDS = "suspends", "Ngưng hiệu lực"
    IMPLEMENTS = "implements", "Thực hiện"
    GUIDES = "guides", "Hướng dẫn"


# The same relations read from the target's side.
INCOMING_LABELS = {
    RelationKind.REPLACES: "Được thay thế bởi",
    RelationKind.AMENDS: "Được sửa đổi, bổ sung bởi",
    RelationKind.SUSPENDS: "Bị ngưng hiệu lực bởi",
    RelationKind.IMPLEMENTS: "Được thực hiện bởi",
    RelationKind.GUIDES: "Được hướng dẫn bởi",
}
# Which relation puts the target in which state, in the order of precedence above.
STATE_OF_RELATION = {
    RelationKind.REPLACES: Validity.EXPIRED,
    RelationKind.SUSPENDS: Validity.SUSPENDED,
    RelationKind.AMENDS: Validity.PARTLY,
}


def _in_effect_by(kind: str, relations: models.QuerySet, day: datetime.date) -> Exists:
    return Exists(
        relations.filter(target=OuterRef("pk"), kind=kind).filter(
            Q(source__effective_on__lte=day) | Q(source__effective_on__isnull=True, source__issued_on__lte=day)
        )
    )


def annotation(day: datetime.date, *, relations: models.QuerySet) -> Case:
    """The validity of each document on `day`, as an SQL expression (the rule in the module's docstring).

    `relations` are the relations whose source is published (`published_condition("source__")`)."""
    return Case(
        When(
            Q(expires_on__lt=day) | _in_effect_by(RelationKind.REPLACES, relations, day),
            then=Value(Validity.EXPIRED.value),
        ),
        When(_in_effect_by(RelationKind.SUSPENDS, relations, day), then=Value(Validity.SUSPENDED.value)),
        When(
            Q(effective_on__gt=day) | Q(effective_on__isnull=True, issued_on__gt=day),
            then=Value(Validity.NOT_YET.value),
        ),
        When(_in_effect_by(RelationKind.AMENDS, relations, day), then=Value(Validity.PARTLY.value)),
        default=Value(Validity.IN_FORCE.value),
        output_field=models.CharField(),
    )


def explain(document: Any, incoming: Iterable[Any], day: datetime.date) -> str:
    """Why `document` has the validity it has on `day`, in Vietnamese (empty when simply in force).

    `incoming` are the relations whose target is the document, with their published, effective sources.
    """
    state = getattr(document, "validity", None)
    if state == Validity.NOT_YET:
        return f"Có hiệu lực từ ngày {_date(document.starts_on)}."
    if state == Validity.EXPIRED and document.expires_on and document.expires_on < day:
        return f"Hết hiệu lực từ ngày {_date(document.expires_on + datetime.timedelta(days=1))}."
    for relation in incoming:
        if STATE_OF_RELATION.get(RelationKind(relation.kind)) == state:
            source = relation.source
            return f"{INCOMING_LABELS[RelationKind(relation.kind)]} {source.title} ngày {_date(source.issued_on)}."
    return ""


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "(chưa rõ)"
