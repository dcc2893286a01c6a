"""Addresses made from names: a record saved with its slug left empty is given one.

The admin fills the slug from the title or name as it is typed, but only from Latin
letters and digits: a title or name in Chinese characters left it empty, and the form
refused the save for a field the editor had never touched.
"""

from django.db import IntegrityError, models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


def slug_field(max_length):
    return models.SlugField(
        _("slug"),
        max_length=max_length,
        unique=True,
        blank=True,
        help_text=_(
            "The address on the site: Latin letters, digits and hyphens. Left empty, it "
            "is made from the name or title when saved (from the day, or a number, for "
            "one in Chinese characters)."
        ),
        error_messages={
            # A namesake: the admin fills the slug from the name, and finds it taken.
            "unique": _(
                "This address is taken already. If the record there is the same one, pick "
                "it instead of adding a new one; if not, make this address different, for "
                "example by adding “-2”, or leave it empty to have it numbered when saved."
            )
        },
    )


def fill_slug(record, text, fallback):
    """Give `record` a slug made from `text`, or `fallback` where `text` has no Latin
    letters or digits, numbered ("-2", "-3"…) where another record has it already."""
    if record.slug:
        return
    room = record._meta.get_field("slug").max_length - 6  # for the number
    base = slugify(text)[:room].strip("-") or fallback
    records = type(record)._default_manager
    taken = set(records.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    record.slug = slug


def save_filling_slug(record, text, fallback, save, *args, **kwargs):
    """Call `save` (the model's own) with the record's slug filled if it is empty (see
    fill_slug). Two records saved at the same moment may be given the same slug: the
    second is then given the next number and saved again, rather than refused."""
    if record.slug:
        return save(*args, **kwargs)
    for attempt in range(3):
        fill_slug(record, text, fallback)
        try:
            with transaction.atomic():
                return save(*args, **kwargs)
        except IntegrityError:
            records = type(record)._default_manager
            if attempt == 2 or not records.filter(slug=record.slug).exists():
                raise  # another rule broken, or the slug still taken after three tries
            record.slug = ""
