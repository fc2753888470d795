"""The checkers the journeys rely on do catch problems: a passing journey means something."""

from __future__ import annotations

from tests.browser import harness


def test_axe_reports_an_image_without_alt_text_and_passes_a_clean_page(chromium):
    harness.require_axe()
    page = chromium.new_page()
    try:
        page.set_content(
            '<!DOCTYPE html><html lang="vi"><head><title>Thử</title></head><body><main><h1>Thử</h1>'
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="1" height="1"></main></body></html>'
        )
        assert [violation["id"] for violation in harness.axe_violations(page)] == ["image-alt"]
        page.set_content(
            '<!DOCTYPE html><html lang="vi"><head><title>Thử</title></head><body><main><h1>Thử</h1>'
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Ảnh" width="1" height="1"></main></body></html>'
        )
        assert harness.axe_violations(page) == []
    finally:
        page.close()


def test_nu_checker_reports_errors_for_the_invalid_page_only():
    harness.require_vnu()
    valid = '<!DOCTYPE html><html lang="vi"><head><title>Đúng</title></head><body><p>Đúng</p></body></html>'
    invalid = '<!DOCTYPE html><html lang="vi"><head><title>Sai</title></head><body><p>Sai</span></body></html>'
    errors = harness.html_errors({"valid": valid, "invalid": invalid})
    assert list(errors) == ["invalid"]
    assert "span" in errors["invalid"][0]
