"""The `tissage` command: Django's manage.py under the project's name.

`tissage migrate`, `tissage demo`, and later `tissage report`, `tissage import`,
`tissage backup` are management commands of the apps that own them.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tissage.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tissage", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
