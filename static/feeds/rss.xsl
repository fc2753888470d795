<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an RSS feed of Tòa soạn as a page when a citizen opens the feed's link in a browser. Feed readers ignore
     it. No inline <style> (the site's Content Security Policy allows none): only style attributes. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat" indent="yes"/>
  <xsl:template match="/rss/channel">
    <html lang="vi">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="title"/> (nguồn tin RSS)</title>
      </head>
      <body style="margin:0;font-family:'Noto Sans','Segoe UI',Roboto,Arial,sans-serif;color:#1a1a1a;line-height:1.6">
        <main style="max-width:48rem;margin:0 auto;padding:1rem">
          <p style="background:#f6f4f1;border-left:4px solid #8a1c1c;padding:.75rem 1rem">
            Đây là <strong>nguồn tin RSS</strong>: sao chép địa chỉ của trang này vào một ứng dụng đọc tin
            (RSS) để nhận bài mới ngay khi được đăng.
          </p>
          <h1 style="font-size:1.5rem;line-height:1.3"><xsl:value-of select="title"/></h1>
          <p><xsl:value-of select="description"/></p>
          <p><a href="{link}" style="color:#8a1c1c">Xem trên cổng thông tin</a></p>
          <ul style="list-style:none;padding:0">
            <xsl:for-each select="item">
              <li style="border-top:1px solid #ddd;padding:.75rem 0">
                <h2 style="font-size:1.1rem;margin:0"><a href="{link}" style="color:#1a1a1a"><xsl:value-of select="title"/></a></h2>
                <p style="color:#4a4a4a;font-size:.9rem;margin:.25rem 0"><xsl:value-of select="pubDate"/></p>
                <p style="margin:.25rem 0"><xsl:value-of select="description"/></p>
              </li>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
