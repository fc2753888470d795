"""Subscribers and their subscriptions, the consent they gave, and the record of every email sent.

The database, not the task queue, says what was sent: one `Delivery` per (article, subscriber), or (document,
subscriber) for the documents register, whatever number of subscriptions the article or document answers, and one
`StaffNotification` per (workflow step, staff user). Tasks claim rows for a while (`claim`, `claimed_until`) and mark
each one as its email leaves (articles/alerts/sending.py).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from articles.alerts import topics
from articles.documents.models import Document, DocumentType
from articles.newsroom.models import Agency, Article, ArticleType, Official, Programme, Section, WorkflowEvent


def new_key() -> str:
    return secrets.token_hex(16)


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Ngay khi có bài"
    DAILY = "daily", "Bản tin hằng ngày lúc 17 giờ"


class Subscriber(models.Model):
    """An email address that confirmed at least one subscription (nothing is stored before that)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Đang nhận thư"
        PAUSED = "paused", "Tạm dừng vì thư bị trả lại"

    email = models.EmailField("thư điện tử", unique=True)
    # Part of every signed link: deleting the subscriber makes its old links worthless.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    status = models.CharField("tình trạng", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    hard_bounces = models.PositiveSmallIntegerField("số lần bị trả lại liên tiếp", default=0)
    paused_at = models.DateTimeField("ngày tạm dừng", null=True, blank=True)
    created_at = models.DateTimeField("ngày đăng ký", auto_now_add=True)

    class Meta:
        verbose_name = "người nhận thư"
        verbose_name_plural = "người nhận thư"

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    """One topic a subscriber confirmed, received at once or in the daily digest (articles/alerts/topics.py)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField("loại chủ đề", max_length=20, choices=topics.CHOICES)
    topic_key = models.CharField(max_length=60, editable=False)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    official = models.ForeignKey(Official, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    article_type = models.ForeignKey(ArticleType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    document_type = models.ForeignKey(DocumentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField("nhận thư", max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    created_at = models.DateTimeField("ngày xác nhận", auto_now_add=True)

    class Meta:
        verbose_name = "đăng ký nhận thư"
        verbose_name_plural = "đăng ký nhận thư"
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["subscriber", "topic_key"], name="one_subscription_per_topic")]

    def __str__(self) -> str:
        return self.description

    @property
    def topic(self) -> topics.TopicKind:
        return topics.KINDS[self.kind]

    @property
    def topic_object(self) -> models.Model | None:
        field = self.topic.field
        return getattr(self, field) if field else None

    @property
    def description(self) -> str:
        return topics.describe(self.topic, self.topic_object)


class Consent(models.Model):
    """What a subscriber agreed to, when and from which address (Decree 13/2023/NĐ-CP): one row per confirmation."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    topic = models.CharField("chủ đề", max_length=500)
    frequency = models.CharField("nhận thư", max_length=10, choices=Frequency.choices)
    wording = models.TextField("nội dung đã đồng ý")
    wording_version = models.CharField("phiên bản nội dung", max_length=20)
    requested_at = models.DateTimeField("thời điểm đăng ký")
    requested_from = models.GenericIPAddressField("địa chỉ IP khi đăng ký", null=True)
    confirmed_at = models.DateTimeField("thời điểm xác nhận", auto_now_add=True)
    confirmed_from = models.GenericIPAddressField("địa chỉ IP khi xác nhận", null=True)

    class Meta:
        verbose_name = "sự đồng ý"
        verbose_name_plural = "sự đồng ý"
        ordering = ["confirmed_at", "id"]

    def __str__(self) -> str:
        return f"{self.subscriber_id}: {self.topic}"


class SubscribeAttempt(models.Model):
    """A subscription request (per client address) or a confirmation email (per address), for the rate limits.

    Only a keyed hash of the address is kept: nothing readable is stored about someone who never confirmed.
    """

    class Kind(models.TextChoices):
        CLIENT = "client", "yêu cầu từ một địa chỉ IP"
        EMAIL = "email", "thư xác nhận gửi tới một địa chỉ"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "digest", "created_at"], name="alerts_attempt_lookup")]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at}"


def one_of_article_or_document() -> Q:
    return Q(article__isnull=False, document__isnull=True) | Q(article__isnull=True, document__isnull=False)


class Announcement(models.Model):
    """An article (or a document) whose emails were prepared: at most one per article or document, whichever
    process got there first."""

    article = models.OneToOneField(Article, null=True, on_delete=models.CASCADE, related_name="announcement")
    document = models.OneToOneField(Document, null=True, on_delete=models.CASCADE, related_name="announcement")
    recipients = models.PositiveIntegerField("số người nhận", default=0)
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "bài đã gửi thư"
        verbose_name_plural = "bài đã gửi thư"
        constraints = [models.CheckConstraint(condition=one_of_article_or_document(), name="announcement_of_one")]

    def __str__(self) -> str:
        if self.document_id:
            return f"Thư về văn bản {self.document_id}"
        return f"Thư về bài {self.article_id}"


class OutboxRow(models.Model):
    """What deliveries and staff notifications share: a state, attempts, and a task's claim on the row."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        SENT = "sent", "Đã gửi"
        BOUNCED = "bounced", "Bị trả lại"
        FAILED = "failed", "Không gửi được"
        CANCELLED = "cancelled", "Hủy (bài đã gỡ)"

    state = models.CharField("tình trạng", max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The task holding the row (its id), until when; or, without a holder, until when it waits in the queue.
    claim = models.CharField(max_length=64, null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("thời điểm gửi", null=True, blank=True)
    error = models.CharField("lỗi gần nhất", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Delivery(OutboxRow):
    """One article's (or document's) email to one subscriber: at once, or in the daily digest."""

    article = models.ForeignKey(Article, null=True, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, null=True, on_delete=models.CASCADE, related_name="+")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)

    class Meta:
        verbose_name = "thư gửi người nhận"
        verbose_name_plural = "thư gửi người nhận"
        constraints = [
            models.UniqueConstraint(fields=["article", "subscriber"], name="one_email_per_article"),
            models.UniqueConstraint(fields=["document", "subscriber"], name="one_email_per_document"),
            models.CheckConstraint(condition=one_of_article_or_document(), name="delivery_of_one"),
        ]
        indexes = [
            models.Index(
                fields=["frequency", "article", "id"], condition=Q(state="pending"), name="alerts_delivery_pending"
            )
        ]

    def __str__(self) -> str:
        what = f"Văn bản {self.document_id}" if self.document_id else f"Bài {self.article_id}"
        return f"{what} → người nhận {self.subscriber_id}: {self.state}"


class StaffNotification(OutboxRow):
    """One workflow step told to one staff user by email."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Bài chờ duyệt"
        APPROVED = "approved", "Bài đã được duyệt"
        SCHEDULED = "scheduled", "Bài được hẹn giờ đăng"
        RETURNED = "returned", "Bài bị trả lại"

    event = models.ForeignKey(WorkflowEvent, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "recipient"], name="one_notification_per_step")]
        indexes = [models.Index(fields=["id"], condition=Q(state="pending"), name="alerts_staff_pending")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}: {self.state}"


class StaffAlertSetting(models.Model):
    """A staff user's choice about workflow emails; without a row they are on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_setting")
    workflow_emails = models.BooleanField("nhận thư thông báo về quy trình duyệt bài", default=True)

    class Meta:
        verbose_name = "thông báo qua thư"
        verbose_name_plural = "thông báo qua thư"

    def __str__(self) -> str:
        return f"{self.user_id}: {self.workflow_emails}"
