from django.db import migrations


def load(apps, schema_editor):
    from tissage.directory.taxonomy import load_defaults

    load_defaults(
        apps.get_model("directory", "Taxonomy"),
        apps.get_model("directory", "TaxonomyTerm"),
        apps.get_model("directory", "SearchHint"),
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_search_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
