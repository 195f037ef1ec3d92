from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from markupsafe import Markup

register = template.Library()
ICON = "<svg class='icon'><use href='#star'/></svg>"


@register.filter
def highlight(text, term):
    # ruleid: py-mark-safe-non-literal
    return mark_safe(text.replace(term, f"<mark>{term}</mark>"))


@register.simple_tag
def user_link(user):
    html = "<a href='/u/%s'>%s</a>" % (user.pk, user.get_full_name())
    # ruleid: py-mark-safe-non-literal
    return mark_safe(html)


def badge(label):
    # ruleid: py-mark-safe-non-literal
    return Markup("<span class='badge'>" + label + "</span>")


def safe_variants(user, label):
    # ok: py-mark-safe-non-literal
    a = mark_safe("<hr class='divider'>")
    # ok: py-mark-safe-non-literal
    b = mark_safe(ICON)
    # ok: py-mark-safe-non-literal
    c = mark_safe(format_html("<a href='/u/{}'>{}</a>", user.pk, user.get_full_name()))
    # ok: py-mark-safe-non-literal
    d = mark_safe(escape(label))
    # ok: py-mark-safe-non-literal
    e = Markup("<b>{}</b>").format(label)
    return a, b, c, d, e
