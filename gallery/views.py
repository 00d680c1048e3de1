import hashlib

from django.db import models
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from procedures.models import Procedure
from procedures.views import ProcedureKeyMixin

from .forms import CaseFilterForm
from .models import Case, Photo, Rendition

# Browsers keep a photo but ask before every reuse, so a consent revocation reaches returning
# visitors (a 404) instead of the copy they already hold. "private" keeps shared caches out.
PUBLIC_IMAGE_CACHE = "private, no-cache"
STAFF_IMAGE_CACHE = "private, no-store"


class CaseListView(ProcedureKeyMixin, ListView):
    """`/gallery/`: public cases, twelve a page, filterable by treatment group and procedure."""

    template_name = "gallery/case_list.html"
    context_object_name = "cases"
    paginate_by = 12
    # Read by the page cache: other parameters never reach this view (practice_site/cache.py).
    query_parameters = ("group", "procedure")

    def get_queryset(self):
        # The filter offers each group's first procedures that have cases, and the one asked
        # for: a procedure page links here with its own. The list stays short however many
        # procedures the practice has.
        with_cases = Procedure.objects.published().filter(
            models.Exists(Case.objects.public().filter(procedures=models.OuterRef("pk")))
        )
        wanted = Procedure.objects.key_lookups(self.request.GET.get("procedure"))
        self.procedures = list(with_cases.first_in_each_group(**wanted).select_related("group"))
        self.filter_form = CaseFilterForm(self.request.GET or None, procedures=self.procedures)
        cases = Case.objects.public().with_photos(first_only=True).with_published_procedures()
        if self.filter_form.is_bound:
            cases = self.filter_form.filter(cases)
        return cases

    def get_context_data(self, **kwargs):
        form = self.filter_form
        cleaned = form.cleaned_data if form.is_bound else {}
        group_slug, procedure_key = cleaned.get("group", ""), cleaned.get("procedure", "")
        procedure = next((p for p in self.procedures if p.filter_key == procedure_key), None)
        group = next((p.group for p in self.procedures if p.group.slug == group_slug), None)
        return super().get_context_data(
            filter_form=form,
            selected=procedure or group,
            selected_group_slug=group_slug,
            selected_procedure_key=procedure_key,
            unknown_filter=bool(form.is_bound and form.errors),
            **kwargs,
        )


class CaseDetailView(DetailView):
    """`/gallery/patient-<number>/`: every photo pair of one public case."""

    template_name = "gallery/case_detail.html"
    context_object_name = "case"

    def get_object(self, queryset=None):
        cases = Case.objects.public().with_photos().with_published_procedures()
        return get_object_or_404(cases, number=self.kwargs["number"])

    def get(self, request, *args, **kwargs):
        # "/gallery/patient-08634/" names the same case: one address for it, as search
        # engines should list it.
        canonical = reverse("gallery:detail", kwargs={"number": self.kwargs["number"]})
        if request.path != canonical:
            return HttpResponsePermanentRedirect(canonical)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        procedures = self.object.published_procedures
        return super().get_context_data(
            pairs=self.object.pairs.all(),
            cta_procedure=procedures[0] if procedures else None,
            **kwargs,
        )


def _staff_may_preview(user):
    return user.is_active and user.is_staff and user.has_perm("gallery.view_case")


def _etag(rendition):
    # A rendition's bytes never change; a re-made one is a new row with a new file.
    digest = hashlib.blake2b(f"{rendition.pk}:{rendition.file.name}".encode(), digest_size=12)
    return f'"{digest.hexdigest()}"'


@require_safe
def rendition(request, key, width):
    """Serve one rendition, re-checking consent on every request (a revalidation included).

    Visitors get a photo only while its case is public; staff with access to the gallery admin
    also see photos of hidden cases (previews), never cached. Everything else is a 404 that
    reveals nothing about whether the photo exists.
    """
    found = get_object_or_404(
        Rendition.objects.select_related("photo").annotate(
            is_public=models.Exists(Photo.objects.public().filter(pk=models.OuterRef("photo_id")))
        ),
        photo__key=key,
        width=width,
    )
    response = None
    if found.is_public:
        etag, modified = _etag(found), int(found.photo.created_at.timestamp())
        headers = {"Cache-Control": PUBLIC_IMAGE_CACHE, "ETag": etag}
        headers["Last-Modified"] = http_date(modified)
        # A 304 when the visitor's copy is current; consent was checked above either way.
        response = get_conditional_response(request, etag=etag, last_modified=modified)
    elif _staff_may_preview(request.user):
        headers = {"Cache-Control": STAFF_IMAGE_CACHE}
    else:
        raise Http404("No such photo.")
    if response is None:
        try:
            handle = found.file.open("rb")
        except FileNotFoundError:
            raise Http404("No such photo.") from None
        response = FileResponse(handle, content_type="image/webp")
        response["Content-Disposition"] = "inline"
    for name, value in {**headers, "X-Content-Type-Options": "nosniff"}.items():
        response[name] = value
    return response
