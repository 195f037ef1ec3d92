const express = require('express');
const Koa = require('koa');
const fastify = require('fastify')();
const { AppDataSource } = require('./data-source');

const app = express();

app.get('/users', async (req, res) => {
  const { role } = req.query;
  const users = await AppDataSource.getRepository('User')
    .createQueryBuilder('user')
    // ruleid: js-sql-injection-typeorm
    .where('user.role = "' + role + '"')
    .getMany();
  // ok: js-sql-injection-typeorm
  await knex('users').where('role', role);
  res.json(users);
});

function ownedBy(queryBuilder, owner) {
  // ruleid: js-sql-injection-typeorm
  return queryBuilder.andWhere(`owner = '${owner}'`);
}

const koa = new Koa();
koa.use(async (ctx) => {
  const queryRunner = AppDataSource.createQueryRunner();
  // ruleid: js-sql-injection-typeorm
  ctx.body = await queryRunner.query(`DELETE FROM sessions WHERE token = '${ctx.query.token}'`);
  // ok: js-sql-injection-typeorm
  ctx.body = await queryRunner.query('DELETE FROM sessions WHERE token = $1', [ctx.query.token]);
  ctx.body = await ownedBy(AppDataSource.createQueryBuilder(), ctx.query.owner).getMany();
});

fastify.get('/count', async (request) => {
  // ok: js-sql-injection-typeorm
  return AppDataSource.manager.query('SELECT count(*) FROM t WHERE n > ' + Number(request.query.n));
});
