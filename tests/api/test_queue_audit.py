"""backend.audits.queue_audit, the one way an audit starts, and the runners' one interface."""
import inspect

import pytest

from backend import audits, runners, store
from backend.fleet.host import FleetRunner

SETTINGS = {"AUDITS_PER_HOUR": 2, "PROFILES_PER_DAY": 40, "DATABASE": ":memory:", "MAX_DB_MB": 0}
PROFILES = [{"url": "https://example.com/me", "platform": "generic"}]


class Recorder:
    """A runner that only writes down what it was asked."""

    local_photos = True

    def __init__(self, room=True):
        self.calls, self.room = [], room

    def hand(self, audit_id, images):
        self.calls.append(("hand", audit_id, len(images)))
        return self.room

    def drop(self, audit_id):
        self.calls.append(("drop", audit_id))

    def submit(self, audit_id):
        self.calls.append(("submit", audit_id))


@pytest.fixture
def db(tmp_path):
    with store.connect(tmp_path / "q.db") as database:
        yield database


def settings(tmp_path):
    return SETTINGS | {"DATABASE": str(tmp_path / "q.db")}


def test_an_audit_is_added_once_and_submitted_once(db, tmp_path):
    runner = Recorder()
    audit = audits.queue_audit(db, runner, settings(tmp_path), "token", "self", PROFILES)
    assert runner.calls == [("submit", audit["id"])]
    # The audit as written is the audit as read: nobody reads it back.
    assert audit == store.get_audit(db, audit["id"]) | {"queue_position": 0}
    second = audits.queue_audit(db, runner, settings(tmp_path), "token", "guardian", PROFILES)
    assert second["queue_position"] == 1 and second["consent"] == "guardian"


@pytest.mark.parametrize("consent", [None, "friend", ""])
def test_without_consent_nothing_is_added_or_run(db, tmp_path, consent):
    runner = Recorder()
    with pytest.raises(audits.Refused) as refused:
        audits.queue_audit(db, runner, settings(tmp_path), "token", consent, PROFILES)
    assert (refused.value.status, refused.value.code, refused.value.field) == (422, "invalid_consent", "consent")
    assert isinstance(refused.value, ValueError)
    assert runner.calls == [] and store.list_audits(db, "token") == []


def test_a_rate_limit_refuses_in_the_write_and_gives_the_photos_back(db, tmp_path):
    runner = Recorder()
    for _ in range(2):
        audits.queue_audit(db, runner, settings(tmp_path), "token", "self", PROFILES)
    runner.calls.clear()
    with pytest.raises(audits.Refused) as refused:
        audits.queue_audit(db, runner, settings(tmp_path), "token", "self", PROFILES, audit_id="third",
                           images=[{"data": b"x"}])
    assert (refused.value.status, refused.value.code) == (429, "rate_limited")
    assert runner.calls == [("hand", "third", 1), ("drop", "third")]
    assert store.get_audit(db, "third") is None
    # The terminal's own user (no settings) has no rate limit.
    assert audits.queue_audit(db, runner, None, "token", "self", PROFILES)["status"] == "queued"


def test_photos_that_do_not_fit_are_busy_and_add_nothing(db, tmp_path):
    runner = Recorder(room=False)
    with pytest.raises(audits.Refused) as refused:
        audits.queue_audit(db, runner, settings(tmp_path), "token", "self", PROFILES, audit_id="a",
                           images=[{"data": b"x"}])
    assert (refused.value.status, refused.value.code) == (503, "busy")
    assert runner.calls == [("hand", "a", 1)] and store.get_audit(db, "a") is None


def test_a_further_check_runs_in_the_insert_and_can_refuse(db, tmp_path):
    runner = runners.JobRunner(lambda: None, workers=1, handed_budget=10)

    def refuse(locked_db):
        raise audits.Refused(429, "rate_limited", "no")

    with pytest.raises(audits.Refused):
        audits.queue_audit(db, runner, settings(tmp_path), "token", "self", PROFILES, audit_id="a",
                           images=[{"data": b"12345"}], check=refuse)
    assert runner.handed.used == 0, "the real runner's budget got its bytes back"
    assert store.get_audit(db, "a") is None
    runner.shutdown(wait=True)


def test_profile_links_are_refused_with_a_value_error_naming_the_field():
    with pytest.raises(ValueError) as refused:
        audits.validate_profiles(["https://www.instagram.com/jane/", "javascript:alert(1)"], 10)
    assert refused.value.field == "profiles[1]" and refused.value.code == "invalid_url"
    with pytest.raises(audits.Refused) as too_many:
        audits.validate_profiles(["https://www.instagram.com/jane/"] * 3, 2)
    assert too_many.value.code == "too_many_profiles"


def verbs(runner_class):
    return {verb: list(inspect.signature(getattr(runner_class, verb)).parameters)[1:] for verb in runners.VERBS}


@pytest.mark.parametrize("other", [FleetRunner, runners.InlineRunner])
def test_every_runner_answers_the_same_verbs(other):
    """A route never asks which runner it has: the same verbs, the same arguments."""
    assert verbs(other) == verbs(runners.JobRunner)
    assert verbs(runners.JobRunner)["submit"] == ["audit_id"]
    assert isinstance(other.local_photos, bool)


def test_a_fleet_holds_no_photos_of_this_machine():
    fleet = object.__new__(FleetRunner)  # no broker needed to ask
    assert FleetRunner.local_photos is False and fleet.hand("a", [{"data": b"x"}]) is False


def test_the_job_runner_runs_an_audit_with_the_photos_handed_for_it(tmp_path):
    from tests.helpers.fakes import FakeCrawler, fake_analyze

    path = tmp_path / "j.db"
    seen = []

    def analyze(images, **options):
        images = list(images)
        seen.extend(images)
        return fake_analyze(iter(images), **options)

    runner = runners.JobRunner(lambda: store.open_store(path), workers=1, crawler_factory=FakeCrawler,
                               analyze=analyze)
    with store.connect(path) as db:
        audits.queue_audit(db, runner, None, "token", "self",
                           [{"url": "own:https://www.instagram.com/jane/", "platform": "instagram"}],
                           audit_id="own", images=[{"data": b"photo", "kind": "post_photo", "page_url": None,
                                                    "image_url": None}])
        runner.shutdown(wait=True)
        assert store.get_audit(db, "own")["status"] == "done"
    assert [data for _, data in seen] == [b"photo"] and runner.handed.used == 0


def test_the_crawl_takes_the_platform_the_api_identified():
    """The API identified each link once; the crawler is told, not left to guess it again."""
    from backend import jobs

    asked = []

    class Crawler:
        budget = None

        def crawl(self, url, on_progress=None, platform=None, look_for=None):
            asked.append((url, platform))
            return {"url": url, "platform": platform, "status": "ok", "message": None, "images": []}

    class Progress:
        def update(self, **fields):
            pass

        def profile(self, position, **fields):
            pass

    profiles = audits.validate_profiles(["https://www.instagram.com/jane.doe/", "https://x.com/jane"], 10)
    jobs.crawl_profiles(profiles, "code", Crawler(), Progress())
    assert asked == [(p["url"], p["platform"]) for p in profiles] == [
        ("https://www.instagram.com/jane.doe/", "instagram"), ("https://x.com/jane", "x")]


def test_the_api_identifies_a_link_as_the_crawl_reads_it(monkeypatch):
    """A local copy of a platform's page (tests only) is the platform it stands for to the API as to
    the crawl, and is fetched where it is: the platform handed to the crawl is the one it would find."""
    local = "http://127.0.0.1:9/h/www.youtube.com/@JaneShelves"
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    monkeypatch.setenv("EXPOSURE_TEST_HOST_MAP", "1")
    assert audits.validate_profiles([f" {local} "], 10) == [{"platform": "youtube", "url": local}]
    monkeypatch.delenv("EXPOSURE_TEST_HOST_MAP")
    assert audits.validate_profiles([local], 10) == [{"platform": "generic", "url": local}]
