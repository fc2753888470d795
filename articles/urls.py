from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("bai-viet/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("xem-truoc/<str:token>/", views.preview, name="preview"),
    path("co-quan/", views.AgencyListView.as_view(), name="agency_list"),
    path("co-quan/<slug:slug>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("can-bo/", views.OfficialListView.as_view(), name="official_list"),
    path("can-bo/<slug:slug>/", views.OfficialDetailView.as_view(), name="official_detail"),
    path("chuong-trinh/", views.ProgrammeListView.as_view(), name="programme_list"),
    path("chuong-trinh/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
]
