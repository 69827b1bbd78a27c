from modeltranslation.translator import TranslationOptions, register

from .models import ReportingCycle


@register(ReportingCycle)
class ReportingCycleTranslationOptions(TranslationOptions):
    fields = ("name", "description", "guidelines")
