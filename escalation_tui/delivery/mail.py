"""E-mail over SMTP (STARTTLS, TLS, or plain to a relay on this machine): UTF-8 plain text.

The subject is built from one-line fields and EmailMessage refuses a header holding a line
break, so nothing typed can add a header.
"""

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from ..domain.channels import Channel
from ..domain.outbox import Outcome
from .payloads import Message


def build(channel: Channel, message: Message) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = " ".join(message.heading.split())
    mail["From"] = channel.sender
    mail["To"] = ", ".join(channel.recipients)
    mail["Date"] = formatdate(localtime=False)
    # The delivery's id: a mail system that de-duplicates by Message-ID can spot a resend.
    mail["Message-ID"] = make_msgid(idstring=message.delivery_id, domain="escalation-tui.invalid")
    mail.set_content(message.plain, charset="utf-8")
    return mail


def send(channel: Channel, message: Message, password: str, context: ssl.SSLContext | None = None) -> Outcome:
    mail = build(channel, message)
    context = context or ssl.create_default_context()
    try:
        if channel.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                channel.smtp_host, channel.smtp_port, timeout=channel.timeout, context=context
            )
        else:
            client = smtplib.SMTP(channel.smtp_host, channel.smtp_port, timeout=channel.timeout)
    except (OSError, smtplib.SMTPException) as error:
        return Outcome(ok=False, detail=f"cannot connect ({_why(error)})", retry=True)
    sending = False
    try:
        with client:
            if channel.security == "starttls":
                client.starttls(context=context)
            if channel.username:
                client.login(channel.username, password)
            sending = True
            client.send_message(mail)
        return Outcome(ok=True, detail="accepted by the SMTP server")
    except smtplib.SMTPRecipientsRefused:
        return Outcome(ok=False, detail="recipients refused")
    except smtplib.SMTPAuthenticationError:
        return Outcome(ok=False, detail="login refused")
    except smtplib.SMTPResponseException as error:
        temporary = 400 <= error.smtp_code < 500
        return Outcome(ok=False, detail=f"SMTP {error.smtp_code}", retry=temporary)
    except (OSError, smtplib.SMTPException) as error:
        return Outcome(ok=False, detail=_why(error), retry=True, unknown=sending)


def _why(error: BaseException) -> str:
    if isinstance(error, TimeoutError | socket.timeout):
        return "no answer in time"
    said = getattr(error, "strerror", None) or str(error)
    return f"{type(error).__name__}: {said}"[:80] if said else type(error).__name__
