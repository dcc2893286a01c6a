"""Dates as staff in China type them, besides Django's own: 2022-09-30, 2022/9/30,
2022.9.30 and 2022年9月30日 (Django's Chinese input formats miswrite the last one)."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M", "%H时%M分", "%H点%M分"]
DATETIME_INPUT_FORMATS = [
    f"{day} {time}" for day in DATE_INPUT_FORMATS for time in TIME_INPUT_FORMATS
]
