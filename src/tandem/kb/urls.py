from django.urls import path

from tandem.kb import views

app_name = "kb"

urlpatterns = [
    path("kb/", views.article_list, name="article_list"),
    path("kb/new/", views.article_edit, name="article_create"),
    path("kb/suggest/", views.suggest, name="suggest"),
    path("kb/<uuid:uuid>/", views.article_detail, name="article_detail"),
    path("kb/<uuid:uuid>/edit/", views.article_edit, name="article_edit"),
    path("kb/<uuid:uuid>/remove/", views.article_delete, name="article_delete"),
    path("kb/<uuid:uuid>/solved/", views.article_solved, name="article_solved"),
]
