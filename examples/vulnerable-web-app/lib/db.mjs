import Database from 'better-sqlite3';
import { PRODUCTS, STOCK, USERS } from './data.mjs';

/**
 * Opens an in-memory SQLite database seeded with the demo users, products and stock.
 * Nothing is ever written after seeding: every query the app runs is a SELECT, and
 * better-sqlite3 refuses stacked statements (`'; DROP TABLE ...`).
 */
export function openSeededDatabase() {
  const db = new Database(':memory:');
  db.exec(`
    CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL, email TEXT NOT NULL, role TEXT NOT NULL);
    CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price INTEGER NOT NULL, description TEXT NOT NULL);
    CREATE TABLE stock (sku TEXT PRIMARY KEY, product_id INTEGER NOT NULL, qty INTEGER NOT NULL);
  `);
  const user = db.prepare('INSERT INTO users (id, username, email, role) VALUES (?, ?, ?, ?)');
  for (const u of USERS) user.run(u.id, u.username, u.email, u.role);
  const product = db.prepare(
    'INSERT INTO products (id, name, price, description) VALUES (?, ?, ?, ?)',
  );
  for (const p of PRODUCTS) product.run(p.id, p.name, p.price, p.description);
  const stock = db.prepare('INSERT INTO stock (sku, product_id, qty) VALUES (?, ?, ?)');
  for (const s of STOCK) stock.run(s.sku, s.productId, s.qty);
  return db;
}
