"""Cadres' photos: one uploaded on a cadre's page (the office, or the cadre's own unit's
operator), many imported from a .zip named by ID number (the office)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cadrex.accounts.access import role_required
from cadrex.accounts.models import Role, User
from cadrex.registry.access import access_cadre
from cadrex.registry.models import Cadre
from cadrex.registry.photos import (
    MB,
    PHOTO_MAX_BYTES,
    ZIP_MAX_BYTES,
    PhotoInvalid,
    photo_check,
    photo_upload,
    photos_import,
)

UPLOADERS = (Role.OFFICE, Role.UNIT_OPERATOR)
IMPORTERS = (Role.OFFICE,)


def may_upload_photo(user: User, cadre: Cadre) -> bool:
    """The office for anyone; a unit's operator for the unit's own cadres."""
    if user.role == Role.OFFICE:
        return True
    return user.role == Role.UNIT_OPERATOR and cadre.unit_id == user.unit_id


class PhotoUploadForm(forms.Form):
    photo = forms.FileField(
        label="照片（JPEG / PNG，不超过 2 MB）",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
        error_messages={
            "required": "请选择要上传的照片。",
            "empty": "照片文件是空的（0 字节），请重新选择。",
            "invalid": "请选择要上传的照片。",
        },
    )

    def clean_photo(self):
        upload = self.cleaned_data["photo"]
        if upload.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(
                f"照片有 {upload.size / MB:.1f} MB，超过上限 {PHOTO_MAX_BYTES // MB} MB，"
                "请压缩后再上传。"
            )
        content = b"".join(upload.chunks())
        try:
            photo_check(content)
        except PhotoInvalid as invalid:
            raise forms.ValidationError(str(invalid)) from None
        return content


class PhotoZipForm(forms.Form):
    file = forms.FileField(
        label="照片压缩包（.zip）",
        widget=forms.FileInput(attrs={"accept": ".zip"}),
        error_messages={
            "required": "请选择照片压缩包。",
            "empty": "压缩包是空的（0 字节），请重新选择。",
            "invalid": "请选择照片压缩包。",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError("请上传 .zip 格式的压缩包。")
        if upload.size > ZIP_MAX_BYTES:
            raise forms.ValidationError(
                f"压缩包超过上限 {ZIP_MAX_BYTES // MB} MB，请分成几个压缩包导入。"
            )
        return b"".join(upload.chunks())


@require_POST
@role_required(*UPLOADERS)
def cadre_photo_upload(request, pk: int):
    cadre = access_cadre(request.user, pk)
    if not may_upload_photo(request.user, cadre):
        messages.error(request, "只有竞岗交流工作办公室或本单位经办人可以上传该干部的照片。")
        return redirect("registry:cadre_detail", pk=cadre.pk)
    form = PhotoUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            photo_upload(actor=request.user, cadre=cadre, content=form.cleaned_data["photo"])
        except PhotoInvalid as invalid:
            messages.error(request, f"照片未上传：{invalid}")
        else:
            messages.success(request, "照片已上传。")
    else:
        messages.error(request, "照片未上传：" + " ".join(form.errors.get("photo", [])))
    return redirect("registry:cadre_detail", pk=cadre.pk)


@role_required(*IMPORTERS)
@require_http_methods(["GET", "POST"])
def photos_import_view(request):
    form = PhotoZipForm(request.POST or None, request.FILES or None)
    report, refused = None, ""
    if request.method == "POST" and form.is_valid():
        try:
            report = photos_import(actor=request.user, content=form.cleaned_data["file"])
        except PhotoInvalid as invalid:
            refused = str(invalid)
    return render(
        request,
        "registry/photo_import.html",
        {"form": form, "report": report, "refused": refused},
    )
