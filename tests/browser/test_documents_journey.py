"""The documents register in real Chromium: a writer adds a programme document with its PDF and an approver publishes
it; the writer records a progress report for the programme; a citizen finds the document by typing `06 ctr tu`, opens
it and the programme's page with its progress bar. Every page passes axe-core; the public ones the Nu HTML Checker."""

from __future__ import annotations

import datetime

from playwright.sync_api import expect

from articles.documents.models import Document, ProgrammeTarget, ProgressReport
from tests.browser import harness
from tests.browser.admin_ui import log_in, pick
from tests.browser.seed import seed_city
from tests.factories import make_document, make_editor, pdf_bytes

SUMMARY = "Chương trình phát triển đồng bộ, từng bước hiện đại hóa kết cấu hạ tầng đô thị"


def test_an_editor_adds_a_document_and_a_report_and_a_citizen_finds_it_by_its_number(start_journey, tmp_path):
    city = seed_city(extra_articles=0)
    make_editor("phongvien", roles=("writer",), agencies=(city.agency,), first_name="Lan")
    make_editor("pheduyet", roles=("approver",), agencies=(city.agency,), first_name="Minh")
    report_document = make_document("15/BC-TU", agency=city.agency, issued_on=datetime.date(2024, 7, 5),
                                    summary="Báo cáo sơ kết 6 tháng đầu năm 2024")  # fmt: skip
    ProgrammeTarget.objects.create(programme=city.programme, name="Đường giao thông làm mới", unit="km",
                                   target_value=200, deadline=datetime.date(2025, 12, 31))  # fmt: skip
    pdf = tmp_path / "Chuong trinh 06.pdf"
    pdf.write_bytes(pdf_bytes(2))

    # The writer adds the programme's document with its PDF and sends it for review.
    writer = start_journey("writer")
    page = writer.page
    log_in(writer, "phongvien")
    writer.open("/quan-tri/documents/document/add/", "add-document")
    page.get_by_label("Loại văn bản").select_option(label="Chương trình")
    page.get_by_label("Số, ký hiệu").fill("06-CTr/TU")
    page.get_by_label("Trích yếu").fill(SUMMARY)
    pick(writer, "id_agency", city.agency.name.split()[0], city.agency.name)
    page.get_by_label("Ngày ban hành").fill("17/03/2021")
    pick(writer, "id_programme", "06", "06-CTr/TU")
    page.locator("#id_files-0-upload").set_input_files(str(pdf))
    writer.shot("document-filled")
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    writer.arrive("document-saved")
    expect(page.locator(".messagelist")).to_contain_text("06-CTr/TU")
    expect(page.locator("#files-group")).to_contain_text("PDF")
    page.get_by_role("link", name="Gửi duyệt").click()
    writer.arrive("submit-document")
    page.get_by_role("button", name="Xác nhận").click()
    writer.arrive("document-submitted")
    expect(page.locator(".messagelist")).to_contain_text("Đã gửi duyệt")

    # The approver publishes it.
    approver = start_journey("approver")
    page = approver.page
    log_in(approver, "pheduyet")
    document = Document.objects.get(number="06-CTr/TU")
    approver.open(f"/quan-tri/documents/document/{document.pk}/change/", "submitted-document")
    page.get_by_role("link", name="Duyệt và đăng").click()
    approver.arrive("approve-document")
    page.get_by_role("button", name="Xác nhận").click()
    approver.arrive("document-approved")
    expect(page.locator(".messagelist")).to_contain_text("Đã duyệt")
    assert Document.objects.published().filter(pk=document.pk).exists()

    # The writer records the programme's report for the first half of 2024.
    page = writer.page
    writer.open("/quan-tri/documents/progressreport/add/", "add-report")
    pick(writer, "id_programme", "06", "06-CTr/TU")
    page.get_by_label("Năm").fill("2024")
    page.get_by_label("Kỳ báo cáo").select_option(label="6 tháng đầu năm")
    page.get_by_label("Kết quả thực hiện").fill("Đã làm mới 90,5 km đường giao thông.")
    pick(writer, "id_document", "15", report_document.title)
    pick(writer, "id_values-0-target", "Đường", "Đường giao thông làm mới")
    page.locator("#id_values-0-value").fill("90,5")
    writer.shot("report-filled")
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    writer.arrive("report-saved")
    expect(page.locator(".messagelist")).to_contain_text("06-CTr/TU")
    assert ProgressReport.objects.get().values.get().value == 90.5

    # A citizen types the number the way people do and finds the document, then the programme's results.
    citizen = start_journey("citizen")
    page = citizen.page
    citizen.open("/van-ban/", "register")
    page.get_by_label("Số, ký hiệu hoặc từ khóa").fill("06 ctr tu")
    page.get_by_role("button", name="Tìm văn bản").click()
    citizen.arrive("found-by-number")
    page.get_by_role("link", name="Chương trình số 06-CTr/TU").click()
    citizen.arrive("document")
    expect(page.locator("main")).to_contain_text(SUMMARY)
    expect(page.get_by_role("link", name="Chuong trinh 06.pdf")).to_be_visible()
    expect(page.locator(".document-files")).to_contain_text("PDF")
    preview = page.get_by_role("img", name="Trang đầu của tệp Chuong trinh 06.pdf")
    assert preview.evaluate("img => img.complete && img.naturalWidth") > 0
    sources = {"document": page.content()}
    page.get_by_role("link", name="Trang chương trình 06-CTr/TU: chỉ tiêu và kết quả thực hiện").click()
    citizen.arrive("programme")
    expect(page.locator("progress")).to_have_attribute("value", "45")
    expect(page.locator("main")).to_contain_text("Đạt 45% mục tiêu")
    expect(page.locator("main")).to_contain_text("Đã làm mới 90,5 km đường giao thông.")
    sources["programme"] = page.content()
    sources["register"] = page.request.get(citizen.url("/van-ban/?q=06+ctr+tu")).text()

    writer.finish()
    approver.finish()
    citizen.finish()
    if harness.VNU_JAR.is_file():
        errors = harness.html_errors(sources)
        assert not errors, harness.describe_html_errors(errors)
