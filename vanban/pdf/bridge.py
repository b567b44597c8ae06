"""UNO bridge: one process that drives one headless LibreOffice over a named pipe.

This file is **not imported by vanban**. The pool (``vanban.pdf.pool``) runs it as a script with a Python
that can ``import uno`` (Debian's ``/usr/bin/python3`` with ``python3-uno``, or LibreOffice's bundled
``program/python``), because that module is bound to LibreOffice's own build of CPython and cannot be loaded
into vanban's interpreter. So it uses the standard library and ``uno`` only.

Protocol (JSON, one object per line):

- the bridge prints ``{"ready": true}`` once connected to LibreOffice (``{"ready": false, "error": …}`` if not);
- the pool writes ``{"input": …, "output": …, "pdfa": bool, "meta": {…}}``; the bridge answers
  ``{"ok": true, "pages": n}`` or ``{"ok": false, "kind": "load"|"export"|"office", "error": …}``;
  ``kind == "office"`` means LibreOffice itself died or stopped answering (the pool then restarts it);
- ``{"quit": true}`` (or the end of stdin) closes LibreOffice and ends the bridge.

The bridge runs in the pool's temporary directory (its working directory), which it removes if vanban dies.

Safety: documents are loaded hidden, read-only, with the Word 2007 filter forced (random bytes are not
"imported as text"), macros never executed and links never updated (``UpdateDocMode=NO_UPDATE``). A
watchdog kills LibreOffice and exits if vanban (the parent) disappears, so no ``soffice`` outlives a run.
"""

import json
import os
import shutil
import signal
import sys
import threading
import time

import uno  # noqa: F401  (provided by LibreOffice; makes the com.sun.star imports below work)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException

# com.sun.star.document.MacroExecMode.NEVER_EXECUTE, UpdateDocMode.NO_UPDATE
NEVER_EXECUTE = 0
NO_UPDATE = 0
WORD_FILTER = "MS Word 2007 XML"


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


#: LibreOffice's pid and the pool's directory, for cleaning up if vanban disappears (set by main)
OFFICE_PID = 0
ROOT = ""
PARENT = os.getppid()


def reply(obj):
    try:
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    except (BrokenPipeError, ValueError, OSError):  # nobody is listening: vanban died
        orphaned(OFFICE_PID, ROOT)


def kill_office(pid):
    if pid:
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def orphaned(office_pid, root):
    """vanban is gone: kill LibreOffice, remove the pool's directory (profiles) and exit."""
    kill_office(office_pid)
    deadline = time.monotonic() + 2  # a dying parent closes its pipes a moment before we are reparented
    while os.getppid() == PARENT and time.monotonic() < deadline:
        time.sleep(0.05)
    if os.getppid() != PARENT and os.path.basename(root).startswith("vanban-office-"):
        time.sleep(0.5)  # let LibreOffice die before its profile goes
        shutil.rmtree(root, ignore_errors=True)
    os._exit(3)


def watchdog(parent, office_pid, root):
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            orphaned(office_pid, root)


def connect(pipe, timeout):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def is_office_failure(exc):
    """True when the exception says LibreOffice died or the bridge to it broke (not a bad document)."""
    return isinstance(exc, DisposedException) or "binary urp bridge" in str(exc).lower()


def set_metadata(doc, meta):
    """Tiêu đề (trích yếu), số/ký hiệu, cơ quan ban hành → the PDF's Info dictionary and XMP."""
    props = doc.getDocumentProperties()
    if meta.get("title"):
        props.Title = meta["title"]
    if meta.get("subject"):
        props.Subject = meta["subject"]
    if meta.get("author"):
        props.Author = meta["author"]
    if meta.get("keywords"):
        props.Keywords = tuple(meta["keywords"])


def convert(desktop, job):
    url = uno.systemPathToFileUrl(os.path.abspath(job["input"]))
    load = (prop("Hidden", True), prop("ReadOnly", True), prop("FilterName", WORD_FILTER),
            prop("MacroExecutionMode", NEVER_EXECUTE), prop("UpdateDocMode", NO_UPDATE),
            prop("RepairPackage", False), prop("Silent", True))
    try:
        doc = desktop.loadComponentFromURL(url, "_blank", 0, load)
    except Exception as exc:  # IllegalArgumentException / IOException: not a readable Word document
        if is_office_failure(exc):
            raise
        return {"ok": False, "kind": "load", "error": f"{type(exc).__name__}: {exc}".strip()}
    if doc is None or not hasattr(doc, "getText"):  # LibreOffice refused it (e.g. a DOCTYPE) or not Writer
        if doc is not None:
            doc.close(True)
        return {"ok": False, "kind": "load", "error": ""}
    try:
        set_metadata(doc, job.get("meta") or {})
        try:
            pages = doc.getCurrentController().PageCount
        except Exception:
            pages = 0
        filter_data = [prop("ExportNotes", False), prop("DisplayPDFDocumentTitle", True),
                       prop("UseTaggedPDF", True)]
        if job.get("pdfa"):
            filter_data.append(prop("SelectPdfVersion", 2))  # PDF/A-2b
        data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(filter_data))
        out = uno.systemPathToFileUrl(os.path.abspath(job["output"]))
        try:
            doc.storeToURL(out, (prop("FilterName", "writer_pdf_Export"), prop("FilterData", data)))
        except Exception as exc:
            if is_office_failure(exc):
                raise
            return {"ok": False, "kind": "export", "error": f"{type(exc).__name__}: {exc}".strip()}
        return {"ok": True, "pages": pages}
    finally:
        try:
            doc.close(True)
        except Exception:
            pass


def main():
    global OFFICE_PID, ROOT  # noqa: PLW0603
    pipe, office_pid, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    root = os.getcwd()
    OFFICE_PID, ROOT = office_pid, root
    threading.Thread(target=watchdog, args=(PARENT, office_pid, root), daemon=True).start()
    try:
        desktop = connect(pipe, timeout)
    except Exception as exc:
        reply({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        return 1
    reply({"ready": True})
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        job = json.loads(line)
        if job.get("quit"):
            break
        try:
            reply(convert(desktop, job))
        except Exception as exc:  # LibreOffice died or the bridge broke: the pool restarts us
            reply({"ok": False, "kind": "office", "error": f"{type(exc).__name__}: {exc}".strip()})
            return 2
    else:  # end of input without "quit": vanban died (a pool always says quit)
        orphaned(office_pid, root)
    try:
        desktop.terminate()
    except Exception:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
