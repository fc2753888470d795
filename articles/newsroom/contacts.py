"""Contact details as a portal publishes them: Vietnamese phone numbers and e-mail addresses, checked and written
one way (Decree 42/2022 asks for phone and e-mail of each body and of the officials to contact).

Phone numbers are checked with libphonenumber's data for Vietnam (phonenumberslite): landlines with their area code
(024 3825 3536), mobiles (0912 345 678, +84 912 345 678) and the 1800/1900 lines; they are stored in the national
format, so every page shows them alike, and dialled from a `tel:` link in the international format.
"""

from __future__ import annotations

from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import models

PHONE_MESSAGE = (
    "Số điện thoại “%(value)s” không đúng dạng số điện thoại Việt Nam. Hãy nhập một số, ví dụ "
    "024 3825 3536 (cố định, kèm mã vùng), 0912 345 678 (di động) hoặc 1900 1234."
)
EMAIL_MESSAGE = "Địa chỉ thư điện tử “%(value)s” không hợp lệ; hãy nhập dạng ten@coquan.gov.vn."


def parse_phone(value: str) -> phonenumbers.PhoneNumber | None:
    """The Vietnamese number `value` stands for, or None."""
    try:
        number = phonenumbers.parse(value, "VN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number) or phonenumbers.region_code_for_number(number) != "VN":
        return None
    return number


def validate_phone(value: str) -> None:
    if value and parse_phone(value) is None:
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone", params={"value": value})


def national(value: str) -> str:
    """`value` written as a Vietnamese reader dials it (024 3825 3536); unchanged when it is not a valid number."""
    number = parse_phone(value) if value else None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL) if number else value


def tel_uri(value: str) -> str:
    """A `tel:` address in the international format, or "" for what is not a Vietnamese number."""
    number = parse_phone(value) if value else None
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else ""


class PhoneField(models.CharField):
    """A Vietnamese phone number, refused with a Vietnamese message, stored in the national format."""

    default_validators = [validate_phone]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 50)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return national(value.strip()) if isinstance(value, str) else value


class EmailAddressFormField(forms.EmailField):
    default_validators = [EmailValidator(message=EMAIL_MESSAGE)]


class EmailAddressField(models.EmailField):
    """An e-mail address refused with a clear Vietnamese message (Django's own says only "Nhập địa chỉ email.")."""

    default_validators = [EmailValidator(message=EMAIL_MESSAGE)]

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return super().formfield(
            form_class=form_class or EmailAddressFormField, choices_form_class=choices_form_class, **kwargs
        )
