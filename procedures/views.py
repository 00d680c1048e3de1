from django.views.generic import TemplateView

# Placeholder views: the procedures issue replaces them.


class ProcedureIndexView(TemplateView):
    template_name = "404.html"


GroupDetailView = ProcedureDetailView = ConditionListView = ConditionDetailView = FAQView = (
    ProcedureIndexView
)
