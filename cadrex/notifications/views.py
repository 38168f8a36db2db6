"""The inbox: one's own notifications, marking them read, and one's contacts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cadrex.notifications import selectors, services
from cadrex.notifications.access import access_notification
from cadrex.notifications.forms import ContactForm, MarkReadForm


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), selectors.PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "sms_on": services.sms_enabled(),
            "email_on": services.email_enabled(),
            "contact": selectors.contact_of(request.user),
        },
    )


@login_required
@require_POST
def mark_read(request, pk: int):
    notification = access_notification(request.user, pk)
    if MarkReadForm(request.POST).is_valid():
        services.notification_mark_read(actor=request.user, notification=notification)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    if MarkReadForm(request.POST).is_valid():
        count = services.notifications_mark_all_read(actor=request.user)
        messages.success(request, f"已将{count}条消息标为已读。")
    return redirect("notifications:inbox")


@login_required
def contact(request):
    current = selectors.contact_of(request.user)
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            services.contact_update(
                actor=request.user,
                mobile=form.cleaned_data["mobile"],
                email=form.cleaned_data["email"],
            )
            messages.success(request, "联系方式已保存。")
            return redirect("notifications:inbox")
    else:
        form = ContactForm(
            initial={
                "mobile": current.mobile if current else "",
                "email": (current.email if current else "") or request.user.email,
            }
        )
    return render(
        request,
        "notifications/contact.html",
        {"form": form, "sms_on": services.sms_enabled(), "email_on": services.email_enabled()},
    )
