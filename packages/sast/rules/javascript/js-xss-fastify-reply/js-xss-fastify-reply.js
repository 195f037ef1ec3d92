const fastify = require('fastify')({ logger: true });
const escapeHtml = require('escape-html');

fastify.get('/hello', async (request, reply) => {
  const { name } = request.query;
  // ruleid: js-xss-fastify-reply
  return reply.type('text/html').send(`<h1>Hello ${name}</h1>`);
});

fastify.get('/safe', async (request, reply) => {
  // ok: js-xss-fastify-reply
  reply.type('text/html').send(`<h1>Hello ${escapeHtml(request.query.name)}</h1>`);
  // ok: js-xss-fastify-reply
  reply.send(`Hello ${request.query.name}`);
  // ok: js-xss-fastify-reply
  reply.type('application/json').send({ name: request.query.name });
});

function card(title) {
  return '<div class="card">' + title + '</div>';
}

fastify.get('/card/:title', (request, reply) => {
  // ruleid: js-xss-fastify-reply
  reply.code(200).header('Content-Type', 'text/html; charset=utf-8').send(card(request.params.title));
});

fastify.post('/preview', (request, reply) => {
  const { markdown } = request.body;
  // ruleid: js-xss-fastify-reply
  reply.type('text/html').code(200).send('<article>' + markdown + '</article>');
});

fastify.get('/count', (request, reply) => {
  // ok: js-xss-fastify-reply
  reply.type('text/html').send('<p>' + parseInt(request.query.n, 10) + '</p>');
});

fastify.listen({ port: 3000 });
