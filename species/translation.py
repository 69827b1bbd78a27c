import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Species


@register(Species)
class SpeciesTranslationOptions(TranslationOptions):
    fields = ("common_name", "other_names", "taxonomy_note", "iucn_note")


# History registered after the translation fields exist, so every language is recorded.
for _model in (Species,):
    simple_history.register(_model, app="species")
