const mongoose = require('mongoose');
const { Pool } = require('pg');
const amqp = require('amqplib');
const { createClient } = require('redis');

// ruleid: js-credentials-in-connection-string
mongoose.connect('mongodb+srv://admin:Xk9p2LqR7v@cluster0.ab1cd.mongodb.net/shop?retryWrites=true');

const pool = new Pool({
  // ruleid: js-credentials-in-connection-string
  connectionString: "postgres://reporting:r3p0rt!ng@db.prod.internal:5432/analytics",
});

async function consume() {
  // ruleid: js-credentials-in-connection-string
  const conn = await amqp.connect(`amqps://worker:w0rk3rPw@rabbit.example.com/vhost`);
  return conn.createChannel();
}

// ruleid: js-credentials-in-connection-string
const redis = createClient({ url: 'rediss://default:a8Fh3kLm9Q@cache-12345.cloud.redislabs.com:6380' });

// ok: js-credentials-in-connection-string
mongoose.connect(process.env.MONGODB_URI);

// ok: js-credentials-in-connection-string
const templ = `postgres://${process.env.PGUSER}:${process.env.PGPASSWORD}@${process.env.PGHOST}/app`;

// ok: js-credentials-in-connection-string
const local = new Pool({ connectionString: 'postgres://postgres:postgres@localhost:5432/dev' });

// ok: js-credentials-in-connection-string
const docs = 'mongodb+srv://<username>:<password>@cluster0.mongodb.net/test';

// ok: js-credentials-in-connection-string
const noPassword = 'mongodb://db.internal:27017/shop';

// e.g. postgres://user:hunter2@db.example.com/app
// ok: js-credentials-in-connection-string
const example = 'postgres://user:password@db.example.com/app';
