"""Which address counts as the client's: the lockout, the rate limits and the audit trail
all ask tissage/lib/client_ip.py."""

from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from tissage.lib.client_ip import client_ip
from tissage.privacy.audit import client_ip as audit_client_ip


def _request(**headers: str):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **headers)


def test_direct_requests_use_the_socket_address(settings):
    settings.TISSAGE_BEHIND_PROXY = False
    request = _request(HTTP_X_REAL_IP="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "10.0.0.1"  # a header anyone can send is ignored
    assert get_client_ip_address(request) == "10.0.0.1"


def test_behind_nginx_the_address_nginx_saw(settings):
    settings.TISSAGE_BEHIND_PROXY = True
    request = _request(HTTP_X_REAL_IP="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "203.0.113.9"
    assert get_client_ip_address(request) == "203.0.113.9"  # django-axes asks the same
    assert audit_client_ip(request) == "203.0.113.9"


def test_behind_nginx_never_the_client_written_forwarded_for(settings):
    settings.TISSAGE_BEHIND_PROXY = True
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="198.51.100.7")) == "10.0.0.1"
