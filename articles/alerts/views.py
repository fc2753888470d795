"""The public pages of email alerts (subscribe, confirm, manage, unsubscribe) and a staff user's own setting.

None of them is cached (never_cache): they carry a CSRF token or a personal link. Pages reached through a signed
link are `noindex` and send no Referer to other sites, so the link does not leak.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from articles.alerts import staff, subscriptions, tokens, topics
from articles.alerts.forms import StaffAlertForm, SubscribeForm
from articles.alerts.models import Frequency
from cms.client_ip import client_ip


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"  # not no-referrer: browsers then send "Origin: null" and CSRF fails
    return response


@method_decorator(never_cache, name="dispatch")
class SubscribeView(FormView):
    template_name = "alerts/subscribe.html"
    form_class = SubscribeForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        found = subscriptions.Topic.find(kwargs.get("kind", topics.ALL.key), slug=kwargs.get("slug"))
        if found is None:
            raise Http404("Không có chủ đề này.")
        self.topic = found
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(topic=self.topic, **kwargs)

    def form_valid(self, form: SubscribeForm) -> HttpResponse:
        try:
            subscriptions.request_subscription(
                email=form.cleaned_data["email"],
                topic=self.topic,
                frequency=form.cleaned_data["frequency"],
                client=client_ip(self.request),
                honeypot=form.cleaned_data["website"],
            )
        except subscriptions.TooManyRequests:
            return render(self.request, "alerts/too_many.html", status=429)
        return redirect("alerts:sent")


@method_decorator(never_cache, name="dispatch")
class SentView(TemplateView):
    template_name = "alerts/sent.html"


def _invalid(request: HttpRequest, error: tokens.InvalidLink) -> HttpResponse:
    return _private(render(request, "alerts/invalid_link.html", {"message": str(error)}, status=400))


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A GET only shows the request (mail scanners open links); the button's POST confirms."""
    try:
        if request.method == "POST":
            subscriber, subscription = subscriptions.confirm(token=token, client=client_ip(request))
            manage_url = reverse("alerts:manage", kwargs={"token": tokens.manage_token(subscriber.pk, subscriber.key)})
            context = {"subscription": subscription, "manage_url": manage_url}
            return _private(render(request, "alerts/confirmed.html", context))
        pending = tokens.read_confirmation(token)
        topic = subscriptions.Topic.find(pending.kind, pk=pending.object_id)
        if topic is None:
            raise tokens.InvalidLink("Chủ đề bạn đăng ký không còn trên Cổng thông tin.")
    except tokens.InvalidLink as error:
        return _invalid(request, error)
    context = {"pending": pending, "topic": topic, "frequency": Frequency(pending.frequency).label}
    return _private(render(request, "alerts/confirm.html", context))


@never_cache
def manage(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = tokens.subscriber_for_manage(token)
    except tokens.InvalidLink as error:
        return _invalid(request, error)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "delete":
            subscriptions.delete_all_data(subscriber=subscriber)
            return _private(render(request, "alerts/done.html", {"done": "deleted"}))
        if action == "unsubscribe":
            subscriptions.unsubscribe_all(subscriber=subscriber)
        elif action == "remove":
            try:
                subscription_id = int(request.POST.get("subscription", ""))
            except ValueError:
                subscription_id = 0
            subscriptions.remove_subscription(subscriber=subscriber, subscription_id=subscription_id)
        return _private(HttpResponseRedirect(request.path))
    context = {
        "subscriber": subscriber,
        "subscriptions": list(subscriber.subscriptions.select_related(*topics.FIELDS)),
        "consents": list(subscriber.consents.all()),
        "subscribe_url": reverse("alerts:subscribe"),
    }
    return _private(render(request, "alerts/manage.html", context))


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without cookies; the signed link suffices
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = tokens.subscriber_for_unsubscribe(token)
    except tokens.InvalidLink as error:
        return _invalid(request, error)
    if request.method == "POST":
        subscriptions.unsubscribe_all(subscriber=subscriber)
        manage_url = reverse("alerts:manage", kwargs={"token": tokens.manage_token(subscriber.pk, subscriber.key)})
        return _private(render(request, "alerts/done.html", {"done": "unsubscribed", "manage_url": manage_url}))
    return _private(render(request, "alerts/unsubscribe.html", {"subscriber": subscriber}))


def staff_settings(request: HttpRequest) -> HttpResponse:
    """A staff user's own switch for workflow emails (under the admin, which checks the login)."""
    if request.method == "POST":
        form = StaffAlertForm(request.POST)
        if form.is_valid():
            staff.set_workflow_emails(user=request.user, enabled=form.cleaned_data["workflow_emails"])
            messages.success(request, "Đã lưu lựa chọn thư thông báo của bạn.")
            return redirect("alerts_staff_settings")
    else:
        form = StaffAlertForm(initial={"workflow_emails": staff.wants_workflow_emails(request.user)})
    context = {"form": form, "title": "Thư thông báo của tôi", "has_email": bool(getattr(request.user, "email", ""))}
    from django.contrib import admin

    return render(request, "alerts/staff_settings.html", {**admin.site.each_context(request), **context})
