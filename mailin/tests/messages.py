# ruff: noqa: RUF001 - real mail in Polish, Russian and Greek
"""Raw messages as real clients write them (headers and MIME layout copied from each client)."""

import base64
import quopri

from conftest import jpeg_bytes


def b64(data):
    return base64.encodebytes(data).decode("ascii")


def thunderbird_pl_iso(message_id="<7d1c2e3f-1111-4a5b-9c0d-thunder@poczta.example.pl>"):
    body = quopri.encodestring(
        "Dzień dobry,\n\nczajnik przecieka od spodu. Proszę o wymianę.\n\n-- \nPaweł Żółć\n".encode(
            "iso-8859-2"
        )
    ).decode("ascii")
    return (
        f"Message-ID: {message_id}\n"
        "Date: Mon, 2 Mar 2026 10:12:00 +0100\n"
        "MIME-Version: 1.0\n"
        "User-Agent: Mozilla Thunderbird\n"
        "Content-Language: pl\n"
        "To: reklamacje@sklep.example\n"
        "From: =?ISO-8859-2?Q?Pawe=B3_=AF=F3=B3=E6?= <Pawel.Zolc@Poczta.Example.PL>\n"
        "Subject: =?ISO-8859-2?Q?Cieknie_czajnik_=B1=E6=EA=B3=F1=F3=B6=BC=BF?=\n"
        "Content-Type: text/plain; charset=ISO-8859-2; format=flowed\n"
        "Content-Transfer-Encoding: quoted-printable\n\n" + body
    ).encode("ascii")


def gmail_pl_utf8_with_photo(message_id="<CAF=gmail-pl-utf8@mail.gmail.com>"):
    photo = b64(jpeg_bytes())
    text = b64("Pęknięta obudowa, zdjęcie w załączniku.\n".encode())
    html = b64('<div dir="ltr">Pęknięta obudowa, <b>zdjęcie</b> w załączniku.</div>'.encode())
    return (
        "MIME-Version: 1.0\n"
        "Date: Mon, 2 Mar 2026 11:00:00 +0100\n"
        f"Message-ID: {message_id}\n"
        "Subject: =?UTF-8?B?UMSZa25pxJl0YSBvYnVkb3dh?=\n"
        "From: =?UTF-8?Q?Ma=C5=82gorzata_W=C3=B3jcik?= <malgorzata.wojcik@gmail.com>\n"
        "To: reklamacje@sklep.example\n"
        'Content-Type: multipart/mixed; boundary="000000000000mixed"\n\n'
        "--000000000000mixed\n"
        'Content-Type: multipart/alternative; boundary="000000000000alt"\n\n'
        "--000000000000alt\n"
        'Content-Type: text/plain; charset="UTF-8"\n'
        "Content-Transfer-Encoding: base64\n\n" + text + "\n"
        "--000000000000alt\n"
        'Content-Type: text/html; charset="UTF-8"\n'
        "Content-Transfer-Encoding: base64\n\n" + html + "\n"
        "--000000000000alt--\n"
        "--000000000000mixed\n"
        'Content-Type: image/jpeg; name="=?UTF-8?Q?p=C4=99kni=C4=99cie.jpg?="\n'
        "Content-Disposition: attachment;\n"
        " filename*=UTF-8''p%C4%99kni%C4%99cie.jpg\n"
        "Content-Transfer-Encoding: base64\n"
        "X-Attachment-Id: f_abc\n\n" + photo + "\n"
        "--000000000000mixed--\n"
    ).encode("ascii")


def outlook_ru_koi8(message_id="<AM0PR01MB1234.outlook@AM0PR01MB1234.eurprd01.prod.outlook.com>"):
    body = quopri.encodestring(
        "Здравствуйте,\n\nчайник не включается.\n\nС уважением,\nИван\n\n"
        "________________________________\nОт: Магазин\nОтправлено: 1 марта\n\nстарое".encode(
            "koi8-r"
        )
    ).decode("ascii")
    return (
        "From: =?koi8-r?B?6dfBziDwxdTSz9c=?= <ivan.petrov@example.ru>\n"
        "To: reklamacje@sklep.example\n"
        "Subject: =?koi8-r?B?79vJwsvB?=\n"
        "Thread-Topic: =?koi8-r?B?79vJwsvB?=\n"
        "Date: Mon, 2 Mar 2026 09:00:00 +0000\n"
        f"Message-ID: {message_id}\n"
        "Accept-Language: ru-RU, en-US\n"
        "Content-Language: ru-RU\n"
        "X-MS-Has-Attach:\n"
        'Content-Type: text/plain; charset="koi8-r"\n'
        "Content-Transfer-Encoding: quoted-printable\n"
        "MIME-Version: 1.0\n\n" + body
    ).encode("ascii")


def apple_mail_ru_1251_html_only(message_id="<F00D-APPLE-1251@icloud.com>"):
    html = "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
    html += "<p>Утюг сломался через неделю.</p><blockquote><p>ранее</p></blockquote></body></html>"
    body = b64(html.encode("windows-1251"))
    return (
        'Content-Type: text/html; charset="windows-1251"\n'
        "Content-Transfer-Encoding: base64\n"
        "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.300.101.1.3\\))\n"
        "Subject: =?windows-1251?B?0/L+4yDx6+7s4Ovx/w==?=\n"
        f"Message-Id: {message_id}\n"
        "Date: Mon, 2 Mar 2026 12:00:00 +0300\n"
        "From: =?windows-1251?B?zODw6P8=?= <maria@icloud.com>\n"
        "To: reklamacje@sklep.example\n\n" + body
    ).encode("ascii")


def greek_iso_8859_7(message_id="<greek-8859-7@mail.example.gr>"):
    body = quopri.encodestring(
        "Καλημέρα,\n\nη συσκευή δεν λειτουργεί.\n".encode("iso-8859-7")
    ).decode("ascii")
    return (
        "From: =?iso-8859-7?Q?=C3=E9=FE=F1=E3=EF=F2?= <giorgos@mail.example.gr>\n"
        "To: reklamacje@sklep.example\n"
        "Subject: =?iso-8859-7?Q?=C2=EB=DC=E2=E7_=F3=F5=F3=EA=E5=F5=DE=F2?=\n"
        f"Message-ID: {message_id}\n"
        "Date: Mon, 2 Mar 2026 13:00:00 +0200\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=iso-8859-7\n"
        "Content-Transfer-Encoding: quoted-printable\n\n" + body
    ).encode("ascii")


def plain(
    *,
    sender="Cecilia Customer <cecilia@example.com>",
    subject="Broken kettle",
    body="The lid does not close.",
    message_id="<plain-1@example.com>",
    extra_headers="",
):
    return (
        f"From: {sender}\nTo: complaints@localhost\nSubject: {subject}\n"
        f"Message-ID: {message_id}\nDate: Mon, 2 Mar 2026 10:00:00 +0100\n"
        f"{extra_headers}MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n\n" + body + "\n"
    ).encode()


def bounce(original_message_id, *, to="cecilia@example.com"):
    return (
        "Return-Path: <>\n"
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\n"
        "To: complaints@localhost\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "Message-Id: <20260302100000.BOUNCE@mx.example.com>\n"
        "Auto-Submitted: auto-replied\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/report; report-type=delivery-status;\n"
        '\tboundary="BOUNDARY"\n\n'
        "--BOUNDARY\nContent-Type: text/plain; charset=us-ascii\n\n"
        "I'm sorry to have to inform you that your message could not be delivered.\n\n"
        "--BOUNDARY\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.com\n\n"
        f"Final-Recipient: rfc822; {to}\nOriginal-Recipient: rfc822;{to}\nAction: failed\n"
        "Status: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <cecilia@example.com>: Recipient address rejected:\n"
        " User unknown in virtual mailbox table\n\n"
        "--BOUNDARY\nContent-Type: text/rfc822-headers\n\n"
        f"From: complaints@localhost\nTo: {to}\nSubject: We received your complaint\n"
        f"Message-ID: {original_message_id}\n\n"
        "--BOUNDARY--\n"
    ).encode()
