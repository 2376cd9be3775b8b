from django.db import migrations


def load(apps, schema_editor):
    from tissage.members.defaults import load_default_categories

    load_default_categories(apps.get_model("members", "Category"))


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
