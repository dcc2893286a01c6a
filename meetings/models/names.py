"""Names printed in the language of the text around them.

A record has one name, in whatever language it was entered, and may have its name in
Chinese characters besides. A Chinese article prints "县委书记罗振华", not "县委书记Luo
Zhenhua"; an English article and the English pages print the name.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def is_chinese(language):
    return bool(language) and language.lower().startswith("zh")


def chinese_name_field(max_length):
    return models.CharField(
        _("name in Chinese"),
        max_length=max_length,
        blank=True,
        help_text=_(
            "Printed instead of the name in Chinese articles and on the Chinese pages. "
            "Leave empty when the name is in Chinese already."
        ),
    )


class PrintedName:
    """What a record with `name` and `name_zh` prints in a given language."""

    def name_in(self, language):
        """The name in Chinese for Chinese text when there is one, otherwise the name."""
        if self.name_zh and is_chinese(language):
            return self.name_zh
        return self.name

    @property
    def shown_name(self):
        """The name in the language of the page being rendered."""
        return self.name_in(get_language())
