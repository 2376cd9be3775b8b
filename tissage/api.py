"""The home of the JSON API (Django Ninja), mounted under /api/.

Each capability owns an `api.py` with its Router and adds it here. The API's default rule
refuses everything, so an operation works only once it declares `auth=api_access(Perm.X)`.
"""

from ninja import NinjaAPI

from tissage.accounts.api import router as accounts_router
from tissage.activities.api import router as activities_router
from tissage.contacts.api import router as contacts_router
from tissage.directory.hsds.api import router as hsds_router
from tissage.members.api import router as members_router
from tissage.orglife.api import router as orglife_router
from tissage.people.api import router as people_router
from tissage.privacy.access import undeclared
from tissage.programs.api import router as programs_router
from tissage.vocabularies.api import router as vocabularies_router

api = NinjaAPI(
    title="Tissage",
    version="1",
    description="API JSON de Tissage / Tissage JSON API",
    urls_namespace="api",
    auth=undeclared,
)
api.add_router("/", accounts_router)
api.add_router("/vocabularies", vocabularies_router)
api.add_router("/people", people_router)
api.add_router("/hsds", hsds_router)
api.add_router("/activities", activities_router)
api.add_router("/programs", programs_router)
api.add_router("/contacts", contacts_router)
api.add_router("/members", members_router)
api.add_router("/orglife", orglife_router)
