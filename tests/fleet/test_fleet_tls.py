"""The fleet through a Redis that speaks only TLS (rediss://), as a broker on another machine must."""
import pytest
import redis

from backend.fleet import broker
from tests.helpers.fleet import Worker, fleet_server
from tests.helpers.profile_site import ProfileSite
from tests.helpers.redis_server import RedisServer

pytestmark = pytest.mark.slow


def test_an_audit_runs_over_tls_and_an_untrusted_certificate_is_refused(tmp_path):
    with RedisServer(tmp_path, tls=True) as tls_redis, ProfileSite() as site:
        with pytest.raises(redis.ConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
            broker.connect(tls_redis.url).ping()  # this process does not trust the test CA
        server = fleet_server(tmp_path, tls_redis)
        worker = Worker(tmp_path, tls_redis, "tls-worker")
        try:
            worker.start()
            status, created = server.request("POST", "/api/v1/audits",
                                             {"profiles": [site.url("/blog/")], "consent": "self"})
            assert status == 202, created
            audit, _ = server.wait_for(created["id"], lambda a: a["status"] in ("done", "failed"))
            assert audit["status"] == "done", audit["error"]
            assert audit["summary"]["photos"] == 4
            assert worker.took(created["id"])
        finally:
            worker.stop()
            server.stop()
