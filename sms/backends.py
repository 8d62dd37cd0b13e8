"""SMS gateways, chosen with the SMS_BACKEND setting (a dotted path to a class).

A backend has `send(to, text)`; it raises on failure, and the outbox retries.
"""

import json
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    pass


def get_backend():
    return import_string(settings.SMS_BACKEND)()


class FileBackend:
    """Development: appends each message to SMS_FILE (var/sms.log), or prints it."""

    def send(self, to, text):
        path = getattr(settings, "SMS_FILE", "")
        line = json.dumps({"to": to, "text": text}, ensure_ascii=False)
        if not path:
            print(f"SMS {line}")
            return
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as log:
            log.write(line + "\n")


class HttpBackend:
    """A generic HTTP provider: POST SMS_HTTP_BODY (with {to} and {text}, JSON-escaped)
    to SMS_HTTP_URL, with SMS_HTTP_AUTH_HEADER ("Authorization: Bearer …") if set.
    Any 2xx answer is success."""

    def send(self, to, text):
        url = settings.SMS_HTTP_URL
        if not url:
            raise SmsError("SMS_HTTP_URL is not set")
        body_template = settings.SMS_HTTP_BODY
        # Values are JSON-escaped so a quote or newline in the text cannot break the body.
        body = body_template.replace("{to}", json.dumps(to)[1:-1]).replace(
            "{text}", json.dumps(text, ensure_ascii=False)[1:-1]
        )
        request = urllib.request.Request(
            url,
            data=body.encode(),
            method="POST",
            headers={"Content-Type": settings.SMS_HTTP_CONTENT_TYPE},
        )
        header = settings.SMS_HTTP_AUTH_HEADER
        if header:
            name, _, value = header.partition(":")
            request.add_header(name.strip(), value.strip())
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_HTTP_TIMEOUT) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            raise SmsError(f"gateway answered {error.code}") from error
        except OSError as error:
            raise SmsError(f"gateway unreachable: {error}") from error
        if not 200 <= status < 300:
            raise SmsError(f"gateway answered {status}")
