"""Saving drafts, publishing them (now or on schedule), withdrawing pages, recording versions."""

import logging

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import Draft, Version, Withdrawal
from .preview import NoMessages
from .registry import draftable
from .state import align, bind, is_valid, state_of, widget_data

logger = logging.getLogger(__name__)


def content_type(model):
    return ContentType.objects.get_for_model(model, for_concrete_model=False)


def draft_of(obj):
    return Draft.objects.of(obj).first()


def save_draft(model, obj, draft, data, user, label, base=None):
    """Keep `data` as the draft of `obj` (or, with obj None, as a new page). Returns the draft.

    `base` is the page's state that `data` was edited from (see state.align). The first save of
    unpublished changes sets when they began; later saves keep it.
    """
    if draft is None and obj is not None:
        draft = draft_of(obj)
    if draft is None:
        draft = Draft(
            content_type=content_type(model),
            object_id=obj.pk if obj is not None else None,
            created_by=user,
        )
    draft.data = data
    draft.base = base
    draft.label = label[:200]
    draft.updated_by = user
    draft.problem = ""
    draft.save()
    return draft


def draft_state(model_admin, request, obj, draft, moved=None):
    """The form data that publishing `draft` would post: its changes on the page as stored now.

    Rows the draft changed that have moved to another page since are appended to `moved`.
    """
    config = draftable(model_admin.model)
    return align(
        model_admin,
        request,
        obj,
        draft.data,
        config.live_inlines,
        draft.base,
        config.together,
        moved,
    )


def record_version(model_admin, request, obj, note="", when=None):
    """Store the change form of `obj` as it is now as a published version."""
    fresh = model_admin.get_object(request, str(obj.pk)) or obj
    user = request.user if getattr(request.user, "is_authenticated", False) else None
    return Version.objects.create(
        content_type=content_type(type(obj)),
        object_id=obj.pk,
        data=state_of(model_admin, request, fresh),
        label=str(fresh)[:200],
        published_at=when or timezone.now(),
        published_by=user,
        note=note[:200],
    )


def record_baseline(model_admin, request, obj):
    """Before the first publication through drafts, keep the page as it was as a version."""
    if Version.objects.of(obj).exists():
        return None
    stored = model_admin.get_object(request, str(obj.pk))
    if stored is None:
        return None
    version = record_version(model_admin, request, stored, note="As it was before", when=None)
    version.published_by = None
    version.published_at = getattr(stored, "updated_at", None) or version.published_at
    version.save(update_fields=["published_by", "published_at"])
    return version


# --- Publishing without a browser: scheduled publication and withdrawal ---------------------


def request_for(user):
    """A POST request from `user` for the admin's form methods, outside any web request."""
    request = HttpRequest()
    request.method = "POST"
    request.user = user
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    request.META = {"SCRIPT_NAME": "", "SERVER_NAME": host.lstrip("."), "SERVER_PORT": "443"}
    request.path = request.path_info = "/"
    request._messages = NoMessages(request)
    return request


class PublishingProblem(Exception):
    """A draft that could not be published; the message says why, in plain words."""


def publish_draft(draft, user, note="Published", show=False):
    """Publish a stored draft through the admin's form and formsets. Returns the page.

    With `show`, the page is also made visible (its visibility field set to "shown"), as a
    scheduled "go live" promises; the form still decides whether it may be (consent, ...).

    Raises PublishingProblem (and changes nothing) when the user may not publish it or the form
    no longer accepts it, for example because another page took its address meanwhile.
    """
    model = draft.content_type.model_class()
    model_admin = admin.site.get_model_admin(model)
    config = draftable(model)
    request = request_for(user)
    if user is None or not user.is_active or not user.is_staff:
        raise PublishingProblem("the person who scheduled it can no longer sign in")
    obj = None
    if draft.object_id is not None:
        obj = model_admin.get_object(request, unquote(str(draft.object_id)))
        if obj is None:
            raise PublishingProblem("the page has been deleted")
    allowed = (
        model_admin.has_change_permission(request, obj)
        if obj is not None
        else model_admin.has_add_permission(request)
    )
    if not allowed:
        raise PublishingProblem(f"{user.get_username()} may no longer change these pages")
    data = draft_state(model_admin, request, obj, draft)
    if show and config.visibility:
        data = with_value(model_admin, request, obj, data, *config.visibility[:2])
    request.drafts_publishing = draft
    request.drafts_note = note
    with transaction.atomic():
        form, formsets = bind(model_admin, request, obj, data)
        if not is_valid(form, formsets):
            raise PublishingProblem(_errors_in_words(form, formsets))
        change = obj is not None
        saved = model_admin.save_form(request, form, change=change)
        model_admin.save_model(request, saved, form, change)
        model_admin.save_related(request, form, formsets, change)
        message = model_admin.construct_change_message(request, form, formsets, not change)
        if change:
            model_admin.log_change(request, saved, message)
        else:
            model_admin.log_addition(request, saved, message)
    return saved


def with_value(model_admin, request, obj, data, name, value):
    """`data` with the form field `name` set to `value`, in the format its widget posts."""
    form, _ = bind(model_admin, request, obj, data)
    if name not in form.fields:
        return data
    key = form.add_prefix(name)
    result = {k: v for k, v in data.items() if k != key}
    result.update(widget_data(form.fields[name].widget, key, value))
    return result


def _errors_in_words(form, formsets):
    """The refusals of a form and its formsets as one sentence, each with its field's label."""
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        problems.extend(f"{label}: {e}" if label else str(e) for e in errors)
    for formset in formsets:
        problems.extend(str(e) for e in formset.non_form_errors())
        for row in formset.errors:
            for name, errors in row.items():
                field = formset.form.base_fields.get(name)
                label = field.label if field is not None and field.label else name
                what = f"{formset.model._meta.verbose_name}, {label}"
                problems.extend(f"{what}: {e}" for e in errors)
    # The caller ends the sentence: no error's own full stop before it.
    return "the form does not accept it: " + "; ".join(p.rstrip(".") for p in problems)


def after_publication(model_admin, request, obj, change):
    """What a publication through the admin leaves behind: a version, and no draft."""
    draft = getattr(request, "drafts_publishing", None)
    record_version(model_admin, request, obj, note=getattr(request, "drafts_note", "Published"))
    drafts = Draft.objects.of(obj)
    if draft is not None and draft.pk:
        drafts = drafts | Draft.objects.filter(pk=draft.pk)
    drafts.delete()


def drafted_states(model_admin, request):
    """(draft, page id, the page's state now) for each page of the admin's model whose draft
    was saved without a base (before migration 0003). A draft with a base needs none of this:
    publishing it applies only its own changes (state.align)."""
    drafted = []
    drafts = Draft.objects.for_model(model_admin.model)
    for draft in drafts.filter(object_id__isnull=False, base__isnull=True):
        obj = model_admin.get_object(request, str(draft.object_id))
        if obj is not None:
            drafted.append((draft, obj.pk, state_of(model_admin, request, obj)))
    return drafted


def carry_into_drafts(model_admin, request, drafted):
    """What changed on each page since `drafted_states` read it, written into its draft too."""
    for draft, pk, before in drafted:
        obj = model_admin.get_object(request, str(pk))
        after = state_of(model_admin, request, obj) if obj is not None else before
        changed = {key: value for key, value in after.items() if before.get(key) != value}
        if changed:
            draft.data.update(changed)
            draft.save(update_fields=["data"])


def withdraw(withdrawal):
    """Take a page off the site by its hidden value (a normal save: the page cache follows)."""
    model = withdrawal.content_type.model_class()
    config = draftable(model)
    obj = model._default_manager.filter(pk=withdrawal.object_id).first()
    if obj is not None and config and config.visibility:
        name, _shown, hidden = config.visibility
        setattr(obj, name, hidden)
        fields = [name] + (["updated_at"] if hasattr(obj, "updated_at") else [])
        obj.save(update_fields=fields)
        # The version history records the withdrawal like any publication.
        user = withdrawal.scheduled_by
        if user is not None:
            model_admin = admin.site.get_model_admin(model)
            record_version(model_admin, request_for(user), obj, note="Taken off the site")
    withdrawal.delete()
    return obj


def run_due(now=None):
    """Publish every draft and withdraw every page whose time has come. Returns (done, failed).

    Each in its own transaction, rows locked, so that two runners (the worker and cron) never
    do one twice. A failure is written on the draft for staff to see, and not retried until
    someone schedules it again.
    """
    now = now or timezone.now()
    done = failed = 0
    due = Draft.objects.filter(publish_at__lte=now, problem="").values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            draft = (
                Draft.objects.select_for_update(of=("self",))
                .filter(pk=pk, publish_at__lte=now, problem="")
                .select_related("content_type", "scheduled_by")
                .first()
            )
            if draft is None:
                continue
            try:
                with transaction.atomic():
                    publish_draft(
                        draft, draft.scheduled_by, note="Published on schedule", show=True
                    )
                done += 1
            except PublishingProblem as problem:
                at = timezone.localtime(draft.publish_at)
                draft.problem = f"Not published at {at:%b %-d, %Y %H:%M}: {problem}."
                draft.save(update_fields=["problem"])
                logger.warning("Scheduled publication of draft %s failed: %s", pk, problem)
                failed += 1
    due = Withdrawal.objects.filter(withdraw_at__lte=now, problem="").values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            withdrawal = (
                Withdrawal.objects.select_for_update(of=("self",))
                .filter(pk=pk, withdraw_at__lte=now)
                .select_related("content_type", "scheduled_by")
                .first()
            )
            if withdrawal is not None:
                withdraw(withdrawal)
                done += 1
    return done, failed


def set_schedule(model, obj, draft, user, go_live_at=None, withdraw_at=None):
    """Set (or clear, with None) when the draft goes live and when the page leaves the site.

    Queues a task on the worker for each time; returns what was set, in a sentence for staff.
    """
    said = []
    with transaction.atomic():
        if draft is not None:
            draft.publish_at = go_live_at
            draft.scheduled_by = user if go_live_at else None
            draft.problem = ""
            draft.save(update_fields=["publish_at", "scheduled_by", "problem"])
            if go_live_at:
                said.append(f"the draft goes live on {_when(go_live_at)}")
                _queue(go_live_at)
        if obj is not None:
            Withdrawal.objects.of(obj).delete()
            if withdraw_at:
                Withdrawal.objects.create(
                    content_type=content_type(model),
                    object_id=obj.pk,
                    withdraw_at=withdraw_at,
                    scheduled_by=user,
                )
                said.append(f"the page leaves the site on {_when(withdraw_at)}")
                _queue(withdraw_at)
    name = str(obj) if obj is not None else draft.label
    if not said:
        return f"Nothing is scheduled for “{name}”."
    return f"Scheduled: {' and '.join(said)} (“{name}”)."


def _when(value):
    return f"{timezone.localtime(value):%A %B %-d, %Y at %H:%M}"


def _queue(at):
    """Queue the worker's run for `at`. If queuing fails, cron's `publish_scheduled` runs it."""
    from .tasks import publish_due

    try:
        with transaction.atomic():
            publish_due.using(run_after=at).enqueue()
    except Exception:  # a missing or misconfigured task backend must not lose the schedule
        logger.exception("Could not queue the scheduled publication; cron will run it.")
