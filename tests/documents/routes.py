import datetime as dt

from django.core import signing

from documents import services
from tests.routes import (
    OFFICER_ONLY,
    OWN_PPO,
    PRESIDIUM_AND_STAFF,
    PUBLIC,
    STAFF_ONLY,
    Route,
)

from .factories import DeliveryFactory, DigestSubscriberFactory, DocumentFactory, SubmissionFactory

# POST-only actions answer the allowed role with a redirect back to the page.
STAFF_ACTION = {**STAFF_ONLY, "staff": 302}
OWN_PPO_ACTION = {**OWN_PPO, "officer_a": 302}


def _objects(world) -> dict:
    objects = world.objects
    if "document" not in objects:
        document = DocumentFactory(acknowledge_by=dt.date(2099, 1, 1))
        DeliveryFactory(document=document, organization=world.org_a)
        objects["document"] = document
        objects["public_document"] = DocumentFactory(is_public=True)
        objects["submission"] = SubmissionFactory(
            organization=world.org_a, submitted_by=world.officer_a
        )
        subscriber = DigestSubscriberFactory()
        objects["confirm_token"] = signing.dumps(
            subscriber.email, salt=services.CONFIRM_SALT, compress=True
        )
        objects["unsubscribe_token"] = signing.dumps(
            subscriber.email, salt=services.UNSUBSCRIBE_SALT, compress=True
        )
    return objects


def _document(world):
    return {"pk": _objects(world)["document"].pk}


def _public_document(world):
    return {"pk": _objects(world)["public_document"].pk}


def _submission(world):
    return {"pk": _objects(world)["submission"].pk}


ROUTES = [
    Route("documents:library", PUBLIC),
    Route("documents:public_file", PUBLIC, _public_document),
    Route("documents:matrix", PRESIDIUM_AND_STAFF),
    Route("documents:document_send", STAFF_ONLY),
    Route("documents:document_detail", PRESIDIUM_AND_STAFF, _document),
    Route("documents:staff_file", PRESIDIUM_AND_STAFF, _document),
    Route("documents:document_remind", STAFF_ACTION, _document, method="post"),
    Route("documents:inbox", STAFF_ONLY),
    Route("documents:inbox_file", STAFF_ONLY, _submission),
    Route("documents:submission_process", STAFF_ACTION, _submission, method="post"),
    Route("documents:cabinet_list", OFFICER_ONLY),
    Route("documents:cabinet_download", OWN_PPO, _document),
    Route("documents:acknowledge", OWN_PPO_ACTION, _document, method="post"),
    Route("documents:submission_create", OFFICER_ONLY),
    Route("documents:submission_file", OWN_PPO, _submission),
    Route("documents:digest_subscribe", PUBLIC),
    Route("documents:digest_subscribe_sent", PUBLIC),
    Route(
        "documents:digest_confirm",
        PUBLIC,
        lambda w: {"token": _objects(w)["confirm_token"]},
    ),
    Route(
        "documents:digest_unsubscribe",
        PUBLIC,
        lambda w: {"token": _objects(w)["unsubscribe_token"]},
    ),
]
