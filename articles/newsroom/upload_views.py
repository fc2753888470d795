"""CKEditor's picture upload and picture browser, on the one upload rule (articles/newsroom/uploads.py).

The upload answers as django-ckeditor's ImageUploadView does (a callback script for the dialog, JSON for
paste and drop), but stores the re-encoded picture under the name `clean_picture` chose, inside
ckeditor_uploader's own folder rule (`CKEDITOR_UPLOAD_PATH`/user/date).
"""

from __future__ import annotations

import posixpath
import re

from ckeditor_uploader import utils as ckeditor_utils
from ckeditor_uploader.backends import get_backend
from ckeditor_uploader.forms import SearchForm
from ckeditor_uploader.views import get_image_files, get_upload_filename
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.html import escapejs
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from articles.newsroom import rights, stored_pictures
from articles.newsroom.uploads import PICTURE_CONTENT_TYPES, clean_picture

NO_RIGHTS = "Bạn không có quyền tải ảnh lên: tài khoản cần quyền viết bài và thuộc ít nhất một cơ quan."
NO_FILE = "Không nhận được tệp ảnh nào."
BAD_FUNC_NUM = "Yêu cầu tải ảnh không hợp lệ: tham số CKEditorFuncNum phải là một số."

# CKEditor numbers its callbacks; the number goes into the script of the answer, so nothing else may.
FUNC_NUM = re.compile(r"[0-9]{1,10}")
# The browser's thumbnails are 75 pixels wide; longer names are cut, as django-ckeditor does.
LABEL_LENGTH = 20


def _answer(func_num: str | None, *, url: str = "", file_name: str = "", error: str = "", status: int = 200):
    """What CKEditor expects: the dialog upload (with CKEditorFuncNum) a script calling back into the
    editor, paste and drop JSON. CKEditor only reads an error message from a 200 answer."""
    if func_num:
        # escapejs: an error message names the uploaded file, whose name the uploader chose.
        return HttpResponse(
            f"<script>window.parent.CKEDITOR.tools.callFunction({func_num}, "
            f"'{escapejs(url)}', '{escapejs(error)}');</script>",
            status=status,
        )
    if error:
        return JsonResponse({"uploaded": 0, "error": {"message": error}}, status=status)
    return JsonResponse({"uploaded": "1", "url": url, "fileName": file_name}, status=status)


class CheckedImageUploadView(View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs) -> HttpResponse:
        func_num = request.GET.get("CKEditorFuncNum")
        if func_num is not None and not FUNC_NUM.fullmatch(func_num):
            return HttpResponseBadRequest(BAD_FUNC_NUM, content_type="text/plain; charset=utf-8")
        if not rights.can_upload(request.user):
            return _answer(func_num, error=NO_RIGHTS, status=403)
        upload = request.FILES.get("upload")
        if upload is None:
            return _answer(func_num, error=NO_FILE)
        try:
            picture = clean_picture(upload)
        except ValidationError as error:
            return _answer(func_num, error=" ".join(error.messages))
        # django-ckeditor's backend stores the file and the browser's thumbnail next to it.
        storage = ckeditor_utils.storage
        stored_name = get_backend()(storage, picture).save_as(get_upload_filename(picture.name, request))
        stored_pictures.remember(name=stored_name, picture=picture, uploaded_by=request.user)
        return _answer(func_num, url=storage.url(stored_name), file_name=posixpath.basename(stored_name))


# CKEditor posts without Django's CSRF token, as in django-ckeditor; the view is staff-only (cms/urls.py).
upload = csrf_exempt(CheckedImageUploadView.as_view())


def browse(request: HttpRequest) -> HttpResponse:
    """django-ckeditor's picture browser (each editor's own uploads), showing the names the uploaders gave."""
    storage = ckeditor_utils.storage
    names = list(get_image_files(user=request.user))
    labels = stored_pictures.labels_of(names)
    files = []
    for name in names:
        label = labels.get(name) or posixpath.basename(name)
        files.append(
            {
                "src": storage.url(name),
                "thumb": storage.url(ckeditor_utils.get_thumb_filename(name)),
                "is_image": posixpath.splitext(name)[1].lower() in PICTURE_CONTENT_TYPES,
                "label": label,
                "visible_filename": label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…",
            }
        )
    form = SearchForm(request.POST or None)
    if form.is_valid():
        query = form.cleaned_data.get("q", "").lower()
        files = [file for file in files if query in file["label"].lower()]
    context = {
        "show_dirs": getattr(settings, "CKEDITOR_BROWSE_SHOW_DIRS", False),
        "dirs": sorted({posixpath.dirname(file["src"]) for file in files}, reverse=True),
        "files": files,
        "form": form,
    }
    return render(request, "ckeditor/browse.html", context)
