from __future__ import annotations

from django import forms

from articles.alerts.models import Frequency
from articles.alerts.subscriptions import CONSENT_WORDING


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Địa chỉ thư điện tử",
        max_length=254,
        error_messages={
            "required": "Hãy nhập địa chỉ thư điện tử của bạn.",
            "invalid": "Địa chỉ thư điện tử chưa đúng, ví dụ đúng: ten@example.com.",
        },
    )
    frequency = forms.ChoiceField(
        label="Nhận thư",
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={"required": "Hãy chọn cách nhận thư.", "invalid_choice": "Hãy chọn một cách nhận thư."},
    )
    consent = forms.BooleanField(
        label=CONSENT_WORDING,
        error_messages={"required": "Hãy đánh dấu ô đồng ý: không có sự đồng ý của bạn, chúng tôi không gửi thư."},
    )
    # A honeypot: hidden from people (and screen readers), filled in by form-filling robots.
    website = forms.CharField(label="Để trống ô này", required=False)


class StaffAlertForm(forms.Form):
    workflow_emails = forms.BooleanField(
        label="Nhận thư khi có bài chờ tôi duyệt, và khi bài của tôi được duyệt, hẹn giờ đăng hoặc bị trả lại",
        required=False,
    )
