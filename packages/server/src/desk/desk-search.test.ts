import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestOrg, type TestOrg, testClock } from '../auth/test-org.js';
import type { HubDatabase } from '../db/database.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { renderWebhookBody } from '../webhooks/payload.js';
import { fts5Expression, parseSearchQuery, websearchText } from './desk-search.js';
import { acceptAnswer, addPost, askQuestion, searchKnowledgeBase } from './desk-store.js';
import { markdownExcerpt, renderMarkdown } from './markdown.js';

describe('parseSearchQuery', () => {
  it.each([
    ['vault lease', '(("vault" AND "lease"))', 'vault lease'],
    ['"short lived" token', '(("short lived" AND "token"))', '"short lived" token'],
    ['vault -aws', '(("vault") NOT "aws")', 'vault -aws'],
    ['vault or kms', '(("vault")) OR (("kms"))', 'vault or kms'],
    ['How do I store the password?', '(("store" AND "password"))', 'store password'],
    ['sql-injection', '(("sql" AND "injection"))', 'sql injection'],
    ['NEAR( x*', '(("near" AND "x"))', 'near x'],
  ])('reads %j', (query, fts, websearch) => {
    const parsed = parseSearchQuery(query);
    expect(fts5Expression(parsed)).toBe(fts);
    expect(websearchText(parsed)).toBe(websearch);
  });

  it.each(['"', 'AND OR', 'or or', '-vault', '***', '', 'the of'])(
    'finds nothing to search for in %j',
    (query) => {
      expect(parseSearchQuery(query).groups).toEqual([]);
    },
  );
});

describe('renderMarkdown', () => {
  it.each([
    ['<script>alert(1)</script>', '<script'],
    ['<img src=x onerror=alert(1)>', '<img'],
    ['[click](javascript:alert(1))', 'href="javascript:'],
    ['[click](JAVASCRIPT:alert(1))', 'href="JAVASCRIPT:'],
    ['<a href="https://x.example">raw</a>', '<a href="https://x.example">raw'],
    ['![x](data:text/html;base64,PHNjcmlwdD4=)', 'src="data:'],
    ['[x](vbscript:msgbox(1))', 'href="vbscript:'],
    ['![pixel](https://tracker.example/p.png)', '<img'],
  ])('keeps %j inert', (markdown, forbidden) => {
    const html = renderMarkdown(markdown);
    expect(html).not.toContain(forbidden);
  });

  it('renders markdown, and marks every link nofollow noopener noreferrer', () => {
    const html = renderMarkdown('**bold** [docs](https://docs.example.com) https://x.example.com');
    expect(html).toContain('<strong>bold</strong>');
    expect(html.match(/rel="nofollow noopener noreferrer"/g)).toHaveLength(2);
  });
});

describe('the question.escalated webhook', () => {
  it('says title, team, age and link, never the body', () => {
    const body = JSON.parse(
      renderWebhookBody(
        {
          event: 'question.escalated',
          occurredAt: '2025-01-08T09:00:00.000Z',
          team: { id: 't', slug: 'payments', name: 'payments <@here>' },
          question: {
            id: 'q1',
            title: 'Where do keys go?',
            askedAt: '2025-01-06T09:00:00.000Z',
            ageHours: 48,
            reason: 'timeout',
          },
          link: '/desk/questions/q1',
        },
        'https://rampart.example.com',
      ),
    );
    expect(body.text).toBe(
      'Question escalated to the security team (team payments &lt;@here&gt;, unanswered for 48 hours): Where do keys go?',
    );
    expect(JSON.stringify(body.blocks)).toContain(
      '<https://rampart.example.com/desk/questions/q1|Where do keys go?>',
    );
    expect(body.rampart.link).toBe('https://rampart.example.com/desk/questions/q1');
  });
});

describe.each(TEST_DIALECTS)('the knowledge base search on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  const clock = testClock();

  let org: TestOrg;
  const ask = (title: string) =>
    askQuestion(hub, {
      teamId: org.teamA,
      projectId: null,
      findingId: null,
      authorId: org.developer.id,
      title,
      body: 'What should we do?',
      tags: [],
      private: false,
      now: clock.now(),
    });
  const answered = async (title: string, answer: string) => {
    const { id } = await ask(title);
    const post = await addPost(hub, {
      questionId: id,
      kind: 'answer',
      body: answer,
      authorId: org.champion.id,
      now: clock.now(),
    });
    await acceptAnswer(hub, {
      questionId: id,
      answerId: post.id,
      actorId: org.developer.id,
      now: clock.now(),
    });
  };

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    org = await buildTestOrg(hub, clock.now());
    await answered('Storing API keys', 'Use the vault with short-lived leases.');
    await answered('Password hashing', 'argon2id with the OWASP parameters; never MD5.');
    await answered('CSRF in the SPA', 'Double-submit token, SameSite=Lax cookies.');
  });
  afterAll(async () => {
    await drop?.();
  });

  const titles = async (query: string) =>
    (await searchKnowledgeBase(hub, { query, limit: 10 })).questions.map((q) => q.title);

  it('finds questions by the words of their answers, stemmed, with exclusions and or', async () => {
    expect(await titles('hashed passwords')).toEqual(['Password hashing']);
    expect(await titles('argon2id')).toEqual(['Password hashing']);
    expect(await titles('vault or cookies')).toHaveLength(2);
    expect(await titles('"short-lived leases"')).toEqual(['Storing API keys']);
    expect(await titles('token -cookies')).toEqual([]);
  });

  it('ranks a title match above a match in an answer, and leaves unanswered ones out', async () => {
    await answered('Kubernetes secrets', 'Mount them as files.');
    await answered('Container images', 'Scan them before they reach kubernetes.');
    const { id } = await ask('kubernetes RBAC');
    expect(id).toBeTruthy();
    const page = await searchKnowledgeBase(hub, { query: 'kubernetes', limit: 10 });
    expect(page.questions.map((q) => q.title)).toEqual(['Kubernetes secrets', 'Container images']);
    const [first, second] = page.questions;
    expect(first?.rank).toBeGreaterThan(second?.rank ?? Number.POSITIVE_INFINITY);
  });

  it('never throws, whatever the query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.string({ unit: 'binary', maxLength: 60 }),
          fc
            .array(
              fc.constantFrom(
                '"',
                'AND',
                'OR',
                'NOT',
                'NEAR(',
                '*',
                '^',
                '-',
                ':',
                '(',
                ')',
                'or',
                'vault',
                '\u0000',
                "'",
                '\\',
                '&',
                '|',
                '!',
              ),
              { maxLength: 12 },
            )
            .map((parts) => parts.join(' ')),
        ),
        async (query) => {
          const page = await searchKnowledgeBase(hub, { query, limit: 5 });
          expect(Array.isArray(page.questions)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('markdownExcerpt', () => {
  it('keeps the text and inline code, drops markup and link targets, and cuts on a word', () => {
    expect(
      markdownExcerpt(
        '# Use **argon2id**\n\nSee [the guide](https://example.com) and `hash()`.\n\n- one\n- two',
      ),
    ).toBe('Use argon2id See the guide and hash(). one two');
    const long = markdownExcerpt('word '.repeat(100), 23);
    expect(long).toBe('word word word word…');
    expect(markdownExcerpt('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });
});
