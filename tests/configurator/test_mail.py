"""mail: messages leave only when the session commits, as .eml files by default or through a real SMTP server."""

import email
import email.policy
import socket
import threading

from configurator.db import db
from configurator.mail import compose, public_url, queue_mail, send_now
from tests.configurator.conftest import sent_mail


def _message(app, subject="Hello"):
    return compose("ada@example.org", subject, "order_link",
                   order=type("O", (), {"customer_name": "Ada", "reference": "CW-TEST22"})(),
                   order_url="http://shop.example/orders/x")


def test_a_queued_message_is_written_only_when_the_session_commits(app):
    with app.test_request_context():
        queue_mail(db.session, lambda: _message(app, "rolled back"))
        db.session.rollback()
        assert sent_mail(app) == []
        queue_mail(db.session, lambda: _message(app, "committed"))
        db.session.commit()
    [message] = sent_mail(app)
    assert message["Subject"] == "committed" and message["To"] == "ada@example.org"
    assert "http://shop.example/orders/x" in message.get_content()


def test_public_urls_use_the_configured_base(app):
    app.config["PUBLIC_BASE_URL"] = "http://192.168.1.20:5000"
    with app.test_request_context(base_url="http://127.0.0.1:5000"):
        assert public_url("shop.index") == "http://192.168.1.20:5000/"
    with app.app_context():                  # outside a request (the CLI, a job)
        assert public_url("orders.show", order_id="abc") == "http://192.168.1.20:5000/orders/abc"


class _SmtpSink:
    """A tiny real SMTP server on a local port that keeps the one message it is given."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.data = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _ = self.listener.accept()
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 sink ESMTP\r\n")
            while line := lines.readline():
                command = line.strip().upper()
                if command == b"DATA":
                    conn.sendall(b"354 go on\r\n")
                    while (body := lines.readline()) != b".\r\n":
                        self.data += body
                    conn.sendall(b"250 queued\r\n")
                elif command == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")


def test_with_a_mail_server_the_message_goes_over_smtp(app):
    sink = _SmtpSink()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port, MAIL_USE_TLS=False)
    with app.test_request_context():
        where = send_now(_message(app, "over smtp"))
    sink.thread.join(timeout=10)
    assert where == f"smtp://127.0.0.1:{sink.port}" and sent_mail(app) == []
    received = email.message_from_bytes(sink.data, policy=email.policy.default)
    assert received["Subject"] == "over smtp" and received["To"] == "ada@example.org"
