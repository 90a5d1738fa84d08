"""The commands of `python -m backend` (backend/cli.py) and of the app's own CLI: the same code paths
as the server. `serve` is in cli.py: it starts the app, which takes these commands."""
import contextlib
import json
import sys
import time
from pathlib import Path

import click

from . import __version__
from .tips.chooser import KIT_SIZE

EXTENSION_DIR = Path(__file__).resolve().parent.parent / "extension"
EXPORT_WORKERS = 1   # analysis workers for `audit --export` (EXPOSURE_ANALYSIS_WORKERS overrides)


def init_app(app):
    """The same commands on the app's own CLI (`flask --app backend pair`, app.test_cli_runner())."""
    for command in COMMANDS:
        app.cli.add_command(command)


@click.command()
@click.option("--loglevel", default="INFO", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False))
def worker(loglevel):
    """Crawl and grade audits from the queue at EXPOSURE_BROKER_URL (Celery, Redis)."""
    from . import config
    from .fleet.broker import BrokerURLError, check_broker_url, check_fleet_secret
    from .fleet.worker import concurrency, run_worker

    settings = config.from_environment()
    if not settings["BROKER_URL"]:
        raise click.UsageError("Set EXPOSURE_BROKER_URL to the queue's Redis, e.g. redis://:PASSWORD@127.0.0.1:6379/0")
    try:
        check_broker_url(settings["BROKER_URL"])
        check_fleet_secret(settings["FLEET_SECRET"])
    except BrokerURLError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"Exposure Check {__version__} worker: {concurrency(settings)} audits at once")
    sys.stdout.flush()
    run_worker(settings, loglevel.upper())


@click.command()
def pair():
    """Print a new one-time pairing code for the extension."""
    from . import config
    from .db import prepare_data_folder

    settings = config.from_environment()
    prepare_data_folder(settings["DATABASE"])
    if not print_pairing_code(settings):
        sys.exit(1)


def print_pairing_code(settings):
    """Make and print a one-time pairing code; return it, or None when the data folder is unwritable."""
    import sqlite3

    from . import store
    from .tokens import new_pairing_code

    try:
        with store.connect(settings) as db:
            code = new_pairing_code(db, settings["PAIRING_CODE_MINUTES"])
    except sqlite3.Error as error:
        click.echo(f"No pairing code: the data folder cannot be written ({error}).", err=True)
        return None
    click.echo(f"Pairing code: {code}  (valid {settings['PAIRING_CODE_MINUTES']} minutes, once; "
               "`python -m backend pair` makes another)")
    return code


@click.command()
@click.argument("urls", nargs=-1)
@click.option("--export", "export_zip", type=click.Path(exists=True, dir_okay=False),
              help="Add your platform data export (the ZIP from \"Download your information\").")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Write the HTML report here.")
@click.option("--consent", type=click.Choice(["self", "guardian"]), default="self", show_default=True)
@click.option("--others", multiple=True, metavar="URL",
              help="An account around you (a school's, a club's, a friend's), up to 10: only your face is looked for.")
@click.option("--me", "me_photos", multiple=True, type=click.Path(exists=True, dir_okay=False), metavar="PHOTO",
              help="A photo of you on this computer: the face to look for in the --others accounts.")
def audit(urls, export_zip, as_json, out, consent, others, me_photos):
    """Audit profile links (and your data export) in the terminal; nothing is kept afterwards."""
    from . import config, store
    from .analysis import pool
    from .analysis import read_capped
    from .audits import EXPORT_SCHEME, Refused, queue_audit, validate_others, validate_profiles
    from .export import ExportError, open_export
    from .report.document import read_audit
    from .report.language import Translator
    from .runners import InlineRunner

    if not urls and not export_zip:
        raise click.UsageError("Give profile links, --export PATH.zip, or both.")
    profiles = []
    if export_zip:
        try:  # refuse a hostile or foreign ZIP before anything starts
            with open_export(export_zip) as export:
                profiles.append({"url": EXPORT_SCHEME + export.platform, "platform": export.platform})
        except ExportError as error:
            raise click.BadParameter(error.message, param_hint="--export") from None
    try:
        if urls:
            profiles = validate_profiles(list(urls), config.from_environment()["MAX_PROFILES"]) + profiles
        profiles += validate_others(list(others) or None, profiles)
    except Refused as error:
        raise click.UsageError(f"{error.field}: {error.message}") from None
    # An export audit's budget is 600 MB (docs/exports.md), and one worker's detector can take
    # 200 MB per megapixel it reads: a second worker would double that (bench/export.py).
    limited = pool.limited(EXPORT_WORKERS) if export_zip else contextlib.nullcontext()
    # A terminal audit runs here, on this thread, in a store in memory that is gone afterwards;
    # never on a fleet's workers. Its progress is drawn as the pipeline reports it.
    with limited, store.connect(":memory:") as db, ShownProgress(db, "cli", len(profiles)) as shown:
        # The user's own ZIP is read where it is: never copied, never unpacked.
        runner = InlineRunner(db, progress=shown, export_path=lambda _: Path(export_zip) if export_zip else None,
                              me=[read_capped(path) for path in me_photos] or None)
        queue_audit(db, runner, None, "cli", consent, profiles, audit_id="cli")
        audit = store.get_audit(db, "cli")
        shown.show(**audit)
        thumbnails = store.get_thumbnails(db, "cli") if out else None
        document, report = read_audit(db, audit, Translator("en"), thumbnails=thumbnails)
        if out:
            _write_report(report, document["around"], thumbnails, out)
    if as_json:
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        _print_audit(document)
    if document["status"] != "done":
        sys.exit(1)


class ShownProgress:
    """The pipeline's progress (jobs.StoreProgress, as the embedded runner writes it), also drawn
    on stderr as it comes: one bar per stage (a line per change when stderr is not a terminal)."""

    FIELDS = ("stage", "profiles_done", "profiles_total", "photos_found", "photos_analyzed")

    def __init__(self, db, audit_id, profiles_total):
        from .jobs import StoreProgress

        self.stored = StoreProgress(db, audit_id)
        self.state = {"stage": "queued", "profiles_done": 0, "profiles_total": profiles_total,
                      "photos_found": 0, "photos_analyzed": 0}
        self._bars, self._bar = contextlib.ExitStack(), None

    def update(self, **fields):
        self.stored.update(**fields)
        self.show(**fields)

    def profile(self, position, **fields):
        self.stored.profile(position, **fields)

    def show(self, **fields):
        """Draw the counts among `fields`; a new stage gets a bar of its own."""
        changed = {key: fields[key] for key in self.FIELDS if key in fields}
        if not changed:
            return
        if self._bar is None or changed.get("stage", self.state["stage"]) != self.state["stage"]:
            self._bars.close()
            self.state.update(changed)
            self._bar = self._bars.enter_context(click.progressbar(length=1, label=_progress_label(self.state),
                                                                   file=sys.stderr, show_eta=False))
        self.state.update(changed)
        _show_progress(self._bar, self.state)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._bars.__exit__(*exc)


def _show_progress(bar, audit):
    if audit["stage"] == "analyzing" and audit["photos_found"]:
        done, total = audit["photos_analyzed"], audit["photos_found"]
    else:
        done, total = audit["profiles_done"], audit["profiles_total"]
    # The totals grow while the audit runs (photos are found as profiles are crawled).
    bar.length, bar.pos = max(total, 1), min(done, max(total, 1))
    bar.label = _progress_label(audit)
    bar.render_progress()


def _progress_label(audit):
    return (f"{audit['stage']:<9} profiles {audit['profiles_done']}/{audit['profiles_total']}  "
            f"photos {audit['photos_analyzed']}/{audit['photos_found']}")


def _write_report(report, around, thumbnails, out):
    from .report import render_view
    from .report.language import Translator

    Path(out).write_text(render_view(report, Translator("en"), around, thumbnails), encoding="utf-8")
    click.echo(f"Report written to {out}", err=True)


def _worst_face_reasons(faces):
    """"lead: reason, reason" for the riskiest face of a photo, in words."""
    from .report.reasons import render_reasons

    order = {"high": 0, "medium": 1, "low": 2}
    if not faces:
        return ""
    lead, *details = render_reasons(min(faces, key=lambda f: order.get(f["risk"], 3))["reasons"], "en") or [""]
    return f"{lead}: {', '.join(details)}" if details else lead


def _print_audit(document):
    for profile in document["profiles"]:
        click.echo(f"{profile['platform']:<10} {profile['status']:<11} {profile['photos_found']:>3} photos  "
                   f"{profile['url']}  {profile['message'] or ''}")
    if document["status"] != "done":
        click.echo(f"Audit {document['status']}: {document['error']}")
        return
    summary = document["summary"]
    click.echo(f"\n{summary['photos']} photos, {summary['photos_with_faces']} with faces, "
               f"{summary['high_risk_photos']} clear enough for a face swap.")
    followers = sum(1 for photo in document["photos"] if photo.get("visibility") == "followers")
    if followers:
        click.echo(f"{followers} of them only your followers see (from your data export).")
    if summary["largest_identity_kit"] >= KIT_SIZE:
        seen = "can be seen, some by your followers only" if followers else "are public"
        click.echo(f"{summary['largest_identity_kit']} clear photos of one person {seen}: "
                   f"{KIT_SIZE} are all an app needs to make fake pictures of them.")
    for tip in document["tips"][:5]:
        click.echo(f"- {tip['title']} ({tip['photos_affected']} photos)")
    _print_around(document)


def _print_around(document):
    """The photos of the reader in the accounts around them, or why no face was compared."""
    found = document.get("around")
    if found is None:
        return
    click.echo("\nAccounts around you:")
    for profile in document["profiles"]:
        if profile["role"] == "others":
            count = "not compared" if profile["photos_of_you"] is None else f"{profile['photos_of_you']} photos of you"
            click.echo(f"  {profile['url']}  {count}")
    if not found["compared"]:
        click.echo(f"{found['why']} {found['how']}")
        return
    for photo in found["photos"]:
        click.echo(f"  {photo['risk']:<6} {photo['page_url'] or photo['image_url']}  "
                   f"{photo['report_form']['label']}: {photo['report_form']['url']}")
    click.echo(found["caution"])


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def analyze(paths, as_json):
    """Grade local photos before you post them (folders are read recursively)."""
    from .analysis import analyze_paths, pool

    pool.start()
    from .report.document import localised_metadata

    started = time.monotonic()
    result = analyze_paths(list(paths))
    photos = [{"path": p["key"], "width": p["width"], "height": p["height"], "risk": p["risk"],
               "skipped": p["skipped"], "faces": p["faces"], "body_visible": p["body_visible"],
               "metadata": localised_metadata(p["metadata"], "en")}
              for p in result["photos"]]
    if as_json:
        click.echo(json.dumps({"photos": photos, "identities": result["identities"],
                               "summary": result["summary"]}, indent=2, ensure_ascii=False))
        return
    for photo in photos:
        detail = photo["skipped"] or _worst_face_reasons(photo["faces"]) or "no faces"
        click.echo(f"{photo['risk']:<6} {len(photo['faces'])} faces  {photo['path']}  {detail}")
        for note in (photo["metadata"] or {}).get("notes", []):
            click.echo(f"       {note}")
    summary = result["summary"]
    click.echo(f"\n{summary['photos']} photos in {time.monotonic() - started:.1f} s: "
               f"{summary['high_risk_photos']} clear enough for a face swap.")


@click.group()
def workshop():
    """Class workshops: one join code for the class, class totals for the teacher."""


def _workshop_store():
    """The store of this data folder, for a `with` block."""
    from . import config, store
    from .db import prepare_data_folder

    settings = config.from_environment()
    prepare_data_folder(settings["DATABASE"])
    return store.connect(settings)


def _server_base(base_url):
    """The address of the server over this data folder: --base-url, else EXPOSURE_PUBLIC_URL, else the
    one the running `serve` recorded. None when no server has run here."""
    from . import address, config

    settings = config.from_environment()
    return (base_url or settings["PUBLIC_URL"] or address.recorded(settings["DATA_DIR"]) or "").rstrip("/") or None


@workshop.command("create")
@click.argument("name")
@click.option("--join-days", default=2, show_default=True, type=click.IntRange(1, 30),
              help="How long students can join with the code.")
@click.option("--class-size", default=30, show_default=True, type=click.IntRange(1, 300),
              help="How many students the join code lets join.")
@click.option("--base-url", default=None,
              help="The address students and the teacher open the server at "
                   "(default: where `serve` over this data folder listens).")
def workshop_create(name, join_days, class_size, base_url):
    """Create a workshop; print its join code, join link and the teacher's dashboard link."""
    from .address import pairing_link
    from .workshop import create_workshop, dashboard_path

    with _workshop_store() as db:
        try:
            created = create_workshop(db, name, join_days, class_size)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="NAME") from None
    base = _server_base(base_url)
    path = dashboard_path(created["id"], created["teacher_key"])
    click.echo(f"Workshop {created['id']}: {created['name']}  ({created['class_size']} students)")
    click.echo(f"Join code: {created['join_code']}  (students join with it until {created['join_expires_at']})")
    if base:
        click.echo(f"Join link: {pairing_link(base, created['join_code'])}")
        click.echo(f"Dashboard: {base}{path}")
    else:
        click.echo(f"Dashboard path: {path}  (no server has run over this data folder yet: start it with "
                   "`make run`, then open this path on it, or pass --base-url)")
    click.echo("Keep the dashboard link: it is the only way in, and it is not shown again.")


@workshop.command("list")
def workshop_list():
    """List the workshops: id, name, students joined, created."""
    from .store import list_workshops

    with _workshop_store() as db:
        rows = list_workshops(db)
    for row in rows:
        click.echo(f"{row['id']}  {row['participants']:>3} students  {row['created_at'][:10]}  {row['name']}")


@workshop.command("code")
@click.argument("workshop_id")
@click.option("--join-days", default=2, show_default=True, type=click.IntRange(1, 30))
def workshop_code(workshop_id, join_days):
    """Print a new join code for a workshop (the old one stops working)."""
    from .store import get_workshop
    from .workshop import renew_join_code

    with _workshop_store() as db:
        if get_workshop(db, workshop_id) is None:
            raise click.BadParameter("no workshop with that id", param_hint="WORKSHOP_ID")
        renewed = renew_join_code(db, workshop_id, join_days)
    click.echo(f"Join code: {renewed['join_code']}  (until {renewed['join_expires_at']})")


@workshop.command("close")
@click.argument("workshop_id")
@click.confirmation_option(prompt="Close the workshop and delete every audit in it?")
def workshop_close(workshop_id):
    """Close a workshop: delete it and everything in it (audits, pairings, codes)."""
    from .workshop import close_workshop

    with _workshop_store() as db:
        deleted = close_workshop(db, workshop_id)
    if deleted is None:
        raise click.BadParameter("no workshop with that id", param_hint="WORKSHOP_ID")
    click.echo(f"Workshop {workshop_id} closed: {deleted} audits deleted.")


COMMANDS = (worker, pair, audit, analyze, workshop)
