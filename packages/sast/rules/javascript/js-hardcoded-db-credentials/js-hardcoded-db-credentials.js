const mysql = require('mysql2');
const { Pool } = require('pg');
const { Sequelize } = require('sequelize');
const Redis = require('ioredis');

const connection = mysql.createConnection({
  host: 'db.internal',
  user: 'app',
  // ruleid: js-hardcoded-db-credentials
  password: 'Pr0d-DB-pa55',
  database: 'shop',
});

// ruleid: js-hardcoded-db-credentials
const pool = new Pool({ host: 'pg.internal', user: 'billing', password: "b1ll1ng!2023", database: 'billing' });

// ruleid: js-hardcoded-db-credentials
const sequelize = new Sequelize('shop', 'shop_user', 's3qu3lize-pw', { host: 'db.internal', dialect: 'postgres' });

// ruleid: js-hardcoded-db-credentials
const redis = new Redis({ host: 'cache.internal', port: 6379, password: 'r3dis-s3cret' });

// ok: js-hardcoded-db-credentials
const envPool = new Pool({ host: process.env.PGHOST, user: process.env.PGUSER, password: process.env.PGPASSWORD });

// ok: js-hardcoded-db-credentials
const envSequelize = new Sequelize(process.env.DB_NAME, process.env.DB_USER, process.env.DB_PASS, { dialect: 'mysql' });

// ok: js-hardcoded-db-credentials
const placeholder = mysql.createPool({ host: 'localhost', user: 'root', password: '' });

// ok: js-hardcoded-db-credentials
const urlPool = new Pool({ connectionString: process.env.DATABASE_URL });
