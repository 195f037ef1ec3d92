// The demo data of the shop. Every name, e-mail, password and key here is made up.

/** Shop users; the passwords are plain text on purpose (the NoSQL login compares them). */
export const USERS = [
  { id: 1, username: 'alice', email: 'alice@example.org', role: 'admin', password: 'wonderland' },
  { id: 2, username: 'bob', email: 'bob@example.org', role: 'customer', password: 'builder42' },
  { id: 3, username: 'carol', email: 'carol@example.org', role: 'customer', password: 'c4rol!' },
];

/** The catalogue. */
export const PRODUCTS = [
  { id: 1, name: 'Laptop Pro 14', price: 1299, description: 'A light laptop.' },
  { id: 2, name: 'USB-C Dock', price: 149, description: 'Seven ports, one cable.' },
  { id: 3, name: 'Mechanical Keyboard', price: 89, description: 'Loud and proud.' },
  { id: 4, name: 'Noise-Cancelling Headphones', price: 249, description: 'Quiet, please.' },
];

/** Stock levels by SKU. */
export const STOCK = [
  { sku: 'SKU-1001', productId: 1, qty: 4 },
  { sku: 'SKU-1002', productId: 2, qty: 0 },
  { sku: 'SKU-1003', productId: 3, qty: 17 },
  { sku: 'SKU-1004', productId: 4, qty: 2 },
];

/** The API key the /vuln half puts in a URL. Fake: it has never granted anything. */
export const FAKE_API_KEY = 'rmpdemo_live_7Gq2vX9kLw4Tz8Rb3Nc6Hy1P';
