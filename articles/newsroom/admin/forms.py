"""Admin forms: articles (optimistic locking, cover pictures), officials (portraits), workflow step forms."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from articles.newsroom import live_edits, services, workflow
from articles.newsroom.models import Article, LiveEdit, Official
from articles.newsroom.uploads import clean_picture

PICTURE_HELP = (
    "Ảnh JPEG, PNG, WebP hoặc GIF, tối đa 20 MB và 40 megapixel. Ảnh được lưu lại thành tệp mới với tên do "
    "hệ thống đặt, không giữ thông tin kèm theo (vị trí GPS, máy chụp, chú thích trong tệp)."
)


class PictureField(forms.ImageField):
    """A picture upload on the one upload rule (articles/newsroom/uploads.py): checked, re-encoded, renamed by
    the server.

    Its cleaned value is an `articles.newsroom.uploads.CleanPicture`; the admin records its label after saving
    (`articles.newsroom.stored_pictures.remember_form_pictures`).
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return clean_picture(upload)


# Vietnamese text areas: the browser's spell checker in Vietnamese, and screen readers read them as Vietnamese.
VIETNAMESE_TEXT = {"lang": "vi", "spellcheck": "true"}
# A picture in the body whose address is not one the site stores: pasted data, a file on the writer's computer.
_IMG_TAG_RE = re.compile(r"<img\b[^>]*>", re.I)
_IMG_SRC_RE = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
UNSAVED_PICTURE = (
    "Nội dung có {count} ảnh chưa được tải lên máy chủ (ảnh dán hoặc kéo thả chưa tải xong, hoặc ảnh nằm trên "
    "máy của bạn). Hãy xóa các ảnh đó rồi chèn lại bằng nút “Ảnh” › “Tải lên”, hoặc dán lại và chờ ảnh tải xong."
)


def unsaved_pictures(body: str) -> int:
    """How many pictures in `body` have no address the site can serve (none, data:, blob:, file:)."""
    count = 0
    for tag in _IMG_TAG_RE.findall(body or ""):
        match = _IMG_SRC_RE.search(tag)
        src = next((group for group in match.groups() if group is not None), "").strip() if match else ""
        if not src or src.lower().startswith(("data:", "blob:", "file:")):
            count += 1
    return count


class ArticleAdminForm(forms.ModelForm):
    # The version the editor opened; a save from an older one is refused (optimistic locking).
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    cover = PictureField(label="Ảnh đại diện", required=False, help_text=PICTURE_HELP)
    # Only for a published article: its changes wait for review (articles/newsroom/live_edits.py).
    edit_kind = forms.ChoiceField(
        label="Loại thay đổi",
        choices=LiveEdit.Kind.choices,
        initial=LiveEdit.Kind.MINOR,
        widget=forms.RadioSelect,
        required=False,
        help_text="Bài đang đăng giữ nguyên cho tới khi người duyệt đăng bản sửa này.",
    )
    edit_note = forms.CharField(
        label="Ghi chú đính chính (công khai)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **VIETNAMESE_TEXT}),
        help_text="Với đính chính: hiện dưới bài thành “Cập nhật lúc dd/mm/yyyy hh:mm: …” và trong RSS/Atom.",
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "lead",
            "body",
            "cover",
            "cover_alt",
            "cover_caption",
            "published_at",
            "agency",
            "source",
            "officials",
            "programmes",
            "related",
        ]
        widgets = {
            # A 300-character Vietnamese headline is seen whole while it is typed.
            "title": forms.Textarea(attrs={"rows": 3, "maxlength": 300, "class": "title-input", **VIETNAMESE_TEXT}),
            "lead": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField", **VIETNAMESE_TEXT}),
            "cover_alt": forms.TextInput(attrs={"class": "vLargeTextField", **VIETNAMESE_TEXT}),
            "cover_caption": forms.TextInput(attrs={"class": "vLargeTextField", **VIETNAMESE_TEXT}),
        }
        labels = {"cover_alt": "Mô tả ảnh cho người khiếm thị", "cover_caption": "Chú thích ảnh"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
        edit = workflow.open_edit(self.instance) if self.instance.pk else None
        if edit is not None:
            # The form continues the edit waiting for review, not the published text.
            self.initial.update(self._initial_from(edit))

    def _initial_from(self, edit: LiveEdit) -> dict:
        initial: dict = {
            name: edit.data[name] for name in ("title", "slug", "lead", "body", "cover_alt") if name in edit.data
        }
        initial.update({name: edit.data[name] for name in ("cover_caption", "source") if name in edit.data})
        if "agency_id" in edit.data:
            initial["agency"] = edit.data["agency_id"]
        for name in live_edits.LINKS:
            if name in edit.data:
                initial[name] = edit.data[name]
        cover_field = Article._meta.get_field("cover")
        initial["cover"] = FieldFile(self.instance, cover_field, edit.data.get("cover") or None)
        initial["edit_kind"], initial["edit_note"] = edit.kind, edit.note
        return initial

    known_conflict: str | None = None  # set by the admin when the save itself lost a race

    def clean_title(self) -> str:
        # A headline is one line, whatever the text area let through.
        return " ".join((self.cleaned_data.get("title") or "").split())

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body") or ""
        count = unsaved_pictures(body)
        if count:
            raise ValidationError(UNSAVED_PICTURE.format(count=count), code="unsaved_picture")
        return body

    def clean(self):
        cleaned = super().clean() or {}
        published = self.instance.pk is not None and self.instance.loaded_status == Article.Status.PUBLISHED
        correction = cleaned.get("edit_kind") == LiveEdit.Kind.CORRECTION
        if published and correction and not (cleaned.get("edit_note") or "").strip():
            self.add_error("edit_note", live_edits.CORRECTION_NOTE_NEEDED)
        if self.known_conflict:
            raise ValidationError(self.known_conflict, code="edit_conflict")
        if self.instance.pk:
            # Lock the row (PostgreSQL) so a concurrent save waits and then sees the new version here.
            current = (
                Article.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned.get("loaded_version") != current:
                raise ValidationError(services.conflict_message(self.instance.pk), code="edit_conflict")
        return cleaned


class OfficialAdminForm(forms.ModelForm):
    portrait = PictureField(label="Ảnh chân dung", required=False, help_text=PICTURE_HELP)

    class Meta:
        model = Official
        fields = [
            "full_name",
            "slug",
            "portrait",
            "portrait_alt",
            "biography",
            "biography_en",
            "phone",
            "email",
            "contacts_public",
        ]


class CommentForm(forms.Form):
    comment = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RejectForm(forms.Form):
    comment = forms.CharField(
        label="Lý do trả lại",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Người viết sẽ thấy ghi chú này trong nhật ký biên tập.",
        error_messages={"required": "Hãy ghi lý do trả lại để người viết biết cần sửa gì."},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Lý do gỡ bài (công khai)",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Lý do này hiển thị cho bạn đọc trên trang bài viết.",
        error_messages={"required": "Hãy ghi lý do gỡ bài."},
    )


class ScheduleForm(forms.Form):
    publish_at = forms.SplitDateTimeField(
        label="Thời điểm đăng (giờ Hà Nội)",
        widget=forms.SplitDateTimeWidget(
            date_format="%d/%m/%Y",
            time_format="%H:%M",
            # The two inputs sit under one legend; each needs its own name for screen readers (axe-core).
            date_attrs={"aria-label": "Ngày đăng (ngày/tháng/năm)"},
            time_attrs={"aria-label": "Giờ đăng (giờ:phút)"},
        ),
        input_date_formats=["%d/%m/%Y"],
        input_time_formats=["%H:%M", "%H:%M:%S"],
        help_text="Chọn một thời điểm trong tương lai để hẹn giờ: bài tự xuất hiện đúng phút đó.",
    )
    comment = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def for_article(cls, article: Article, data: Any = None) -> ScheduleForm:
        start = max(article.published_at, timezone.now())
        return cls(data, initial={"publish_at": timezone.localtime(start)})


class PublishEditForm(forms.Form):
    kind = forms.ChoiceField(label="Loại thay đổi", choices=LiveEdit.Kind.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Ghi chú đính chính (công khai)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **VIETNAMESE_TEXT}),
        help_text="Hiện dưới bài thành “Cập nhật lúc dd/mm/yyyy hh:mm: …” và trong RSS/Atom; bỏ trống với sửa nhỏ.",
    )
    comment = forms.CharField(label="Ghi chú nội bộ", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def for_article(cls, article: Article, data: Any = None) -> PublishEditForm:
        edit = workflow.open_edit(article)
        return cls(data, initial={"kind": edit.kind, "note": edit.note} if edit else {})

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("kind") == LiveEdit.Kind.CORRECTION and not (cleaned.get("note") or "").strip():
            self.add_error("note", live_edits.CORRECTION_NOTE_NEEDED)
        return cleaned


class ReturnEditForm(RejectForm):
    comment = forms.CharField(
        label="Lý do trả lại",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Người lưu bản sửa thấy ghi chú này trên trang quản trị của mình và trong lịch sử bài.",
        error_messages={"required": "Hãy ghi lý do trả lại để người sửa biết cần sửa gì."},
    )


class PreviewForm(forms.Form):
    days = forms.IntegerField(
        label="Số ngày hiệu lực",
        min_value=1,
        max_value=services.PREVIEW_MAX_DAYS,
        initial=services.PREVIEW_DAYS,
    )
