"""The ports the tests' servers (gunicorn, Caddy, PostgreSQL) are started on."""

import socket
from pathlib import Path

from bench import server
from bench.server import free_port


def test_servers_get_ports_no_outgoing_connection_can_take_first():
    """A port from the kernel's range for outgoing connections could be taken by any client
    socket before its server bound it: gunicorn then failed with "Address already in use"."""
    outgoing = range(*map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()))
    ports = [free_port() for _ in range(50)]
    assert len(set(ports)) == len(ports)
    assert all(1024 <= port < outgoing.start for port in ports)
    with socket.socket() as server:
        server.bind(("127.0.0.1", ports[-1]))  # free indeed


def test_a_machine_with_no_room_below_its_outgoing_range_still_gets_ports(monkeypatch):
    monkeypatch.setattr(server, "_outgoing_ports_start", lambda: 1024)
    ports = [free_port() for _ in range(5)]
    assert len(set(ports)) == len(ports)
