from django.urls import path

from . import views

app_name = "procedures"

# Mounted at the site root: the procedure pages live under /procedures/, the others beside them.
urlpatterns = [
    path("procedures/", views.ProcedureIndexView.as_view(), name="index"),
    path("procedures/<slug:group_slug>/", views.GroupDetailView.as_view(), name="group"),
    path(
        "procedures/<slug:group_slug>/<slug:slug>/",
        views.ProcedureDetailView.as_view(),
        name="detail",
    ),
    path("conditions/", views.ConditionListView.as_view(), name="conditions"),
    path("conditions/<slug:slug>/", views.ConditionDetailView.as_view(), name="condition"),
    path("faq/", views.FAQView.as_view(), name="faq"),
]
