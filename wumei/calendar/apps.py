from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "wumei.calendar"
    verbose_name = "工作日历"
