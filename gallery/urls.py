from django.urls import path
from django.views.generic import TemplateView

app_name = "gallery"

# Placeholder: the gallery issue replaces this.
urlpatterns = [path("", TemplateView.as_view(template_name="404.html"), name="index")]
