import datetime

import pytest
from django.core.exceptions import ValidationError

from articles.newsroom.models import Agency, Appointment, Programme
from tests.factories import make_agency, make_appointment, make_official, make_programme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["06-CTr/TU", "3-CTr/TU", "123-CTr/TU"])
def test_programme_code_accepts_numbered_plans(code):
    Programme(code=code, title="Chương trình").full_clean()


@pytest.mark.parametrize("code", ["06-CTR/TU", "CTr/TU", "06-CTr/UB", "06-CTr/TU ", "a6-CTr/TU", "06/CTr-TU", ""])
def test_programme_code_refuses_malformed_codes(code):
    with pytest.raises(ValidationError) as error:
        Programme(code=code, title="Chương trình").full_clean()
    assert "code" in error.value.message_dict


def test_programme_code_is_unique():
    make_programme("06-CTr/TU")
    with pytest.raises(ValidationError) as error:
        Programme(code="06-CTr/TU", title="Khác").full_clean()
    assert "code" in error.value.message_dict


def test_programme_slug_is_folded_code():
    assert make_programme("06-CTr/TU").slug == "06-ctr-tu"


def test_overlapping_appointment_to_the_same_position_is_refused():
    official = make_official()
    agency = make_agency("Thành ủy Hà Nội")
    make_appointment(
        official,
        agency=agency,
        title="Phó Bí thư Thường trực Thành ủy",
        start=datetime.date(2015, 10, 1),
        end=datetime.date(2020, 10, 1),
    )
    with pytest.raises(ValidationError, match="trùng thời gian"):
        make_appointment(
            official, agency=agency, title="Phó Bí thư Thường trực Thành ủy", start=datetime.date(2019, 1, 1)
        )


def test_open_ended_appointment_overlaps_a_later_one():
    official = make_official()
    agency = make_agency()
    make_appointment(official, agency=agency, title="Giám đốc Sở", start=datetime.date(2015, 1, 1))
    with pytest.raises(ValidationError):
        make_appointment(official, agency=agency, title="giám đốc sở", start=datetime.date(2030, 1, 1))


def test_consecutive_and_different_appointments_are_allowed():
    official = make_official()
    agency = make_agency()
    make_appointment(official, agency=agency, title="Phó Giám đốc", end=datetime.date(2017, 12, 31))
    make_appointment(official, agency=agency, title="Phó Giám đốc", start=datetime.date(2018, 1, 1))
    make_appointment(official, agency=agency, title="Bí thư Đảng ủy Sở", start=datetime.date(2016, 1, 1))
    assert Appointment.objects.filter(official=official).count() == 3


def test_appointment_end_before_start_is_refused():
    with pytest.raises(ValidationError) as error:
        make_appointment(make_official(), start=datetime.date(2020, 1, 1), end=datetime.date(2019, 1, 1))
    assert "end_date" in error.value.message_dict


def test_title_on_a_date_is_the_title_held_then():
    official = make_official("Nguyễn Xuân Phúc")
    make_appointment(
        official,
        agency=make_agency("Chính phủ"),
        title="Thủ tướng Chính phủ",
        start=datetime.date(2016, 4, 7),
        end=datetime.date(2021, 4, 5),
    )
    make_appointment(
        official,
        agency=make_agency("Chủ tịch nước"),
        title="Chủ tịch nước",
        start=datetime.date(2021, 4, 6),
        end=datetime.date(2023, 1, 18),
    )
    assert official.title_on(datetime.date(2018, 6, 18)) == "Thủ tướng Chính phủ"
    assert official.title_on(datetime.date(2022, 1, 1)) == "Chủ tịch nước"
    assert official.title_on(datetime.date(2024, 1, 1)) == ""


def test_renamed_agency_requires_its_successor():
    agency = make_agency("Sở Bưu chính Viễn thông")
    agency.status = Agency.Status.RENAMED
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    assert "superseded_by" in error.value.message_dict
