import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractLinks, type FormInfo } from './html-extract.js';

const PAGE = 'http://127.0.0.1:3000/shop/list.html?page=1#top';

function onlyForm(html: string, page = PAGE): FormInfo {
  const { forms } = extractLinks(html, page);
  expect(forms).toHaveLength(1);
  return forms[0] as FormInfo;
}

function fields(form: FormInfo): Record<string, string> {
  return Object.fromEntries(form.fields.map((f) => [f.name, f.value]));
}

describe('extractLinks: links', () => {
  it('resolves links, areas, stylesheets and frames against the page, without fragments', () => {
    const { links } = extractLinks(
      `<a href="item?id=1#x">i</a><A HREF="/about">a</A><area href="../map">
       <link rel="stylesheet" href="/s.css"><iframe src="frame.html"></iframe><frame src="//127.0.0.1:3000/f">
       <a href="https://other.test/x">ext</a><a>no href</a><a href="  ">blank</a>`,
      PAGE,
    );
    expect(links).toEqual([
      'http://127.0.0.1:3000/shop/item?id=1',
      'http://127.0.0.1:3000/about',
      'http://127.0.0.1:3000/map',
      'http://127.0.0.1:3000/s.css',
      'http://127.0.0.1:3000/shop/frame.html',
      'http://127.0.0.1:3000/f',
      'https://other.test/x',
    ]);
  });

  it('ignores javascript:, mailto:, tel:, data: and non-http links', () => {
    const { links } = extractLinks(
      `<a href="javascript:void(0)">j</a><a href=" JavaScript:alert(1)">j</a>
       <a href="mailto:a@b.test">m</a><a href="tel:123">t</a><a href="data:text/html,x">d</a>
       <a href="ftp://h.test/f">f</a><a href="/kept">k</a>`,
      PAGE,
    );
    expect(links).toEqual(['http://127.0.0.1:3000/kept']);
  });

  it('honours <base href> for later links', () => {
    const { links, scripts } = extractLinks(
      '<head><base href="/app/"><script src="main.js"></script></head><a href="page">p</a>',
      PAGE,
    );
    expect(links).toEqual(['http://127.0.0.1:3000/app/page']);
    expect(scripts).toEqual(['http://127.0.0.1:3000/app/main.js']);
  });

  it('follows meta refresh URLs', () => {
    const { links } = extractLinks(
      `<meta http-equiv="Refresh" content="0; URL='/next?from=meta'">
       <meta http-equiv="refresh" content="5;url=later.html"><meta http-equiv="refresh" content="30">`,
      PAGE,
    );
    expect(links).toEqual([
      'http://127.0.0.1:3000/next?from=meta',
      'http://127.0.0.1:3000/shop/later.html',
    ]);
  });

  it('separates external scripts from inline script text', () => {
    const page = extractLinks(
      `<script src="/js/app.js"></script><script>fetch('/api/a')</script>
       <script type="module">import x from './x.js';</script><script src="javascript:x"></script>`,
      PAGE,
    );
    expect(page.scripts).toEqual(['http://127.0.0.1:3000/js/app.js']);
    expect(page.inlineScripts).toEqual(["fetch('/api/a')", "import x from './x.js';", '']);
    expect(page.links).toEqual([]);
  });

  it('keeps `<` and entities in inline scripts as written', () => {
    const { inlineScripts } = extractLinks(
      '<script>if (a < b && c) go("/x?a=1&amp;b")</script>',
      PAGE,
    );
    expect(inlineScripts).toEqual(['if (a < b && c) go("/x?a=1&amp;b")']);
  });

  it('decodes entities in attributes', () => {
    const { links } = extractLinks('<a href="/s?a=1&amp;b=2">x</a>', PAGE);
    expect(links).toEqual(['http://127.0.0.1:3000/s?a=1&b=2']);
  });
});

describe('extractLinks: forms', () => {
  it('reads a GET search form', () => {
    const form = onlyForm(
      '<form action="/search" method="get"><input name="q"><input type="submit" value="Go"></form>',
    );
    expect(form).toEqual({
      action: 'http://127.0.0.1:3000/search',
      method: 'GET',
      enctype: 'form',
      fields: [{ name: 'q', value: 'rampart' }],
    });
  });

  it('treats unknown methods as GET and POST as POST, in any case', () => {
    expect(onlyForm('<form method="PoSt" action="/a"></form>').method).toBe('POST');
    expect(onlyForm('<form method="dialog" action="/a"></form>').method).toBe('GET');
    expect(onlyForm('<form action="/a"></form>').method).toBe('GET');
  });

  it('submits to the page URL (not <base>) when there is no action', () => {
    for (const html of ['<form method="post"></form>', '<form action="" method="post"></form>']) {
      expect(onlyForm(`<base href="/elsewhere/">${html}`).action).toBe(
        'http://127.0.0.1:3000/shop/list.html?page=1',
      );
    }
  });

  it('reads the multipart enctype', () => {
    const form = onlyForm(
      '<form method="post" action="up" enctype="multipart/form-data"><input type="file" name="doc"></form>',
    );
    expect(form.enctype).toBe('multipart');
    expect(form.action).toBe('http://127.0.0.1:3000/shop/up');
    expect(fields(form)).toEqual({ doc: 'rampart.txt' });
  });

  it('gives every kind of control a plausible default', () => {
    const form = onlyForm(`<form method="post" action="/signup">
      <input type="hidden" name="csrf" value="tok123">
      <input name="user">
      <input type="email" name="mail">
      <input name="contact_email">
      <input type="password" name="pw">
      <input type="number" name="age">
      <input type="url" name="site">
      <input type="date" name="born">
      <input type="tel" name="phone">
      <input type="text" name="city" value="Paris">
      <input type="checkbox" name="news" value="yes">
      <input type="checkbox" name="terms">
      <input type="radio" name="plan" value="free">
      <input type="radio" name="plan" value="pro" checked>
      <input type="radio" name="plan" value="team">
      <select name="country"><option value="fr">France</option><option value="de" selected>Germany</option></select>
      <select name="size"><option value="s">S</option><option value="m">M</option></select>
      <textarea name="bio">Hello &amp; welcome</textarea>
      <textarea name="notes"></textarea>
      <input type="reset" name="r" value="Reset"><input type="button" name="b" value="B"><input type="image" name="img">
      <input type="submit" name="action" value="Create">
      <input type="submit" name="action" value="Cancel">
      <button name="go" value="1">Go</button>
      <button type="button" name="noop" value="x">No</button>
      <input value="unnamed">
    </form>`);
    expect(fields(form)).toEqual({
      csrf: 'tok123',
      user: 'rampart',
      mail: 'rampart@example.com',
      contact_email: 'rampart@example.com',
      pw: 'Rampart-Test-1',
      age: '1',
      site: 'https://example.com/',
      born: '2026-01-01',
      phone: '5555550100',
      city: 'Paris',
      news: 'yes',
      terms: 'on',
      plan: 'pro',
      country: 'de',
      size: 's',
      bio: 'Hello & welcome',
      notes: 'rampart',
      action: 'Create',
      go: '1',
    });
  });

  it('uses an option text as its value when it has no value attribute', () => {
    const form = onlyForm(
      '<form><select name="color"><option>red</option><option>blue</option></select></form>',
    );
    expect(fields(form)).toEqual({ color: 'red' });
    const selected = onlyForm(
      `<form><select name="a"><option>x</option><option selected> Big
         one </option></select><select name="b"><option>one<option selected>two</select></form>`,
    );
    expect(fields(selected)).toEqual({ a: 'Big one', b: 'two' });
  });

  it('reads several forms, ignoring controls outside them', () => {
    const { forms } = extractLinks(
      `<input name="stray"><form action="/a"><input name="x"></form>
       <form action="/b" method="post"><input name="y"></form>`,
      PAGE,
    );
    expect(forms.map((f) => [f.action, f.method, fields(f)])).toEqual([
      ['http://127.0.0.1:3000/a', 'GET', { x: 'rampart' }],
      ['http://127.0.0.1:3000/b', 'POST', { y: 'rampart' }],
    ]);
  });

  it('copes with broken markup: unclosed forms, tags and attributes', () => {
    const page = extractLinks(
      `<html><body><div><a href=/one>one<a href='/two'>two</div><p><b>
       <form action=/login method=POST><input name=user><input name=pass type=password
       <a href="/three">`,
      PAGE,
    );
    expect(page.links).toContain('http://127.0.0.1:3000/one');
    expect(page.links).toContain('http://127.0.0.1:3000/two');
    expect(page.forms).toHaveLength(1);
    expect(page.forms[0]?.action).toBe('http://127.0.0.1:3000/login');
    expect(page.forms[0]?.method).toBe('POST');
    expect(page.forms[0]?.fields.map((f) => f.name)).toContain('user');
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc
            .array(
              fc.constantFrom(
                '<a href="',
                '<form',
                ' action=',
                '<base href="',
                '<select name=s>',
                '<option',
                '<textarea name=t>',
                '<script>',
                '</script>',
                '</form>',
                '<meta http-equiv=refresh content="0;url=',
                '"',
                "'",
                '>',
                'javascript:',
                '//',
                '[::1]',
                'http://',
                '%',
                '&amp;',
                ' ',
              ),
            )
            .map((parts) => parts.join('')),
        ),
        (html) => {
          const page = extractLinks(html, PAGE);
          for (const url of [...page.links, ...page.scripts, ...page.forms.map((f) => f.action)])
            expect(url).toMatch(/^https?:\/\//);
        },
      ),
      { numRuns: 500 },
    );
  });
});
