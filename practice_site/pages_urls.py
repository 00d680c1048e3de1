from django.urls import path, re_path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "about/",
        views.SitePageView.as_view(
            key="about", template_name="practice_site/about.html", with_providers=True
        ),
        name="about",
    ),
    path("about/<slug:slug>/", views.ProviderDetailView.as_view(), name="provider"),
    re_path(
        r"^pictures/(?P<key>[0-9a-f]{32})/(?P<width>[1-9][0-9]{1,3})\.webp$",
        views.picture,
        name="picture",
    ),
    re_path(r"^videos/(?P<key>[0-9a-f]{32})\.mp4$", views.video, name="video"),
    re_path(r"^videos/(?P<key>[0-9a-f]{32})\.vtt$", views.captions, name="captions"),
    path("share-card.png", views.share_card, name="share_card"),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("terms/", views.SitePageView.as_view(key="terms"), name="terms"),
    path("privacy/", views.SitePageView.as_view(key="privacy"), name="privacy"),
]
