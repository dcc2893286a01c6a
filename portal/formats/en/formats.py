"""Dates as staff type them, besides Django's English formats: year first with slashes
or dots too (2022/9/30, 2022.9.30), as in the Chinese formats; none of them can be read
as another day."""

from django.conf.locale.en import formats as django_english

DATE_INPUT_FORMATS = [*django_english.DATE_INPUT_FORMATS, "%Y/%m/%d", "%Y.%m.%d"]
TIME_INPUT_FORMATS = django_english.TIME_INPUT_FORMATS
DATETIME_INPUT_FORMATS = [
    *django_english.DATETIME_INPUT_FORMATS,
    *(f"{day} {time}" for day in ("%Y/%m/%d", "%Y.%m.%d") for time in ("%H:%M:%S", "%H:%M")),
]
