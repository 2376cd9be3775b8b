from django.db import migrations


def load(apps, schema_editor):
    """The vocabularies enrolments point to (non_completion_reason, referral_source): an
    installation created before they were defaults gets them; edited entries stay as they are."""
    from tissage.vocabularies.defaults import load_defaults

    load_defaults(apps.get_model("vocabularies", "Vocabulary"), apps.get_model("vocabularies", "Term"))


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial"), ("vocabularies", "0002_default_vocabularies")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
