from django.db import migrations


def load(apps, schema_editor):
    from tissage.orglife.defaults import load_manual_indicators

    load_manual_indicators(apps.get_model("reports", "ManualIndicator"))


class Migration(migrations.Migration):
    dependencies = [("orglife", "0001_initial"), ("reports", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
