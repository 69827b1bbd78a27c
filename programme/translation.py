import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Activity, Actor, Issue, Objective, Programme, Responsibility, SubActivity


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = ("title", "adopted_at", "vision", "goal")


@register(Objective)
class ObjectiveTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Issue)
class IssueTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Activity)
class ActivityTranslationOptions(TranslationOptions):
    fields = ("heading", "text", "short_title", "priority_text", "actors_text")


@register(SubActivity)
class SubActivityTranslationOptions(TranslationOptions):
    fields = ("heading", "text")


@register(Actor)
class ActorTranslationOptions(TranslationOptions):
    fields = ("name", "full_name")


@register(Responsibility)
class ResponsibilityTranslationOptions(TranslationOptions):
    fields = ("qualifier",)


# History of the programme's records (who changed what, when), registered here, after the
# translation fields exist, so that every language's column is recorded too.
for _model in (Programme, Objective, Issue, Activity, SubActivity, Actor, Responsibility):
    simple_history.register(_model, app="programme")
