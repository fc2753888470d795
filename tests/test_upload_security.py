"""Uploads as an attacker would send them (issue 13)."""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import picture_file

pytestmark = pytest.mark.django_db


# --- CKEditor's answer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "func_num",
    ["1);alert(document.domain)//", "</script><script>alert(1)</script>", "abc", "-1", "1.5", "", "١", "1" * 11],
)
def test_a_ckeditor_func_num_that_is_not_a_number_is_refused_and_not_echoed(writer_client, settings, func_num):
    response = writer_client.post(
        reverse("ckeditor_upload") + "?" + urlencode({"CKEditorFuncNum": func_num}), {"upload": picture_file()}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "CKEditorFuncNum phải là một số" in body
    assert "<script" not in body and "alert" not in body and (not func_num or func_num not in body)
    assert not (settings.MEDIA_ROOT / "uploads").exists()


def test_a_file_name_in_a_refusal_stays_inside_the_scripts_string(writer_client):
    hostile_name = "<img src=x onerror=alert(1)>'.png"  # Django keeps no "/" in an upload's name
    response = writer_client.post(
        reverse("ckeditor_upload") + "?CKEditorFuncNum=3",
        {"upload": SimpleUploadedFile(hostile_name, b"not a picture at all")},
    )
    html = response.content.decode()
    assert html.count("<") == 2 and "<img" not in html
    assert "\\u003Cimg src\\u003Dx onerror\\u003Dalert(1)\\u003E\\u0027.png" in html
    assert "không phải là ảnh" in html
