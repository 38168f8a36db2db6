"""The download formats in part A's URLs, registered once for every stage's url list
(``<table:fmt>``, ``<approval:fmt>``)."""

from django.urls import register_converter


class _Formats:
    """A download's format: only the ones the view writes (anything else is a 404)."""

    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TableFormat(_Formats):
    regex = "xlsx|pdf"


class ApprovalFormat(_Formats):
    regex = "docx|pdf|lrmx"


register_converter(TableFormat, "table")
register_converter(ApprovalFormat, "approval")
