from django.urls import path

from articles.documents import feeds, views

app_name = "documents"

urlpatterns = [
    path("van-ban/", views.DocumentListView.as_view(), name="list"),
    path("van-ban/rss/", feeds.DocumentsFeed(), name="feed"),
    path("van-ban/loai/<slug:slug>/rss/", feeds.TypeFeed(), name="type_feed"),
    path("van-ban/co-quan/<slug:slug>/rss/", feeds.AgencyFeed(), name="agency_feed"),
    path("van-ban/<slug:slug>/", views.DocumentDetailView.as_view(), name="detail"),
    path("van-ban/<slug:slug>/tep/<int:pk>/", views.download, name="download"),
]
