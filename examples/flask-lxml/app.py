"""A small Flask service that turns an XML feed into JSON with lxml."""

from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)

STYLESHEET = etree.XSLT(etree.XML(b"""\
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/feed"><titles><xsl:for-each select="item"><t><xsl:value-of select="title"/></t></xsl:for-each></titles></xsl:template>
</xsl:stylesheet>"""))


def titles(xml: bytes) -> list[str]:
    result = STYLESHEET(etree.fromstring(xml))
    return [t.text for t in result.getroot()]


@app.post("/titles")
def post_titles():
    return jsonify(titles(request.get_data()))


@app.get("/healthz")
def health():
    return jsonify(status="ok", libxml2=".".join(map(str, etree.LIBXML_VERSION)))
