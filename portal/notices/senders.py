"""How deliveries leave the portal: e-mail through SMTP, SMS through a gateway.

The SMS gateway is a small interface; the default writes each message to the log, for a
municipality to replace with its provider. E-mail goes through the SMTP server in the
settings, or to the log where none is set (the embedded default).
"""

import logging
import smtplib
from email.message import EmailMessage
from typing import Protocol

log = logging.getLogger(__name__)


class SendError(Exception):
    """The message could not be handed over; it is tried again later."""


class Sender(Protocol):
    """Something that hands a message over for delivery, or raises SendError."""

    def send(self, address: str, subject: str, body: str) -> None:
        """Send one message."""


class LogSender:
    """Write each message to the log instead of sending it (the embedded default)."""

    def __init__(self, channel: str):
        self.channel = channel

    def send(self, address: str, subject: str, body: str) -> None:
        """Log the message."""
        log.info("%s to %s: %s", self.channel, address, subject)


class SmtpSender:
    """Send e-mail through an SMTP server."""

    def __init__(self, host: str, port: int, *, sender: str, username: str | None = None,
                 password: str | None = None, starttls: bool = False, timeout: float = 20):
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls, self.timeout = (
            username, password, starttls, timeout)

    def send(self, address: str, subject: str, body: str) -> None:
        """Send one e-mail, or raise SendError saying why not."""
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, address, subject
        message.set_content(body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise SendError(f"{type(exc).__name__}: {exc}"[:500]) from exc


def from_config(config) -> dict[str, Sender]:
    """Return the sender of each channel from the app's settings."""
    host = config.get("PORTAL_SMTP_HOST")
    mail = SmtpSender(host, config["PORTAL_SMTP_PORT"], sender=config["PORTAL_MAIL_FROM"],
                      username=config.get("PORTAL_SMTP_USER"),
                      password=config.get("PORTAL_SMTP_PASSWORD"),
                      starttls=config["PORTAL_SMTP_STARTTLS"]) if host else LogSender("E-mail")
    return {"email": mail, "sms": LogSender("SMS")}
