"""`python -m backend serve | audit | analyze | pair | worker | workshop`: the same code paths as the server.

The commands are in backend/commands.py, which the app's own CLI takes too (`flask --app backend
pair`); `serve`, which starts the app, is here alone, so the app never imports this module.
"""
import logging
import os
import signal
import sys
import time

import click

from . import __version__
from .commands import COMMANDS, EXTENSION_DIR, print_pairing_code


@click.group()
@click.version_option(__version__)
def cli():
    """Exposure Check: see your own public photos the way a stranger (or a face-swap app) does."""
    # Everything the tool writes (the store, Chromium's profile, temporary exports) is for this
    # user only: files 0600, folders 0700 unless a caller opens them up on purpose.
    os.umask(0o077)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("waitress", "werkzeug"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


for command in COMMANDS:
    cli.add_command(command)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int, help="Request threads.")
@click.option("--lan", is_flag=True,
              help="A class on this computer's network: listen on its network address too, answer for it, "
                   "create a class and print its join link as a QR code, and the dashboard link.")
@click.option("--class-name", default=None, help="The name of the class --lan creates (default: today's date).")
def serve(host, port, threads, lan, class_name):
    """Run the backend and print the pairing code (with --lan: a class's join QR code)."""
    from waitress import serve as waitress_serve

    from . import address, config, in_memory, memory
    from .app import create_app

    memory.map_large_blocks()  # each photo's bytes go back to the system when the audit lets them go

    overrides = {}
    if lan:
        host = _lan_host(host)
        # The Host check answers this address, as it does a name set in EXPOSURE_ALLOWED_HOSTS.
        overrides["ALLOWED_HOSTS"] = [*config.from_environment()["ALLOWED_HOSTS"], host]
    try:
        app = create_app(overrides)
    except ValueError as error:  # a setting that cannot work, e.g. an unsafe EXPOSURE_BROKER_URL
        raise click.UsageError(str(error)) from None
    base = address.listening_base(host, port, app.config["PUBLIC_URL"], app.config["ALLOWED_HOSTS"])
    address.record(app.config["DATA_DIR"], base)  # for `workshop create`, run beside this server
    if host not in ("127.0.0.1", "localhost", "::1"):
        # The teacher creates workshops on this machine (at 127.0.0.1), but the QR code and links on
        # the dashboard are for students' devices: they name the address others reach.
        app.config["PUBLIC_URL"] = base
    click.echo(f"Exposure Check {__version__} on {base}")
    if lan:
        _print_class(app, base, class_name)
    code = print_pairing_code(app.config)
    if code:
        click.echo(f"Pairing link: {address.pairing_link(base, code)}  (open it in the browser to pair, "
                   "or on a phone to check from the page)")
    click.echo(f"Phone page (no install): {base}/")
    click.echo(f"Teacher: create a class workshop at {base}/workshops/new (on this machine)")
    click.echo(f"Load the extension: chrome://extensions → Developer mode → Load unpacked → {EXTENSION_DIR}")
    if host not in ("127.0.0.1", "localhost", "::1") and not lan:
        click.echo("Listening beyond this machine: set EXPOSURE_ALLOWED_HOSTS to the name clients use.", err=True)
    sys.stdout.flush()
    # SIGTERM ends the server like Ctrl-C does: queued audits stay queued for the next start.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        # Waitress reads a whole body before Flask sees the request: its own cap refuses an oversized
        # Content-Length at once (413) instead of buffering up to 1 GB first, and what it accepts it
        # buffers in memory, never in a temporary file (in_memory.py).
        # With --lan also on 127.0.0.1: the teacher's own browser creates classes from this machine.
        where = {"listen": f"{host}:{port} 127.0.0.1:{port}"} if lan else {"host": host, "port": port}
        waitress_serve(app, **where, threads=threads, ident="exposure-check",
                       **in_memory.waitress_options(app.config["MAX_CONTENT_LENGTH"]))
    finally:
        app.extensions["exposure_jobs"].shutdown()


def _lan_host(host):
    """The address --lan listens on: --host when one is given, else this machine's network address."""
    from . import address

    if host not in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "::"):
        return host
    found = address.network_address()
    if not found:
        raise click.UsageError("This computer has no network address: connect it to the school's Wi-Fi or "
                               "network first, then start again.")
    return found


def _print_class(app, base, class_name):
    """Create the class and print what the teacher shows the room: the join QR code, its link, and
    the dashboard link (which only the teacher keeps)."""
    import segno

    from .address import pairing_link
    from .db import get_db
    from .workshop import create_workshop, dashboard_path
    from .when import local_time

    with app.app_context():
        created = create_workshop(get_db(), class_name or f"Class {time.strftime('%Y-%m-%d')}")
    link = pairing_link(base, created["join_code"])
    click.echo(f"Class \"{created['name']}\" on this network at {base}")
    click.echo("Students scan this QR code with their phone's camera (or open the join link):")
    segno.make(link, error="m").terminal(out=sys.stdout, compact=True, border=2)
    click.echo(f"Join link: {link}  (join code {created['join_code']}, until "
               f"{local_time(created['join_expires_at'], 'en')})")
    click.echo(f"Dashboard (keep this link to yourself): {base}{dashboard_path(created['id'], created['teacher_key'])}")
