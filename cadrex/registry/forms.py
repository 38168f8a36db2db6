from django import forms

from cadrex.registry.workbook_guard import LIMITS, MB


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="名册文件（.xlsx）", widget=forms.FileInput(attrs={"accept": ".xlsx"})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # the label reads as written: 名册文件（.xlsx）
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的名册文件（可先下载模板）。")
        if upload.size > LIMITS.upload_bytes:
            raise forms.ValidationError(
                f"文件有 {upload.size / MB:.1f} MB，超过名册文件的上限 {LIMITS.upload_bytes // MB} MB；"
                "名册较大时请按单位分成几个文件导入。"
            )
        return upload
