const Koa = require('koa');
const Router = require('@koa/router');
const escapeHtml = require('escape-html');

const app = new Koa();
const router = new Router();

router.get('/hello', (ctx) => {
  const { name } = ctx.query;
  // ruleid: js-xss-koa-body
  ctx.body = `<h1>Hello ${name}</h1>`;
});

router.get('/safe', (ctx) => {
  // ok: js-xss-koa-body
  ctx.body = `<h1>Hello ${escapeHtml(ctx.query.name)}</h1>`;
  // ok: js-xss-koa-body
  ctx.body = `Hello ${ctx.query.name}`;
  // ok: js-xss-koa-body
  ctx.body = { name: ctx.query.name };
  // ok: js-xss-koa-body
  ctx.body = ctx.request.body;
});

router.get('/echo', (ctx) => {
  // ruleid: js-xss-koa-body
  ctx.body = ctx.query.message;
});

function badge(label) {
  return '<span class="badge">' + label + '</span>';
}
router.get('/badge', (ctx) => {
  // ruleid: js-xss-koa-body
  ctx.response.body = badge(ctx.params.label);
});

router.post('/comment', async (ctx) => {
  const comment = await Comment.create({ text: ctx.request.body.text });
  // ok: js-xss-koa-body
  ctx.body = comment;
  const { text } = ctx.request.body;
  // ruleid: js-xss-koa-body
  ctx.body = '<p>' + text + '</p>';
});

app.use(async (ctx, next) => {
  await next();
  // ok: js-xss-koa-body
  ctx.body = '<footer>' + Number(ctx.get('X-Count')) + '</footer>';
});

app.use(router.routes());
