import { describe, expect, it } from 'vitest';
import { directoryListingCheck } from './directory-listing.js';
import { exchange } from './test-support.js';

const APACHE = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
<html>
 <head>
  <title>Index of /files</title>
 </head>
 <body>
<h1>Index of /files</h1>
  <table>
   <tr><th colspan="5"><hr></th></tr>
<tr><td valign="top"><img src="/icons/back.gif" alt="[PARENTDIR]"></td><td><a href="/">Parent Directory</a></td></tr>
<tr><td><a href="backup.sql">backup.sql</a></td></tr>
</table>
</body></html>`;

const NGINX = `<html>
<head><title>Index of /uploads/</title></head>
<body>
<h1>Index of /uploads/</h1><hr><pre><a href="../">../</a>
<a href="a.txt">a.txt</a>                                              01-Jan-2024 10:00                   5
</pre><hr></body>
</html>`;

const PYTHON = `<!DOCTYPE HTML>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Directory listing for /</title>
</head>
<body>
<h1>Directory listing for /</h1>
<hr>
<ul>
<li><a href=".env">.env</a></li>
</ul>
<hr>
</body>
</html>`;

const SERVE_INDEX = `<!DOCTYPE html><html><head><meta charset='utf-8'><title>listing directory /public/</title></head><body class="directory"><div id="wrapper"><h1><a href="/">~</a> / <a href="/public/">public</a> / </h1><ul id="files" class="view-tiles"></ul></div></body></html>`;

const IIS = `<html><head><title>app.test - /docs/</title></head><body><H1>app.test - /docs/</H1><hr>

<pre><A HREF="/">[To Parent Directory]</A><br><br> 1/1/2024  1:00 PM        &lt;dir&gt; <A HREF="/docs/old/">old</A><br></pre><hr></body></html>`;

describe('dast/directory-listing', () => {
  it.each([
    ['Apache', APACHE, '<title>Index of /files</title>'],
    ['nginx', NGINX, '<title>Index of /uploads/</title>'],
    ['python http.server', PYTHON, '<title>Directory listing for /</title>'],
    ['serve-index', SERVE_INDEX, '<title>listing directory /public/</title>'],
    ['IIS', IIS, '<pre><A HREF="/">[To Parent Directory]</A>'],
  ])('reports a %s listing, per URL', (_name, body, proof) => {
    const [issue, ...rest] = directoryListingCheck.inspect(
      exchange({ url: 'http://a.test/files/', body }),
    );
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      ruleId: 'dast/directory-listing',
      url: 'http://a.test/files/',
      proof,
    });
    expect(issue?.groupKey).toBeUndefined();
  });

  it.each([
    [
      'a page that mentions "Index of /" in text',
      '<html><body><p>The Index of /docs lists every page.</p></body></html>',
    ],
    [
      'a book index page',
      '<html><head><title>Index of names</title></head><body><h1>Index of names</h1></body></html>',
    ],
    [
      'a blog post about autoindex',
      '<html><body><pre>&lt;h1&gt;Index of /&lt;/h1&gt;</pre><p>Parent Directory</p></body></html>',
    ],
  ])('does not report %s', (_name, body) => {
    expect(directoryListingCheck.inspect(exchange({ body }))).toEqual([]);
  });

  it('ignores error responses', () => {
    expect(directoryListingCheck.inspect(exchange({ status: 404, body: NGINX }))).toEqual([]);
  });
});
