from django.urls import path

from articles.search import views

app_name = "search"

urlpatterns = [
    path("tim-kiem/", views.SearchView.as_view(), name="results"),
]
