from typing import Any

from django.core.management.base import BaseCommand

from tissage.directory import indexing
from tissage.directory.models import SearchHint, Taxonomy, TaxonomyTerm
from tissage.directory.taxonomy import load_defaults


class Command(BaseCommand):
    help = "Add the missing terms of Open Eligibility and the default search hints."

    def handle(self, *args: Any, **options: Any) -> None:
        with indexing.deferred():
            counts = load_defaults(Taxonomy, TaxonomyTerm, SearchHint)
        self.stdout.write(f"{counts['terms']} terms and {counts['hints']} hints added.")
