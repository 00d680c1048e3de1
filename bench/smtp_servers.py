"""Real SMTP servers (aiosmtpd, in this process) that work, hang, or crawl.

    server = MailServer(port, mode="hung")   # or "healthy", "dribbling"
    server.start(); ...; server.stop()
    server.messages      # what a healthy or dribbling server received
    server.connections   # TCP connections accepted since start()

- healthy: answers at once and keeps every message.
- hung: accepts the TCP connection and never sends a byte, not even the greeting. A client waits
  for its socket timeout (EMAIL_TIMEOUT) on every attempt.
- dribbling: answers every command correctly, one byte at a time, `byte_delay` seconds apart. Each
  read returns well inside a client's socket timeout, so the timeout never fires, while one
  conversation takes minutes.

Used by bench/consultation_load.py and the consultation tests.
"""

import asyncio

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

MODES = ("healthy", "hung", "dribbling")


class Mailbox:
    def __init__(self, delay=0.0):
        self.messages = []
        self.delay = delay
        # A message waits (up to 30 s) until this many connections were made: two senders that
        # must overlap then surely do, however late the machine starts the second.
        self.hold_until_connections = 0

    async def handle_DATA(self, server, session, envelope):
        for _ in range(1500):
            if server.mail_server.connections >= self.hold_until_connections:
                break
            await asyncio.sleep(0.02)
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 Message accepted"


class _CountingSMTP(SMTP):
    mail_server = None

    def connection_made(self, transport):
        if self.mail_server.probe_pending:  # aiosmtpd's own, made by start(): not a sender's
            self.mail_server.probe_pending = False
        else:
            self.mail_server.connections += 1
        super().connection_made(transport)


class _HungSMTP(_CountingSMTP):
    async def push(self, status):
        await asyncio.get_running_loop().create_future()  # never done; cancelled by stop()


class _DribblingSMTP(_CountingSMTP):
    async def push(self, status):
        line = (status.encode() if isinstance(status, str) else status) + b"\r\n"
        for i in range(len(line)):
            self._writer.write(line[i : i + 1])
            await self._writer.drain()
            await asyncio.sleep(self.mail_server.byte_delay)


_SMTP_CLASSES = {"healthy": _CountingSMTP, "hung": _HungSMTP, "dribbling": _DribblingSMTP}


class _Controller(Controller):
    def __init__(self, mail_server):
        self.mail_server = mail_server
        super().__init__(mail_server.mailbox, hostname="127.0.0.1", port=mail_server.port)

    def factory(self):
        smtp = _SMTP_CLASSES[self.mail_server.mode](self.handler, **self.SMTP_kwargs)
        smtp.mail_server = self.mail_server
        return smtp


class MailServer:
    """An SMTP server on 127.0.0.1:`port` that can be stopped, and restarted in another mode."""

    def __init__(self, port, mode="healthy", *, byte_delay=0.5, delay=0.0):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.port = port
        self.mode = mode
        self.byte_delay = byte_delay
        self.mailbox = Mailbox(delay)
        self.connections = 0
        self.probe_pending = False
        self._controller = None

    def start(self, mode=None):
        if mode is not None:
            self.mode = mode
        # start() connects once to see that the server answers: the first connection after this
        # is that probe (counted as it is made, which may be after start() has returned).
        self.probe_pending = True
        self._controller = _Controller(self)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self):
        return self._controller is not None

    @property
    def messages(self):
        return self.mailbox.messages
