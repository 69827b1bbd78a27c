from modeltranslation.translator import TranslationOptions, register

from .models import Landscape, RangeState


@register(RangeState)
class RangeStateTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Landscape)
class LandscapeTranslationOptions(TranslationOptions):
    fields = ("name", "countries_note")
