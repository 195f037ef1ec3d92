const express = require('express');
const puppeteer = require('puppeteer');
const { chromium } = require('playwright');
const pdf = require('html-pdf');
const Koa = require('koa');
const fastify = require('fastify')();

const app = express();

app.get('/screenshot', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  // ruleid: js-ssrf-headless-browser
  await page.goto(req.query.url, { waitUntil: 'networkidle0' });
  // ok: js-ssrf-headless-browser
  await page.goto(`https://reports.example.com/view/${encodeURIComponent(req.query.id)}`);
  res.type('png').send(await page.screenshot());
  await browser.close();
});

app.post('/invoice.pdf', async (req, res) => {
  const { html } = req.body;
  const browser = await chromium.launch();
  const invoicePage = await browser.newPage();
  // ruleid: js-ssrf-headless-browser
  await invoicePage.setContent(html);
  // ok: js-ssrf-headless-browser
  await invoicePage.setContent('<h1>Invoice</h1>');
  res.type('pdf').send(await invoicePage.pdf());
});

async function render(page, link) {
  // ruleid: js-ssrf-headless-browser
  return page.goto(link);
}

const koa = new Koa();
koa.use(async (ctx) => {
  const browser = await puppeteer.launch();
  await render(await browser.newPage(), ctx.query.link);
  ctx.body = 'done';
});

fastify.post('/legacy-pdf', (request, reply) => {
  // ruleid: js-ssrf-headless-browser
  pdf.create(request.body.html, { format: 'A4' }).toBuffer((err, buf) => reply.send(buf));
});
