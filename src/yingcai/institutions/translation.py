from modeltranslation.translator import TranslationOptions, register

from .models import Post, Round


@register(Round)
class RoundTranslation(TranslationOptions):
    fields = ("title", "announcement")
    # A round is announced in Chinese, the English version is optional: required by the form
    # (RoundForm), not the model, so that code writing `title` under English still validates.
    required_languages = ()


@register(Post)
class PostTranslation(TranslationOptions):
    fields = ("name", "majors", "other_conditions")
    # Chinese required by the form (PostForm), English optional.
    required_languages = ()
