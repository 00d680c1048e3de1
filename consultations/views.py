from django.views.generic import TemplateView

# Placeholder views: the consultations issue replaces them.


class ConsultationRequestView(TemplateView):
    template_name = "404.html"


ThanksView = ConsultationRequestView
