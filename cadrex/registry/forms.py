from django import forms


class RosterUploadForm(forms.Form):
    file = forms.FileField(label="名册文件（.xlsx）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的名册文件（可先下载模板）。")
        return upload
