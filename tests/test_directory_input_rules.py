"""Bad directory input is refused with a clear Vietnamese message and nothing half-saved: Vietnamese phone numbers,
e-mail addresses, an organisation chart loop, overlapping spokespersons for one agency and role."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.newsroom.contacts import national, tel_uri
from articles.newsroom.models import Agency
from articles.press.models import Spokesperson
from tests.factories import make_agency, make_editor, make_official, make_spokesperson

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed, stored, dialled",
    [
        ("024 3825 3536", "024 3825 3536", "tel:+842438253536"),
        ("(024) 38253536", "024 3825 3536", "tel:+842438253536"),
        ("0243.825.3536", "024 3825 3536", "tel:+842438253536"),
        ("0912345678", "0912 345 678", "tel:+84912345678"),
        ("+84 912 345 678", "0912 345 678", "tel:+84912345678"),
        ("1900 1234", "1900 1234", "tel:+8419001234"),
    ],
)
def test_vietnamese_phone_formats_are_accepted_and_written_one_way(typed, stored, dialled):
    agency = make_agency(phone=typed)
    agency.full_clean()
    assert agency.phone == stored
    assert national(typed) == stored
    assert tel_uri(typed) == dialled


@pytest.mark.parametrize("typed", ["123", "0912 345 67", "+1 202 555 0143", "gọi tổng đài", "024 3825 3536 máy lẻ 12"])
def test_a_phone_that_is_not_vietnamese_is_refused_in_vietnamese(typed):
    agency = make_agency()
    agency.phone = typed
    with pytest.raises(ValidationError) as refused:
        agency.full_clean()
    message = refused.value.message_dict["phone"][0]
    assert "không đúng dạng số điện thoại Việt Nam" in message and typed in message


@pytest.mark.parametrize("typed", ["vanphong", "vanphong@", "van phong@hanoi.gov.vn"])
def test_an_email_that_is_not_an_email_is_refused_in_vietnamese(typed):
    official = make_official()
    official.email = typed
    with pytest.raises(ValidationError) as refused:
        official.full_clean()
    assert refused.value.message_dict["email"] == [
        f"Địa chỉ thư điện tử “{typed}” không hợp lệ; hãy nhập dạng ten@coquan.gov.vn."
    ]


def test_an_agency_cannot_be_put_under_its_own_unit():
    city = make_agency("UBND thành phố")
    department = make_agency("Sở Nội vụ", parent=city)
    office = make_agency("Văn phòng Sở Nội vụ", parent=department)
    city.parent = office
    with pytest.raises(ValidationError) as refused:
        city.full_clean()
    message = refused.value.message_dict["parent"][0]
    assert "vòng lặp" in message and "Văn phòng Sở Nội vụ" in message
    assert "UBND thành phố → Sở Nội vụ → Văn phòng Sở Nội vụ" in message
    city.parent = None
    city.full_clean()  # the chart as it was stays valid


def test_the_admin_refuses_a_chart_loop_and_saves_nothing(admin_client):
    city = make_agency("UBND thành phố")
    department = make_agency("Sở Nội vụ", parent=city)
    data = {
        "name": "UBND thành phố (sửa)",
        "slug": city.slug,
        "kind": city.kind,
        "parent": department.pk,
        "status": "active",
        "spokespersons-TOTAL_FORMS": "0",
        "spokespersons-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:articles_agency_change", args=[city.pk]), data)
    assert response.status_code == 200
    assert "sơ đồ tổ chức sẽ thành một vòng lặp" in response.content.decode()
    city.refresh_from_db()
    assert (city.name, city.parent_id) == ("UBND thành phố", None)


def test_overlapping_spokespersons_of_one_agency_and_role_are_refused():
    agency = make_agency()
    first = make_spokesperson(agency, start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2022, 12, 31))
    late = Spokesperson(
        agency=agency, official=make_official(), phone="0912 345 678", start_date=datetime.date(2022, 6, 1)
    )
    with pytest.raises(ValidationError) as refused:
        late.full_clean()
    message = refused.value.messages[0]
    assert str(first.official) in message and "01/01/2020 – 31/12/2022" in message
    assert "mỗi cơ quan chỉ có một người cho mỗi vai trò" in message
    # The next day, another role, or another agency: all fine.
    late.start_date = datetime.date(2023, 1, 1)
    late.full_clean()
    late.start_date, late.role = datetime.date(2022, 6, 1), Spokesperson.Role.INFORMATION_OFFICER
    late.full_clean()
    late.role, late.agency = Spokesperson.Role.SPOKESPERSON, make_agency()
    late.full_clean()


def _inline_row(index: int, spokesperson: Spokesperson | None = None, **fields) -> dict[str, str]:
    row = {
        "id": str(spokesperson.pk) if spokesperson else "",
        "agency": str(spokesperson.agency_id) if spokesperson else "",
        "official": str(spokesperson.official_id) if spokesperson else "",
        "role": spokesperson.role if spokesperson else "spokesperson",
        "phone": spokesperson.phone if spokesperson else "",
        "email": spokesperson.email if spokesperson else "",
        "start_date": spokesperson.start_date.strftime("%d/%m/%Y") if spokesperson else "",
        "end_date": spokesperson.end_date.strftime("%d/%m/%Y") if spokesperson and spokesperson.end_date else "",
        **fields,
    }
    return {f"spokespersons-{index}-{name}": value for name, value in row.items()}


def _agency_form(agency: Agency, rows: list[dict[str, str]], initial: int) -> dict[str, str]:
    data = {
        "name": agency.name,
        "slug": agency.slug,
        "kind": agency.kind,
        "status": agency.status,
        "spokespersons-TOTAL_FORMS": str(len(rows)),
        "spokespersons-INITIAL_FORMS": str(initial),
    }
    for row in rows:
        data.update(row)
    return data


def test_the_admin_refuses_two_overlapping_rows_typed_together_and_saves_nothing(admin_client):
    agency = make_agency(phone="024 3825 3536")
    one, two = make_official(), make_official()
    rows = [
        _inline_row(0, official=str(one.pk), phone="0912 345 678", start_date="01/01/2024"),
        _inline_row(1, official=str(two.pk), phone="0987 654 321", start_date="01/06/2024"),
    ]
    data = _agency_form(agency, rows, initial=0)
    data["name"] = "Tên mới"
    response = admin_client.post(reverse("admin:articles_agency_change", args=[agency.pk]), data)
    assert response.status_code == 200
    assert "mỗi cơ quan chỉ có một người cho mỗi vai trò" in response.content.decode()
    assert not Spokesperson.objects.exists()
    agency.refresh_from_db()
    assert agency.name != "Tên mới"


def test_ending_one_spokesperson_and_adding_the_next_in_one_save_is_allowed(admin_client):
    agency = make_agency()
    old = make_spokesperson(agency, start_date=datetime.date(2020, 1, 1))
    successor = make_official()
    rows = [
        _inline_row(0, old, end_date="31/05/2024"),
        _inline_row(1, official=str(successor.pk), phone="0912 345 678", start_date="01/06/2024"),
    ]
    response = admin_client.post(
        reverse("admin:articles_agency_change", args=[agency.pk]), _agency_form(agency, rows, 1)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(agency.spokespersons.order_by("start_date").values_list("end_date", "phone")) == [
        (datetime.date(2024, 5, 31), "024 3825 3536"),
        (None, "0912 345 678"),
    ]


def test_a_bad_press_phone_in_the_admin_is_refused_in_vietnamese(admin_client):
    agency = make_agency()
    rows = [_inline_row(0, official=str(make_official().pk), phone="12345", start_date="01/01/2024")]
    response = admin_client.post(
        reverse("admin:articles_agency_change", args=[agency.pk]), _agency_form(agency, rows, 0)
    )
    assert "không đúng dạng số điện thoại Việt Nam" in response.content.decode()
    assert not Spokesperson.objects.exists()


def test_site_administrators_keep_spokespersons_and_writers_only_read_them():
    admin = make_editor("quantri", roles=("site_admin",))
    writer = make_editor("viet", roles=("writer",))
    assert admin.has_perms(["press.add_spokesperson", "press.change_spokesperson", "press.delete_spokesperson"])
    assert writer.has_perm("press.view_spokesperson") and not writer.has_perm("press.change_spokesperson")
