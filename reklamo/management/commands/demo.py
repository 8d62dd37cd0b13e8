import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reklamo.database import refresh_query_statistics
from reklamo.demo_data import (
    DEMO_PASSWORD,
    DEMO_STAFF,
    PORTAL_CUSTOMER,
    portal_showcase_link,
    seed_demo,
)

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


class Command(BaseCommand):
    help = (
        "Set up the database with a demo company and run Reklamo: the web server, the task "
        "worker and the scheduler, until Ctrl-C."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--setup-only", action="store_true", help="Prepare the database and exit."
        )

    def handle(self, *, host, port, setup_only, **options):
        self.stdout.write("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("Creating the demo company (first run only)…")
        # Links in the e-mails the seeding queues must point at this server too.
        settings.SITE_URL = self.site_url(host, port)
        created = seed_demo(now=timezone.now())
        if created:
            self.stdout.write(f"  {created} demo complaints created.")
        refresh_query_statistics()
        if setup_only:
            return
        self.ensure_port_free(host, port)
        self.processes = self.start_processes(host, port)
        # Explicit, because a shell may start us with SIGINT ignored (a background job).
        signal.signal(signal.SIGINT, self.on_signal)
        signal.signal(signal.SIGTERM, self.on_signal)
        try:
            self.wait_until_listening(host, port)
            self.print_banner(host, port)
            while True:
                for name, process in self.processes.items():
                    if process.poll() is not None:
                        raise CommandError(
                            f"The {name} stopped unexpectedly (exit code {process.returncode})."
                        )
                time.sleep(0.5)
        except KeyboardInterrupt:
            self.stdout.write("\nStopping…")
        finally:
            self.stop_processes()
        self.stdout.write("Stopped.")

    def on_signal(self, signum, frame):
        raise KeyboardInterrupt

    def site_url(self, host, port):
        return os.environ.get("REKLAMO_SITE_URL") or f"http://{host}:{port}"

    def ensure_port_free(self, host, port):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError:
                raise CommandError(
                    f"Port {port} on {host} is in use. Stop what uses it or choose another "
                    f"port: uv run manage.py demo --port {port + 1}"
                ) from None

    def start_processes(self, host, port):
        python = sys.executable
        commands = {
            "web server": [
                python,
                "-m",
                "gunicorn",
                "reklamo.wsgi",
                "--bind",
                f"{host}:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
            "task worker": [python, MANAGE, "db_worker", "--no-reload", "--interval", "1"],
            "scheduler": [python, MANAGE, "run_scheduler"],
        }
        # Links in e-mails must point at this server, whatever port it was given.
        environment = {"REKLAMO_SITE_URL": self.site_url(host, port), **os.environ}
        # Own sessions: Ctrl-C reaches this command only, which then stops the others in order.
        return {
            name: subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=environment, start_new_session=True
            )
            for name, command in commands.items()
        }

    def wait_until_listening(self, host, port, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.processes["web server"].poll() is not None:
                return
            try:
                with socket.create_connection((host, port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)

    def stop_processes(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def print_banner(self, host, port):
        url = f"http://{host}:{port}"
        lines = [
            "",
            "Reklamo is running.",
            f"  Public complaint form:  {url}/complaints/new/",
            f"  Staff desk:             {url}/desk/",
            f"  Administration:         {url}/admin/",
            "",
            "  The customer's side, without an account:",
            f"    Tracking page:        {url}{portal_showcase_link()}",
            f"    My complaints:        {url}/my/  (sign in as {PORTAL_CUSTOMER.email};",
            "                          the worker prints the e-mail with the sign-in link)",
            "",
            f"  Demo logins (password for all: {DEMO_PASSWORD}):",
            *[f"    {username:<8} {role.label}" for username, _, _, role in DEMO_STAFF],
            "",
            "  E-mails (to customers, and warnings to staff) are printed here by the task worker.",
            "  Press Ctrl-C to stop.",
            "",
        ]
        self.stdout.write("\n".join(lines))
