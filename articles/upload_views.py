"""CKEditor's picture upload, with our checks in front (articles/uploads.py)."""

from __future__ import annotations

import re

from ckeditor_uploader.views import ImageUploadView
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.html import escapejs
from django.views.decorators.csrf import csrf_exempt

from articles import rights
from articles.uploads import clean_picture

NO_RIGHTS = "Bạn không có quyền tải ảnh lên: tài khoản cần quyền viết bài và thuộc ít nhất một cơ quan."
NO_FILE = "Không nhận được tệp ảnh nào."
BAD_FUNC_NUM = "Yêu cầu tải ảnh không hợp lệ: tham số CKEditorFuncNum phải là một số."

# CKEditor numbers its callbacks; the number goes into the script of the answer, so nothing else may.
FUNC_NUM = re.compile(r"[0-9]{1,10}")


def _refuse(request, message: str, status: int = 200) -> HttpResponse:
    """An error in the form CKEditor shows to the editor.

    The dialog upload (with CKEditorFuncNum) expects a script calling back into the editor; drag and drop
    expects JSON with `uploaded: 0`. CKEditor only reads the message from a 200 answer.
    """
    func_num = request.GET.get("CKEditorFuncNum")
    if func_num:
        # escapejs: the message names the uploaded file, whose name the uploader chose.
        return HttpResponse(
            f"<script>window.parent.CKEDITOR.tools.callFunction({func_num}, '', '{escapejs(message)}');</script>",
            status=status,
        )
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)


class CheckedImageUploadView(ImageUploadView):
    def post(self, request, **kwargs):
        func_num = request.GET.get("CKEditorFuncNum")
        if func_num is not None and not FUNC_NUM.fullmatch(func_num):
            return HttpResponseBadRequest(BAD_FUNC_NUM, content_type="text/plain; charset=utf-8")
        if not rights.can_upload(request.user):
            return _refuse(request, NO_RIGHTS, status=403)
        upload = request.FILES.get("upload")
        if upload is None:
            return _refuse(request, NO_FILE)
        try:
            request.FILES["upload"] = clean_picture(upload)
        except ValidationError as error:
            return _refuse(request, " ".join(error.messages))
        return super().post(request, **kwargs)


# CKEditor posts without Django's CSRF token, as in django-ckeditor; the view is staff-only (cms/urls.py).
upload = csrf_exempt(CheckedImageUploadView.as_view())
