"""A real Dovecot IMAP server on loopback, started for the tests that read mailboxes."""

import imaplib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import free_port

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
first_valid_uid = 1
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


class Dovecot:
    def __init__(self, root, port):
        self.root = root
        self.port = port
        self.username = "shop"
        self.password = "secret-imap-password"

    def client(self):
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        client.login(self.username, self.password)
        return client

    def deliver(self, raw, folder="INBOX"):
        client = self.client()
        try:
            client.append(folder, None, None, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
        finally:
            client.logout()

    def unseen(self, folder="INBOX"):
        client = self.client()
        try:
            client.select(folder)
            _status, data = client.uid("SEARCH", None, "UNSEEN")
            return data[0].split()
        finally:
            client.logout()


@pytest.fixture
def dovecot():
    """Dovecot from Debian's packages (dovecot-imapd), plain IMAP on a loopback port."""
    binary = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )
    if binary is None:
        if os.environ.get("REKLAMO_REQUIRE_DOVECOT"):
            pytest.fail("Dovecot is required here (REKLAMO_REQUIRE_DOVECOT) but not installed")
        pytest.skip(
            "Dovecot is not installed (apt-get install -y dovecot-imapd); .ci/run installs it"
        )
    # Short path: Dovecot's unix sockets live under base_dir (108 characters at most).
    root = Path(tempfile.mkdtemp(prefix="rk-dv-", dir="/tmp"))
    root.chmod(0o755)
    (root / "home").mkdir(mode=0o777)
    (root / "home").chmod(0o777)
    port = free_port()
    if os.getuid() == 0:
        # Dovecot refuses to serve mail as root; the mail files belong to nobody.
        uid, gid = "nobody", "nogroup"
    else:
        uid, gid = os.getuid(), os.getgid()
    server = Dovecot(root, port)
    (root / "passwd").write_text(f"{server.username}:{{PLAIN}}{server.password}::::::\n")
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, uid=uid, gid=gid, port=port))
    # In the foreground, as our own child: stopped and reaped by this fixture alone.
    process = subprocess.Popen([binary, "-F", "-c", str(config)])
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                server.client().logout()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
