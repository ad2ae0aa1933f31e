<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an RSS or Atom feed opened in a browser as a page that says what a feed is
     and how to follow it. Served from the same site; it loads nothing from elsewhere. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"
    doctype-system="about:legacy-compat"/>
  <xsl:template match="/">
    <xsl:variable name="title" select="(rss/channel/title | atom:feed/atom:title)[1]"/>
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <link rel="stylesheet" href="../theme/css/site.css"/>
      </head>
      <body>
        <main id="main" class="ob-main">
          <p class="ob-item__kicker">Feed · Canal de noticias</p>
          <h1><xsl:value-of select="$title"/></h1>
          <div class="ob-cta">
            <p><strong>This is a feed.</strong> Copy this page's address into a feed reader
              (or a tool that shares posts to social media) to get every new post automatically.
              You do not need an account with us.</p>
            <p lang="es"><strong>Esto es un canal (feed).</strong> Copie la dirección de esta página
              en un lector de feeds para recibir cada publicación nueva automáticamente.</p>
          </div>
          <p><xsl:value-of select="(rss/channel/description | atom:feed/atom:subtitle)[1]"/></p>
          <h2>Latest posts</h2>
          <ul class="ob-list">
            <xsl:for-each select="rss/channel/item | atom:feed/atom:entry">
              <li class="ob-entry">
                <h3 class="ob-entry__title">
                  <a>
                    <xsl:attribute name="href"><xsl:value-of select="(link | atom:link[@rel='alternate']/@href)[1]"/></xsl:attribute>
                    <xsl:value-of select="title | atom:title"/>
                  </a>
                </h3>
                <p class="ob-entry__text"><xsl:value-of select="(description | atom:summary)[1]"/></p>
              </li>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
