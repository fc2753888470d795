from django.urls import path

from articles.site import views

app_name = "site"

urlpatterns = [
    path("bieu-trung/<str:name>", views.emblem, name="emblem"),
]
