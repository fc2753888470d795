"""Admin forms: articles (optimistic locking, cover pictures), officials (portraits), workflow step forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.newsroom import services
from articles.newsroom.models import Article, Official
from articles.newsroom.uploads import clean_picture

PICTURE_HELP = (
    "Ảnh JPEG, PNG, WebP hoặc GIF, tối đa 20 MB và 40 megapixel. Ảnh được lưu lại thành tệp mới với tên do "
    "hệ thống đặt, không giữ thông tin kèm theo (vị trí GPS, máy chụp, chú thích trong tệp)."
)


class PictureField(forms.ImageField):
    """A picture upload on the one upload rule (articles/uploads.py): checked, re-encoded, renamed by the server.

    Its cleaned value is an `articles.newsroom.uploads.CleanPicture`; the admin records its label after saving
    (`articles.newsroom.stored_pictures.remember_form_pictures`).
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return clean_picture(upload)


class ArticleAdminForm(forms.ModelForm):
    # The version the editor opened; a save from an older one is refused (optimistic locking).
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    cover = PictureField(label="Ảnh đại diện", required=False, help_text=PICTURE_HELP)

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    known_conflict: str | None = None  # set by the admin when the save itself lost a race

    def clean(self):
        cleaned = super().clean() or {}
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


class PreviewForm(forms.Form):
    days = forms.IntegerField(
        label="Số ngày hiệu lực",
        min_value=1,
        max_value=services.PREVIEW_MAX_DAYS,
        initial=services.PREVIEW_DAYS,
    )
