"""Model fields shared by the apps."""

from django.db import models

from wumei.security import fieldcrypt


class EncryptedCharField(models.CharField):
    """A short text (phone or ID number) encrypted at rest when WUMEI_FIELD_ENCRYPTION is on (level 3).

    `max_length` is the limit of the plaintext, checked by forms and full_clean; the column is wide enough for
    the sealed form. Python code always sees the plaintext.
    """

    def db_type(self, connection):
        params = {"max_length": fieldcrypt.sealed_length(self.max_length)}
        template = connection.data_types["CharField"]  # a callable on SQLite, a %-template elsewhere
        return template(params) if callable(template) else template % params

    def cast_db_type(self, connection):
        return self.db_type(connection)

    def from_db_value(self, value, expression, connection):
        return fieldcrypt.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return fieldcrypt.encrypt_text(value) if isinstance(value, str) else value
