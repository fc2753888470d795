from django.urls import path

from articles.alerts import views

app_name = "alerts"

urlpatterns = [
    path("nhan-tin/", views.SubscribeView.as_view(), name="subscribe"),
    path("nhan-tin/da-gui/", views.SentView.as_view(), name="sent"),
    path("nhan-tin/xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("nhan-tin/quan-ly/<str:token>/", views.manage, name="manage"),
    path("nhan-tin/huy/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("nhan-tin/<slug:kind>/<slug:slug>/", views.SubscribeView.as_view(), name="subscribe_topic"),
]
