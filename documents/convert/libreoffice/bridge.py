# The bridge between vanthu and one running LibreOffice: it connects to the
# office through a UNO pipe, then reads one request per line on stdin
# ("<input file>\t<output file>") and answers one line on stdout: "ok", or
# "error <message>". It is started and supervised by the Go driver, which
# kills it together with the office on a timeout.
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe, deadline):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
    while True:
        try:
            ctx = resolver.resolve(url)
            return ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", ctx)
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def convert(desktop, src, dst):
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(src), "_blank", 0,
        (prop("Hidden", True), prop("ReadOnly", True)))
    if doc is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        # SelectPdfVersion 2 is PDF/A-2b: every font embedded, XMP metadata
        # with the PDF/A identification, no transparency groups forbidden by
        # the part.
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", (
            prop("SelectPdfVersion", 2),
            prop("UseTaggedPDF", True),
            prop("ExportFormFields", False),
            prop("EmbedStandardFonts", True),
        ))
        args = (prop("FilterName", "writer_pdf_Export"),
                prop("FilterData", filter_data))
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(dst), args))
    finally:
        doc.close(True)


def main():
    pipe = sys.argv[1]
    desktop = connect(pipe, time.time() + float(sys.argv[2]))
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for line in sys.stdin:
        src, _, dst = line.rstrip("\n").partition("\t")
        try:
            convert(desktop, src, dst)
            sys.stdout.write("ok\n")
        except Exception as e:  # reported to the driver, which decides
            msg = str(e).replace("\n", " ") or type(e).__name__
            sys.stdout.write("error %s\n" % msg)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
