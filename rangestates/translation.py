import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Landscape, RangeState


@register(RangeState)
class RangeStateTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Landscape)
class LandscapeTranslationOptions(TranslationOptions):
    fields = ("name", "countries_note")


# History registered after the translation fields exist, so every language is recorded.
for _model in (RangeState, Landscape):
    simple_history.register(_model, app="rangestates")
