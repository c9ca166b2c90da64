"""Forms of the public institutions' side of recruitment: posts, Excel, review, scores, checks."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from yingcai.core import spreadsheets
from yingcai.core.models import DisciplineField

from .models import Post, PostApplication, ReviewDecision, Round, Score

MAX_HEADCOUNT = 1000
MIN_AGE, MAX_AGE = 18, 80
MAX_QUESTIONS = 20
MAX_QUESTION_LENGTH = 300
# A question line starting with one of these is one the applicants must answer.
REQUIRED_MARKS = ("*", "＊")

POST_FIELDS = [
    "code",
    "name_zh_hans",
    "name_en",
    "headcount",
    "majors_zh_hans",
    "majors_en",
    "fields",
    "degree_min",
    "title_min",
    "max_age",
    "other_conditions_zh_hans",
    "other_conditions_en",
    "method",
    "written_weight",
    "exempt_from_ratio",
]


def parse_questions(text: str) -> list[dict]:
    """One question per line; a leading * marks a question the applicants must answer."""
    questions = []
    for line in (text or "").splitlines():
        line = line.strip()
        required = line.startswith(REQUIRED_MARKS)
        if required:
            line = line[1:].strip()
        if line:
            questions.append({"text": line, "required": required})
    return questions


def questions_text(questions) -> str:
    return "\n".join(("* " if q.required else "") + q.text for q in questions)


class QuestionsField(forms.CharField):
    """A textarea of questions, cleaned into [{"text", "required"}] for services.save_post."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Questions for the applicants"))
        kwargs.setdefault(
            "help_text",
            _(
                "One question per line. Start a line with * if an answer is required, e.g. "
                "“* Describe your research in 200 words”."
            ),
        )
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_QUESTIONS * (MAX_QUESTION_LENGTH + 4))
        super().__init__(**kwargs)

    def clean(self, value):
        questions = parse_questions(super().clean(value))
        if len(questions) > MAX_QUESTIONS:
            raise forms.ValidationError(
                _("Ask at most %(n)d questions.") % {"n": MAX_QUESTIONS}, code="max_questions"
            )
        for question in questions:
            if len(question["text"]) > MAX_QUESTION_LENGTH:
                raise forms.ValidationError(
                    _("A question has at most %(n)d characters.") % {"n": MAX_QUESTION_LENGTH},
                    code="question_length",
                )
        return questions


class WeightField(forms.IntegerField):
    """A percentage where empty means 0 (the methods without a written exam leave it empty)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, max_value=100, **kwargs)

    def to_python(self, value):
        return super().to_python(value) or 0


class PostForm(forms.ModelForm):
    """A post's fields and questions: the web form and every imported row use it."""

    questions = QuestionsField()

    class Meta:
        model = Post
        fields = POST_FIELDS
        # Each text in Chinese and, for overseas talents, optionally in English.
        labels = {
            "name_zh_hans": _("Post name (Chinese)"),
            "name_en": _("Post name (English, optional)"),
            "majors_zh_hans": _("Discipline and major requirements (Chinese)"),
            "majors_en": _("Discipline and major requirements (English, optional)"),
            "other_conditions_zh_hans": _("Other conditions (Chinese)"),
            "other_conditions_en": _("Other conditions (English, optional)"),
        }
        widgets = {
            "majors_zh_hans": forms.Textarea(attrs={"rows": 3}),
            "majors_en": forms.Textarea(attrs={"rows": 3}),
            "other_conditions_zh_hans": forms.Textarea(attrs={"rows": 3}),
            "other_conditions_en": forms.Textarea(attrs={"rows": 3}),
            "fields": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name_zh_hans", "majors_zh_hans"):
            self.fields[name].required = True
        if "fields" in self.fields:
            self.fields["fields"].queryset = DisciplineField.objects.all()
        self.fields["title_min"].choices = [
            ("", _("no requirement")),
            *Post._meta.get_field("title_min").choices,
        ]
        headcount = self.fields["headcount"]
        headcount.validators += [MinValueValidator(1), MaxValueValidator(MAX_HEADCOUNT)]
        headcount.widget.attrs.update({"min": 1, "max": MAX_HEADCOUNT})
        max_age = self.fields["max_age"]
        max_age.validators += [MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)]
        max_age.widget.attrs.update({"min": MIN_AGE, "max": MAX_AGE})
        max_age.help_text = _("Age on the day registration closes. Empty: no limit.")
        weight = self.fields["written_weight"] = WeightField(
            label=self.fields["written_weight"].label,
            help_text=self.fields["written_weight"].help_text,
        )
        weight.widget.attrs.update({"min": 0, "max": 100})
        if self.instance.pk and not self.is_bound:
            self.initial["questions"] = questions_text(self.instance.questions.all())

    def changes(self) -> list[str]:
        """The fields really changed: a written weight that the method ignores is not one."""
        changed = list(self.changed_data)
        if "written_weight" in changed and self.cleaned_data.get(
            "written_weight"
        ) == self.initial.get("written_weight", 0):
            changed.remove("written_weight")
        return changed

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if method and method != Post.Method.WRITTEN_INTERVIEW:
            # The weight means nothing for the other methods: never store a stray one.
            data["written_weight"] = 0
        elif method and not 1 <= (data.get("written_weight") or 0) <= 99:
            self.add_error("written_weight", _("Weigh the written exam between 1% and 99%."))
        return data


class NewPostForm(PostForm):
    """A new post: in which round, among those that still take posts."""

    class Meta(PostForm.Meta):
        fields = ["round", *POST_FIELDS]

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["round"].empty_label = None


class ImportedPostForm(PostForm):
    """One imported row: the discipline fields are looked up by the importer."""

    class Meta(PostForm.Meta):
        fields = [f for f in POST_FIELDS if f != "fields"]


class ImportForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.none())
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{spreadsheets.XLSX}"}),
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["round"].empty_label = None


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=ReviewDecision.Decision.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject or return: the applicant reads it."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") not in (None, ReviewDecision.Decision.APPROVE)
            and not (data.get("reason") or "").strip()
        ):
            self.add_error(
                "reason", _("Give the reason, so the applicant understands the decision.")
            )
        return data


class ScoreForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"))
    assessor = forms.CharField(
        label=_("Assessor"),
        max_length=60,
        help_text=_("Entering a score again for the same stage and assessor replaces it."),
    )
    score = forms.DecimalField(
        label=_("Score (0–100)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )

    def __init__(self, *args, post: Post, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Score.Stage.choices)
        self.fields["stage"].choices = [(stage, labels[stage]) for stage in post.stages]


class CheckForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Check"),
        choices=[("exam", _("physical examination")), ("inspection", _("inspection"))],
    )
    result = forms.ChoiceField(
        label=_("Result"), choices=PostApplication.Check.choices, widget=forms.RadioSelect
    )
