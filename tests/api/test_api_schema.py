"""schemathesis against the served OpenAPI document: no 5xx, no response outside the schema."""
import json
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tests.helpers.fakes import TOKEN

# A schema cannot say "bytes that decode as a photo": random bytes there are rightly refused.
# Nor "bytes that are a platform's data export", nor "text that names a profile", nor "an account
# around you that is not one of your own profiles" (the others of POST /audits); every other check
# (no 5xx, every response as the schema says) still runs on them.
NOT_DESCRIBABLE = {("/api/v1/audits", "post"): [positive_data_acceptance],("/api/v1/analyze", "post"): [positive_data_acceptance],
                   ("/api/v1/exports", "post"): [positive_data_acceptance],
                   ("/api/v1/exports/{upload_id}", "put"): [positive_data_acceptance],
                   ("/api/v1/exports/{upload_id}/audit", "post"): [positive_data_acceptance],
                   ("/api/v1/own-profile", "post"): [positive_data_acceptance],
                   ("/api/v1/profile-input", "post"): [positive_data_acceptance]}

SPEC = json.loads((Path(__file__).resolve().parents[2] / "backend/api/openapi.json").read_text())
OPERATIONS = [(path, method) for path, item in SPEC["paths"].items() for method in item if method != "parameters"]


@pytest.mark.parametrize("path, method", OPERATIONS)
def test_api_conforms_to_its_schema(app, path, method):
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method.upper()]

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"},
                               excluded_checks=NOT_DESCRIBABLE.get((path, method), []))

    check()


def test_the_readers_choice_conforms_to_its_schema(app):
    """Random cases meet no audit (404): here a finished one, chosen for and read back."""
    from backend.tokens import digest
    from tests.helpers.report_audits import finished_audit, keep

    keep(app, "a1", finished_audit(), {}, token_hash=digest(TOKEN))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    bodies = ({"identities": ["person-1", "person-2"], "not_me": ["ig1"]}, {"identity": "person-2"},
              {"identity": "none"}, {"identity": None})
    for body in bodies:
        case = schema["/api/v1/audits/{audit_id}/reader"]["POST"].Case(path_parameters={"audit_id": "a1"}, body=body)
        assert case.call_and_validate(headers=headers).status_code == 200, body
        read = schema["/api/v1/audits/{audit_id}"]["GET"].Case(path_parameters={"audit_id": "a1"})
        assert read.call_and_validate(headers=headers).status_code == 200
