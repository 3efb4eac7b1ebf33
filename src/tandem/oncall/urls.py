from django.urls import path

from tandem.oncall import paging_views, support_views, views

app_name = "oncall"
urlpatterns = [
    path("oncall/", views.index, name="index"),
    path("oncall/rotations/new/", views.rotation_edit, name="rotation_new"),
    path("oncall/rotations/<uuid:uuid>/", views.rotation_edit, name="rotation_edit"),
    path("oncall/rotations/<uuid:uuid>/overrides/", views.override_add, name="override_add"),
    path("oncall/overrides/<uuid:uuid>/remove/", views.override_remove, name="override_remove"),
    path("oncall/feeds/", views.feeds, name="feeds"),
    path("oncall/feeds/<uuid:uuid>/revoke/", views.feed_revoke, name="feed_revoke"),
    path("oncall/feeds/<str:token>.ics", views.feed, name="feed"),
    path("oncall/policies/new/", paging_views.policy_edit, name="policy_new"),
    path("oncall/policies/<uuid:uuid>/", paging_views.policy_edit, name="policy_edit"),
    path("oncall/pages/<uuid:uuid>/", paging_views.page, name="page"),
    path("oncall/ack/<str:token>/", paging_views.ack, name="ack"),
    path("oncall/channels/", paging_views.channels, name="channels"),
    path("oncall/channels/<uuid:uuid>/remove/", paging_views.channel_remove, name="channel_remove"),
    path("oncall/channels/<uuid:uuid>/test/", paging_views.channel_test, name="channel_test"),
    path("support/", support_views.support, name="support"),
]
