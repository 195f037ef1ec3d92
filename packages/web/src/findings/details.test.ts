import { describe, expect, it } from 'vitest';
import type { FindingEvent, Me } from '../api/types.js';
import { frameLines } from './Evidence.js';
import { locationText } from './labels.js';
import { eventDetails } from './Timeline.js';
import { dateInputValue, offeredActions, startOfDay } from './TriageActions.js';

const me = (over: Partial<Me>): Me => ({
  id: 'u1',
  username: 'dev',
  displayName: null,
  globalRole: null,
  mustChangePassword: false,
  teams: [],
  ...over,
});

const event = (type: string, data: unknown, over: Partial<FindingEvent> = {}): FindingEvent => ({
  id: 1,
  type,
  at: '2025-01-01T00:00:00.000Z',
  actorId: 'u1',
  scanId: null,
  stage: null,
  data,
  ...over,
});

describe('locationText', () => {
  it('says where a finding is in one line, for each kind of location', () => {
    expect(
      locationText({
        kind: 'code',
        path: 'src/<img src=x onerror=alert(1)>.js',
        region: { startLine: 12, startColumn: 1, endLine: 12, endColumn: 5 },
      }),
    ).toBe('src/<img src=x onerror=alert(1)>.js:12');
    expect(
      locationText({
        kind: 'package',
        purl: 'pkg:npm/lodash@4.17.20',
        ecosystem: 'npm',
        name: 'lodash',
        version: '4.17.20',
        manifestPath: 'package.json',
        fixedVersions: [],
      }),
    ).toBe('lodash@4.17.20');
    expect(locationText({ kind: 'url', method: 'GET', url: 'javascript:alert(1)' })).toBe(
      'GET javascript:alert(1)',
    );
    expect(locationText(null)).toBe('—');
  });
});

describe('frameLines', () => {
  it('numbers the snippet from the region start and marks the region lines', () => {
    const lines = frameLines({
      kind: 'code',
      path: 'a.js',
      region: { startLine: 40, startColumn: 1, endLine: 41, endColumn: 2 },
      snippet: 'const a = 1;\r\nrun(a);\n',
    });
    expect(lines).toEqual([
      { number: 40, text: 'const a = 1;', hit: true },
      { number: 41, text: 'run(a);', hit: true },
    ]);
  });
});

describe('eventDetails', () => {
  const nameOf = (id: string) => (id === 'u2' ? 'Alice' : id);

  it('shows the reason and expiry of an accepted risk', () => {
    const details = eventDetails(
      event('risk_accepted', { reason: 'compensating control', until: '2030-01-01T00:00:00.000Z' }),
      nameOf,
    );
    expect(details.map(([label]) => label)).toEqual(['Reason', 'Until']);
    expect(details[0]?.[1]).toBe('compensating control');
  });

  it('names the assignee, and says nobody for an unassignment', () => {
    expect(eventDetails(event('assigned', { from: null, to: 'u2' }), nameOf)).toEqual([
      ['Assigned to', 'Alice'],
    ]);
    expect(eventDetails(event('assigned', { from: 'u2', to: null }), nameOf)).toEqual([
      ['Assigned to', 'nobody'],
      ['Before', 'Alice'],
    ]);
  });

  it('leaves a comment text out of the details (it is shown as the comment)', () => {
    expect(eventDetails(event('commented', { text: '<script>x</script>' }), nameOf)).toEqual([]);
  });

  it('shows unknown scalar details and ignores data that is not an object', () => {
    expect(eventDetails(event('custom', { count: 3, nested: { a: 1 } }), nameOf)).toEqual([
      ['count', '3'],
    ]);
    expect(eventDetails(event('detected', null), nameOf)).toEqual([]);
  });
});

describe('offeredActions', () => {
  const labels = (m: Me, status: string) => offeredActions(m, 't1', status).map((a) => a.action);

  it('offers a champion every action that applies to an open finding', () => {
    const champion = me({ teams: [{ id: 't1', slug: 't', name: 'T', role: 'champion' }] });
    expect(labels(champion, 'open')).toEqual([
      'accept_risk',
      'false_positive',
      'assign',
      'comment',
      'override_severity',
    ]);
    expect(labels(champion, 'risk_accepted')).toContain('reopen');
  });

  it('offers a developer comment, assign and reopen only', () => {
    const developer = me({ teams: [{ id: 't1', slug: 't', name: 'T', role: 'developer' }] });
    expect(labels(developer, 'open')).toEqual(['assign', 'comment']);
    expect(labels(developer, 'false_positive')).toEqual(['reopen', 'assign', 'comment']);
  });

  it('offers nothing to an auditor or a member of another team', () => {
    expect(labels(me({ globalRole: 'auditor' }), 'open')).toEqual([]);
    const other = me({ teams: [{ id: 't2', slug: 'o', name: 'O', role: 'champion' }] });
    expect(labels(other, 'open')).toEqual([]);
  });
});

describe('the expiry date of an accepted risk', () => {
  it('is the start of the chosen day, and only a real date', () => {
    const day = startOfDay('2030-02-03');
    expect(day?.getFullYear()).toBe(2030);
    expect(day?.getMonth()).toBe(1);
    expect(day?.getDate()).toBe(3);
    expect(day?.getHours()).toBe(0);
    expect(startOfDay('2030-02-30')).toBeUndefined();
    expect(startOfDay('soon')).toBeUndefined();
    expect(dateInputValue(new Date(2030, 0, 5))).toBe('2030-01-05');
  });
});
