"""Pictures once stored: how new code stores one, the labels kept for them, and renamed media.

Every stored picture that went through `articles.newsroom.uploads.clean_picture` is listed in StoredPicture with
the name its uploader gave it (a label, shown to editors) and its digest, which `reencode_pictures` uses
to leave clean files alone.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from django.core.files.storage import Storage, default_storage

from articles.newsroom.models import MediaRedirect, StoredPicture
from articles.newsroom.uploads import CleanPicture, clean_picture


def remember(*, name: str, picture: CleanPicture, uploaded_by=None) -> StoredPicture:
    """Record that `picture` is stored under `name`."""
    stored, _ = StoredPicture.objects.update_or_create(
        name=name,
        defaults={"label": picture.label, "sha256": picture.sha256, "uploaded_by": uploaded_by},
    )
    return stored


def store_picture(*, upload, folder: str, uploaded_by=None, storage: Storage | None = None) -> str:
    """Check, re-encode and store an uploaded picture in `folder`; returns its stored name.

    Raises ValidationError (Vietnamese message) when the upload is refused.
    """
    picture = clean_picture(upload)
    name = (storage or default_storage).save(posixpath.join(folder, picture.name or ""), picture)
    remember(name=name, picture=picture, uploaded_by=uploaded_by)
    return name


def remember_form_pictures(*, form, instance, uploaded_by=None) -> None:
    """After a model form's instance is saved: record the pictures its picture fields stored."""
    for field_name, value in form.cleaned_data.items():
        if isinstance(value, CleanPicture):
            stored = getattr(instance, field_name)
            if stored and stored.name:
                remember(name=stored.name, picture=value, uploaded_by=uploaded_by)


def labels_of(names: Iterable[str]) -> dict[str, str]:
    """The labels (uploaders' file names) of the stored pictures among `names`."""
    return dict(StoredPicture.objects.filter(name__in=list(names)).exclude(label="").values_list("name", "label"))


def new_name_of(old_name: str) -> str | None:
    """The name a renamed media file has now, or None."""
    return MediaRedirect.objects.filter(old_name=old_name).values_list("new_name", flat=True).first()
