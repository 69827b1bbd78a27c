from modeltranslation.translator import TranslationOptions, register

from .models import Species


@register(Species)
class SpeciesTranslationOptions(TranslationOptions):
    fields = ("common_name", "other_names")
