import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { type BulkColumn, bulkInsert, bulkUpdate } from './bulk-insert.js';
import type { HubDatabase } from './database.js';

const COLUMNS: readonly BulkColumn[] = [
  { name: 'key', type: 'text' },
  { name: 'label', type: 'text' },
  { name: 'at', type: 'bigint' },
  { name: 'n', type: 'integer' },
];

interface Row {
  seq: number;
  key: string;
  label: string | null;
  at: number | null;
  n: number | null;
}

describe.each(TEST_DIALECTS)('bulk writes on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    const seq =
      dialect === 'postgres'
        ? sql`seq bigint generated always as identity primary key`
        : sql`seq integer primary key autoincrement`;
    await sql`create table bulk_rows (${seq}, key text not null unique, label text,
      at bigint, n integer)`.execute(hub.db);
  });
  afterAll(() => drop());

  async function stored(): Promise<Row[]> {
    const { rows } = await sql<Row>`select * from bulk_rows order by seq`.execute(hub.db);
    return rows.map((r) => ({
      ...r,
      seq: Number(r.seq),
      at: r.at === null ? null : Number(r.at),
    }));
  }

  it('inserts rows in order, a value shared by every row (or null in every row) as it is', async () => {
    await sql`delete from bulk_rows`.execute(hub.db);
    // More rows than one SQLite statement takes; `label` and `n` are the same in every
    // row, `at` is null in every row, and the rows carry a key that is not a column.
    const rows = Array.from({ length: 1203 }, (_, i) => ({
      key: `k-${String(i).padStart(5, '0')}`,
      label: 'same "quoted" \\ text, é',
      at: null,
      n: 7,
      extra: { not: 'a column' },
    }));
    await bulkInsert(hub.db, dialect, 'bulk_rows', COLUMNS, rows);
    const out = await stored();
    expect(out.map((r) => r.key)).toEqual(rows.map((r) => r.key));
    expect(new Set(out.map((r) => `${r.label}|${r.at}|${r.n}`))).toEqual(
      new Set(['same "quoted" \\ text, é|null|7']),
    );
  });

  it('inserts a single row and rows without an order, every value varying or not', async () => {
    await sql`delete from bulk_rows`.execute(hub.db);
    await bulkInsert(hub.db, dialect, 'bulk_rows', COLUMNS, [
      { key: 'one', label: 'x', at: 1_700_000_000_123, n: 1 },
    ]);
    await bulkInsert(
      hub.db,
      dialect,
      'bulk_rows',
      COLUMNS,
      [
        { key: 'a', label: null, at: 5, n: 1 },
        { key: 'b', label: 'y', at: 5, n: 2 },
      ],
      undefined,
      { ordered: false },
    );
    const out = await stored();
    expect(out.map(({ seq: _, ...r }) => r).sort((x, y) => (x.key < y.key ? -1 : 1))).toEqual([
      { key: 'a', label: null, at: 5, n: 1 },
      { key: 'b', label: 'y', at: 5, n: 2 },
      { key: 'one', label: 'x', at: 1_700_000_000_123, n: 1 },
    ]);
  });

  it('upserts on a conflict, with the values shared by every row', async () => {
    await sql`delete from bulk_rows`.execute(hub.db);
    await bulkInsert(hub.db, dialect, 'bulk_rows', COLUMNS, [
      { key: 'a', label: 'old', at: 1, n: 1 },
    ]);
    await bulkInsert(
      hub.db,
      dialect,
      'bulk_rows',
      COLUMNS,
      [
        { key: 'a', label: 'new', at: 2, n: 9 },
        { key: 'b', label: 'new', at: 3, n: 9 },
      ],
      { target: ['key'], update: ['label', 'at'] },
    );
    expect((await stored()).map(({ seq: _, ...r }) => r)).toEqual([
      { key: 'a', label: 'new', at: 2, n: 1 },
      { key: 'b', label: 'new', at: 3, n: 9 },
    ]);
  });

  it('updates the columns named of the rows matched by key, and nothing else', async () => {
    await sql`delete from bulk_rows`.execute(hub.db);
    const rows = Array.from({ length: 1203 }, (_, i) => ({
      key: `k-${i}`,
      label: `label ${i}`,
      at: i,
      n: i,
    }));
    await bulkInsert(hub.db, dialect, 'bulk_rows', COLUMNS, rows);
    const updates = rows
      .filter((_, i) => i % 2 === 0)
      .map((r, i) => ({ ...r, label: i % 3 === 0 ? null : 'it\'s "new"', at: 42, n: -1 }));
    await bulkUpdate(
      hub.db,
      dialect,
      'bulk_rows',
      'key',
      [
        { name: 'key', type: 'text' },
        { name: 'label', type: 'text' },
        { name: 'at', type: 'bigint' },
      ],
      [...updates, { key: 'no such row', label: 'z', at: 1, n: 1 }],
    );
    const out = new Map((await stored()).map((r) => [r.key, r]));
    expect(out.size).toBe(rows.length);
    for (const [i, r] of rows.entries()) {
      const u = i % 2 === 0 ? updates[i / 2] : undefined;
      expect(out.get(r.key)).toEqual({
        seq: expect.any(Number),
        key: r.key,
        label: u ? u.label : r.label,
        at: u ? 42 : r.at,
        n: r.n,
      });
    }
    // One row, every value the same as the others' (only the key in the document).
    await bulkUpdate(
      hub.db,
      dialect,
      'bulk_rows',
      'key',
      [
        { name: 'key', type: 'text' },
        { name: 'n', type: 'integer' },
      ],
      [{ key: 'k-1', n: 5 }],
    );
    expect(out.get('k-1')?.n).toBe(1);
    expect((await stored()).find((r) => r.key === 'k-1')?.n).toBe(5);
  });
});
