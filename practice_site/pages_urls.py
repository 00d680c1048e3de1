from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "about/",
        views.SitePageView.as_view(key="about", template_name="practice_site/about.html"),
        name="about",
    ),
    path("share-card.png", views.share_card, name="share_card"),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("terms/", views.SitePageView.as_view(key="terms"), name="terms"),
    path("privacy/", views.SitePageView.as_view(key="privacy"), name="privacy"),
]
