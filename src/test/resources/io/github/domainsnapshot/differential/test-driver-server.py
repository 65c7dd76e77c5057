"""libvirt's test driver answering snapshot requests one after another, on stdin and stdout.

DifferentialLibvirtIT starts it once per libvirt release, with that release's python3 and
python3-libvirt: the host's, or those of a root of another release (libvirt-root N run), where
the bindings load that release's libvirt.so. Each request opens a private state of its own from
the node file (test:///PATH/node.xml), so that no request sees another's snapshots.

    python3 test-driver-server.py NODE.xml DOMAIN

Bytes on both pipes, texts in UTF-8; LEN is the length in bytes of the text after the line:
    at start                         -> "ready LIBVERSION\n" (virConnectGetLibVersion)
    "D STATE\n"                      -> "D OBSERVED LEN\n" + the domain's definition
                                        (virDomainGetXMLDesc, flags 0)
    "C STATE FLAGS LEN\n" + document -> "A OBSERVED LEN\n" + the snapshot libvirt stored
                                        (virDomainSnapshotGetXMLDesc)
                                      | "R OBSERVED LEN\n" + libvirt's error message
    a failure of this script         -> "E LEN\n" + its traceback, and it goes on
STATE is running, paused or shutoff: the domain is suspended or destroyed first; OBSERVED is
virDomainGetState's number afterwards. The document goes to libvirt as a C string, as it does
from libvirt-java: up to its first NUL.
"""

import sys
import traceback

import libvirt


def quiet(_context, _error):
    """libvirt prints every error to stderr unless a handler takes it; each is in the answer."""


def answer(out, kind, text, observed=None):
    data = text.encode("utf-8", "surrogateescape")
    head = kind if observed is None else "%s %d" % (kind, observed)
    out.write(("%s %d\n" % (head, len(data))).encode("ascii") + data)
    out.flush()


def domain_in(conn, name, state):
    dom = conn.lookupByName(name)
    if state == "paused":
        dom.suspend()
    elif state == "shutoff":
        dom.destroy()
    elif state != "running":
        raise ValueError("unknown state " + state)
    return dom


def main():
    node, name = sys.argv[1], sys.argv[2]
    uri = "test://" + node
    libvirt.registerErrorHandler(quiet, None)
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    conn = libvirt.open(uri)
    try:
        out.write(("ready %d\n" % conn.getLibVersion()).encode("ascii"))
        out.flush()
    finally:
        conn.close()
    while True:
        line = inp.readline()
        if not line:
            return
        words = line.decode("ascii").split()
        try:
            if words[0] == "D":
                conn = libvirt.open(uri)
                try:
                    dom = domain_in(conn, name, words[1])
                    answer(out, "D", dom.XMLDesc(0), dom.state()[0])
                finally:
                    conn.close()
            elif words[0] == "C":
                state, flags, length = words[1], int(words[2]), int(words[3])
                document = inp.read(length).decode("utf-8", "surrogateescape").split("\0", 1)[0]
                conn = libvirt.open(uri)
                try:
                    dom = domain_in(conn, name, state)
                    observed = dom.state()[0]
                    try:
                        made = dom.snapshotCreateXML(document, flags)
                    except libvirt.libvirtError as e:
                        answer(out, "R", e.get_error_message() or "", observed)
                    else:
                        answer(out, "A", made.getXMLDesc(0), observed)
                finally:
                    conn.close()
            else:
                raise ValueError("unknown request " + line.decode("ascii", "replace"))
        except Exception:  # the harness's failure, not libvirt's answer: said, and the next request runs
            answer(out, "E", traceback.format_exc())


if __name__ == "__main__":
    main()
