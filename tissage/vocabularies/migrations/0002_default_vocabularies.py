from django.db import migrations


def load(apps, schema_editor):
    from tissage.vocabularies.defaults import load_defaults

    load_defaults(apps.get_model("vocabularies", "Vocabulary"), apps.get_model("vocabularies", "Term"))


class Migration(migrations.Migration):
    dependencies = [("vocabularies", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
