#!/usr/bin/python3
"""Verifies every DKIM-Signature of the message on stdin with dkimpy (Debian's python3-dkim).

The public key comes from the environment, not DNS: DKIM_TXT holds the TXT record
("v=DKIM1; k=rsa; p=...") served for any selector, and DKIM_TXT_<SELECTOR> (upper case) one for a
given selector, for messages signed with several keys. Exits 0 when every signature verifies,
1 when one does not, 2 when there is none.
"""
import logging
import os
import sys

import dkim


def dnsfunc(name, timeout=5):
    selector = name.decode("ascii").split("._domainkey.", 1)[0]
    record = os.environ.get("DKIM_TXT_" + selector.upper(), os.environ.get("DKIM_TXT"))
    return record.encode("ascii") if record else None


def main():
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    log = logging.getLogger("dkimpy")
    message = sys.stdin.buffer.read()
    d = dkim.DKIM(message, logger=log)
    count = sum(1 for name, _ in d.headers if name.lower() == b"dkim-signature")
    if count == 0:
        print("no DKIM-Signature", file=sys.stderr)
        return 2
    for idx in range(count):
        d = dkim.DKIM(message, logger=log)
        if not d.verify(idx=idx, dnsfunc=dnsfunc):
            print("signature %d failed" % idx, file=sys.stderr)
            return 1
    print("%d signature(s) verified" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
