"""Addresses of the English site that differ from the Vietnamese ones' English twins: the feeds list English
versions, and the print view prints one. Included before the language-prefixed patterns (cms/urls.py), so that
/en/rss/, /en/atom/ and /en/bai-viet/<slug>/ban-in/ reach these views; reversed as `public:…` they keep their
addresses (the Vietnamese views answer /rss/, /atom/ and /bai-viet/<slug>/ban-in/)."""

from django.urls import path

from articles.english import feeds, views

app_name = "english"

urlpatterns = [
    path("en/rss/", feeds.EnglishArticlesFeed(), name="feed_rss"),
    path("en/atom/", feeds.EnglishArticlesAtomFeed(), name="feed_atom"),
    path("en/bai-viet/<slug:slug>/ban-in/", views.article_print, name="article_print"),
]
