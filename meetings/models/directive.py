"""What a leader set out at a meeting: pointed out, required, stressed, called for."""

import reversion
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .meeting_copies import MeetingCopies, TaggedMeetingRowQuerySet
from .names import is_chinese


class DirectiveQuerySet(TaggedMeetingRowQuerySet):
    def issued_by_newest_first(self, person):
        """The directives a person issued at public meetings, newest first, read in the
        order of the person's own index entries (see meeting_copies). Walking meetings by
        date instead passed 80,000 meetings (50 ms) for a person whose directives all lie
        years back; through each directive's meeting, 2,000 look-ups for a busy one."""
        return self.public().filter(issued_by=person).newest_first_by_row_copies()


@reversion.register()
class Directive(MeetingCopies):
    """One paragraph of the form “<person> <verb> that <text>”."""

    class Verb(models.TextChoices):
        POINTED_OUT = "pointed_out", _("pointed out")
        REQUIRED = "required", _("required")
        STRESSED = "stressed", _("stressed")
        CALLED_FOR = "called_for", _("called for")
        OTHER = "other", _("said")

    meeting = models.ForeignKey(
        "Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="directives",
    )
    issued_by = models.ForeignKey(
        "Person",
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="directives",
    )
    verb = models.CharField(_("verb"), max_length=20, choices=Verb.choices)
    text = models.TextField(
        _("text"),
        help_text=_("What follows “that”, e.g. “the whole county should focus on …”."),
    )
    topics = models.ManyToManyField(
        "Topic", verbose_name=_("topics"), blank=True, related_name="directives"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        indexes = [
            # A person's meetings, and their newest directives, from the index alone
            # (see meeting_copies: each index below ends its key with what the public
            # filters read, since SQLite ignores `include`).
            models.Index(
                fields=[
                    "issued_by",
                    "-meeting_held_on",
                    "-meeting",
                    "order",
                    "id",
                    "meeting_public_from",
                ],
                name="directive_by_issuer_idx",
            ),
            # The directives list, newest first, narrowed by verb, year or topic: a
            # page's worth read from the top of the index, not 200,000 rows sorted.
            models.Index(
                fields=[
                    "-meeting_held_on",
                    "-meeting",
                    "order",
                    "id",
                    "meeting_public_from",
                    "verb",
                ],
                name="directive_newest_first_idx",
            ),
            # The same list narrowed by verb: one verb's rows of a year read together,
            # where the index above reads every verb's (a combined filter's count read
            # 22,000 rows for 2,700 at 100,000 meetings).
            models.Index(
                fields=[
                    "verb",
                    "-meeting_held_on",
                    "-meeting",
                    "order",
                    "id",
                    "meeting_public_from",
                ],
                name="directive_by_verb_idx",
            ),
        ]

    def __str__(self):
        return f"{self.issued_by} {self.get_verb_display()}: {self.text[:60]}"

    @classmethod
    def sentence_verbs(cls, language):
        """{verb: how it reads in a sentence of `language`}: its label ("required",
        "要求"), but for an English verb that takes no "that": "called for that …" is no
        English, "urged that …" is what it means."""
        with translation.override(language):
            verbs = {value: str(label) for value, label in cls.Verb.choices}
        if not is_chinese(language):
            verbs[cls.Verb.CALLED_FOR] = "urged"
        return verbs
