import sys

from lxml import etree

FEED = b"""<rss><channel><title>News</title>
<item><title>First</title></item><item><title>Second</title></item>
</channel></rss>"""

TITLES = etree.XSLT(etree.XML(b"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text"/>
<xsl:template match="/"><xsl:for-each select="//item"><xsl:value-of select="title"/>;</xsl:for-each></xsl:template>
</xsl:stylesheet>"""))


def titles(feed: bytes) -> list[str]:
    return [t for t in str(TITLES(etree.fromstring(feed))).split(";") if t]


if __name__ == "__main__":
    found = titles(FEED)
    assert found == ["First", "Second"], found
    print("libxml2", etree.LIBXML_VERSION, "libxslt", etree.LIBXSLT_VERSION, found)
    if "--check" not in sys.argv:
        print(titles(sys.stdin.buffer.read()))
