"""The site's section tree (Column) and the work areas meetings are filed under (Topic)."""

import reversion
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..links import page_url
from .names import PrintedName, chinese_name_field, is_chinese


@reversion.register()
class Column(PrintedName, models.Model):
    """A section of the site, e.g. "Government Affairs Openness" > "Key Projects"."""

    name = models.CharField(_("name"), max_length=100)
    name_zh = chinese_name_field(100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent column"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Leave empty for a top-level column."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Columns are listed by this number, then by name."),
    )

    page_name = "meetings:column"  # the URL name of its public page, by slug

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url(self.page_name, self.slug)

    def path(self):
        """This column and its ancestors, root first, in one query at most.

        No query when the ancestors were read with the column (the article selects
        `column__parent__parent`). Otherwise the column tree is small (tens of rows),
        so loading all of it beats one query per level and keeps the breadcrumb's cost
        fixed.
        """
        trail, column, tree = [], self, None
        while column is not None and column not in trail:
            trail.append(column)
            if column.parent_id is None:
                break
            if Column.parent.is_cached(column):
                column = column.parent
                continue
            if tree is None:
                tree = {
                    c.pk: c for c in Column.objects.only("name", "name_zh", "slug", "parent_id")
                }
            column = tree.get(column.parent_id)
        return trail[::-1]

    def descendant_ids(self):
        """The primary keys of this column and every column below it, in one query
        (remembered on this instance: a list page filters and counts by them)."""
        if not hasattr(self, "_descendant_ids"):
            children = {}
            for pk, parent_id in Column.objects.values_list("pk", "parent_id"):
                children.setdefault(parent_id, []).append(pk)
            found, pending = [], [self.pk]
            while pending:
                pk = pending.pop()
                if pk not in found:
                    found.append(pk)
                    pending.extend(children.get(pk, []))
            self._descendant_ids = found
        return self._descendant_ids


class TopicQuerySet(models.QuerySet):
    def named_like(self, text):
        """Topics whose name, in either language, contains `text`."""
        return self.filter(models.Q(name__icontains=text) | models.Q(name_zh__icontains=text))


@reversion.register()
class Topic(PrintedName, models.Model):
    """A work area such as safety production or investment promotion."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_zh = chinese_name_field(100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences shown on the topic page."),
    )
    description_zh = models.TextField(
        _("description in Chinese"),
        blank=True,
        help_text=_(
            "Shown instead of the description on the Chinese pages. "
            "Leave empty when the description is in Chinese already."
        ),
    )

    objects = TopicQuerySet.as_manager()

    page_name = "meetings:topic"  # the URL name of its public page, by slug

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_zh"],
                condition=~models.Q(name_zh=""),
                name="topic_name_zh_unique",
                violation_error_message=_("Another topic has this name in Chinese."),
            )
        ]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url(self.page_name, self.slug)

    @property
    def shown_description(self):
        """The description in the language of the page being rendered, where there is one."""
        if self.description_zh and is_chinese(get_language()):
            return self.description_zh
        return self.description
