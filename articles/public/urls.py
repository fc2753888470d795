from django.urls import path

from articles.public import directory_views, feeds, staff_preview, views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tin-moi/", views.LatestView.as_view(), name="latest"),
    path("chuyen-muc/<slug:slug>/", views.SectionDetailView.as_view(), name="section_detail"),
    path("loai-tin/<slug:slug>/", views.ArticleTypeDetailView.as_view(), name="article_type_detail"),
    path("bai-viet/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("bai-viet/<slug:slug>/ban-in/", views.ArticlePrintView.as_view(), name="article_print"),
    path("a/<int:pk>/", views.article_permalink, name="article_permalink"),
    path("luu-tru/", views.ArchiveIndexView.as_view(), name="archive_index"),
    path("luu-tru/<int:year>/", views.ArchiveView.as_view(), name="archive_year"),
    path("luu-tru/<int:year>/<int:month>/", views.ArchiveView.as_view(), name="archive_month"),
    path("xem-truoc/<str:token>/", views.preview, name="preview"),
    path("xem-truoc/bai/<int:pk>/", staff_preview.StaffPreviewView.as_view(), name="staff_preview"),
    path(
        "xem-truoc/bai/<int:pk>/ban-sua/",
        staff_preview.StaffPreviewView.as_view(with_edit=True),
        name="staff_preview_edit",
    ),
    path("co-quan/", directory_views.AgencyListView.as_view(), name="agency_list"),
    path("co-quan/so-do/", directory_views.AgencyChartView.as_view(), name="agency_chart"),
    path("co-quan/<slug:slug>/", directory_views.AgencyDetailView.as_view(), name="agency_detail"),
    path("can-bo/", directory_views.OfficialListView.as_view(), name="official_list"),
    path("can-bo/<slug:slug>/", directory_views.OfficialDetailView.as_view(), name="official_detail"),
    path("chuong-trinh/", directory_views.ProgrammeListView.as_view(), name="programme_list"),
    path("chuong-trinh/<slug:slug>/", directory_views.ProgrammeDetailView.as_view(), name="programme_detail"),
    # Feeds
    path("rss/", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("feed.json", feeds.LatestArticlesJsonFeed(), name="feed_json"),
    path("chuyen-muc/<slug:slug>/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("chuyen-muc/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("loai-tin/<slug:slug>/rss/", feeds.ArticleTypeFeed(), name="article_type_feed_rss"),
    path("loai-tin/<slug:slug>/atom/", feeds.ArticleTypeAtomFeed(), name="article_type_feed_atom"),
    path("co-quan/<slug:slug>/rss/", feeds.AgencyFeed(), name="agency_feed_rss"),
    path("co-quan/<slug:slug>/atom/", feeds.AgencyAtomFeed(), name="agency_feed_atom"),
    path("co-quan/<slug:slug>/feed.json", feeds.AgencyJsonFeed(), name="agency_feed_json"),
    path("can-bo/<slug:slug>/rss/", feeds.OfficialFeed(), name="official_feed_rss"),
    path("can-bo/<slug:slug>/atom/", feeds.OfficialAtomFeed(), name="official_feed_atom"),
    path("can-bo/<slug:slug>/feed.json", feeds.OfficialJsonFeed(), name="official_feed_json"),
    path("chuong-trinh/<slug:slug>/rss/", feeds.ProgrammeFeed(), name="programme_feed_rss"),
    path("chuong-trinh/<slug:slug>/atom/", feeds.ProgrammeAtomFeed(), name="programme_feed_atom"),
    path("chuong-trinh/<slug:slug>/feed.json", feeds.ProgrammeJsonFeed(), name="programme_feed_json"),
]
