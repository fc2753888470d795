"""The editors' desk on the admin's first page (articles/newsroom/dashboard.py)."""

from django import template

from articles.newsroom.dashboard import Section, desk_for

register = template.Library()


@register.simple_tag(takes_context=True)
def editors_desk(context) -> list[Section]:
    return desk_for(context["request"].user)
