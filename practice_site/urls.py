from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("practice_site.pages_urls")),
    path("", include("procedures.urls")),
    path("gallery/", include("gallery.urls")),
    path("testimonials/", include("testimonials.urls")),
    path("consultation/", include("consultations.urls")),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(f"{settings.ADMIN_PATH}two-factor/", include("practice_site.twofactor.urls")),
    path(f"{settings.ADMIN_PATH}", admin.site.urls),
]

handler403 = "practice_site.views.permission_denied"
handler404 = "practice_site.views.page_not_found"
handler500 = "practice_site.views.server_error"
