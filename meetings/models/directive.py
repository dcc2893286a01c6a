"""What a leader set out at a meeting: pointed out, required, stressed, called for."""

import reversion
from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectiveQuerySet(models.QuerySet):
    def newest(self, limit):
        """The newest `limit` of these directives, by the day of their meeting.

        Chosen first from the indexes alone (a directive's meeting and order, the
        meeting's date), then read: sorting the rows themselves reads
        every directive a prolific speaker ever gave, with its text, to keep fifty.
        """
        order = ("-meeting__held_on", "-meeting_id", "order", "pk")
        chosen = self.order_by(*order).values("pk")[:limit]
        return self.filter(pk__in=chosen).order_by(*order)


@reversion.register()
class Directive(models.Model):
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
            # (the order as a key column, for SQLite, which ignores `include`).
            models.Index(
                fields=["issued_by", "meeting", "order"],
                include=["id"],
                name="directive_issuer_meeting_idx",
            )
        ]

    def __str__(self):
        return f"{self.issued_by} {self.get_verb_display()}: {self.text[:60]}"
