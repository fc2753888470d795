from django.urls import path

from articles.api.api import api
from articles.api.docs import DocsView

app_name = "api"

# Version 1 lives under v1/ (namespace api:v1); a version 2 would be mounted beside it (docs/api.md).
urlpatterns = [
    path("v1/docs/", DocsView.as_view(), name="docs"),
    path("v1/", api.urls),
]
