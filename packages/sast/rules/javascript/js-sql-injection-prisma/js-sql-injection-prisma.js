const express = require('express');
const { PrismaClient, Prisma } = require('@prisma/client');
const Koa = require('koa');
const fastify = require('fastify')();

const prisma = new PrismaClient();
const app = express();

app.get('/users', async (req, res) => {
  // ruleid: js-sql-injection-prisma
  const users = await prisma.$queryRawUnsafe(`SELECT * FROM "User" WHERE email = '${req.query.email}'`);
  // ok: js-sql-injection-prisma
  await prisma.$queryRawUnsafe('SELECT * FROM "User" WHERE email = $1', req.query.email);
  // ok: js-sql-injection-prisma
  await prisma.$queryRaw`SELECT * FROM "User" WHERE email = ${req.query.email}`;
  res.json(users);
});

app.post('/archive', async (req, res) => {
  const { before } = req.body;
  const statement = 'UPDATE "Post" SET archived = true WHERE "createdAt" < \'' + before + "'";
  // ruleid: js-sql-injection-prisma
  await prisma.$executeRawUnsafe(statement);
  // ok: js-sql-injection-prisma
  await prisma.$executeRaw(Prisma.sql`UPDATE "Post" SET archived = true WHERE "createdAt" < ${before}`);
  res.sendStatus(204);
});

function orderClause(column) {
  // ruleid: js-sql-injection-prisma
  return Prisma.raw(`ORDER BY ${column}`);
}

const koa = new Koa();
koa.use(async (ctx) => {
  ctx.body = await prisma.$queryRaw`SELECT * FROM "Item" ${orderClause(ctx.query.sort)}`;
});

fastify.get('/stats', async (request) => {
  // ok: js-sql-injection-prisma
  return prisma.$queryRawUnsafe('SELECT * FROM "Stat" LIMIT ' + parseInt(request.query.limit, 10));
});

// Next.js API route
export default async function handler(req, res) {
  const { table } = req.query;
  // ruleid: js-sql-injection-prisma
  const rows = await prisma.$queryRaw(`SELECT * FROM ${table}`);
  res.status(200).json(rows);
}
