from django.urls import path

from articles.pages import views

app_name = "pages"

urlpatterns = [
    path("trang/<slug:slug>/", views.PageView.as_view(), name="page"),
]
