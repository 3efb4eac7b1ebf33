"""The NinjaAPI object; each app keeps its own router in its api.py."""

from __future__ import annotations

from ninja import NinjaAPI

from tandem.accounts.api import router as accounts_router
from tandem.api import errors
from tandem.api.api import router as api_router
from tandem.api.auth import session_auth
from tandem.audit.api import router as audit_router
from tandem.collab.action_api import router as action_router
from tandem.collab.change_api import router as change_router
from tandem.collab.concern_api import router as concern_router
from tandem.collab.decision_api import router as decision_router
from tandem.desk.api import router as desk_router
from tandem.desk.macro_api import router as macro_router
from tandem.desk.queue_api import router as queue_router
from tandem.desk.redaction_api import router as redaction_router
from tandem.desk.satisfaction_api import router as satisfaction_router
from tandem.desk.team_api import router as team_router
from tandem.desk.time_api import router as time_router
from tandem.kb.api import router as kb_router
from tandem.mail.api import router as mail_router
from tandem.oncall.api import router as oncall_router
from tandem.sla.api import router as sla_router
from tandem.sla.terms_api import router as sla_terms_router

api = NinjaAPI(
    title="Tandem API",
    version="1",
    urls_namespace="api",
    auth=session_auth,  # every operation also names the token scope it accepts
    description="The shared workspace of a healthcare practice and its IT provider. "
    "Every response is limited to the organizations the caller may see; another "
    "organization's object answers 404. Errors share one body: {code, message, fields}.",
)
errors.install(api)
api.add_router("", accounts_router)
api.add_router("", audit_router)
# Before the desk's: POST /requests/bulk must not be read as /requests/{ref}.
api.add_router("", queue_router)
api.add_router("", desk_router)
api.add_router("", redaction_router)
api.add_router("", team_router)
api.add_router("", satisfaction_router)
api.add_router("", time_router)
api.add_router("", macro_router)
api.add_router("", kb_router)
api.add_router("", sla_router)
api.add_router("", sla_terms_router)
api.add_router("", oncall_router)
api.add_router("", mail_router)
api.add_router("", decision_router)
api.add_router("", change_router)
api.add_router("", action_router)
api.add_router("", concern_router)
api.add_router("", api_router)
