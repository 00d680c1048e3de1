from django.urls import path, re_path

from . import views

app_name = "gallery"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="index"),
    path("patient-<int:number>/", views.CaseDetailView.as_view(), name="detail"),
    # Renditions only: the uploaded originals are never kept, and MEDIA_ROOT is never served.
    re_path(
        r"^photos/(?P<key>[0-9a-f]{32})/(?P<width>[1-9][0-9]{1,3})\.webp$",
        views.rendition,
        name="image",
    ),
]
