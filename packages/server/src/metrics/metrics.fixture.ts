import { day, type FixtureHistory } from './metrics-fixture.js';

// The hand-made history the metrics tests check by hand. Day n is T0 + n days; T0 =
// 2024-01-01T00:00Z, a Monday. The window is [day 0, day 28): ISO weeks 2024-W01 (days 0–7),
// W02 (7–14), W03 (14–21), W04 (21–28).
//
// Teams: A = `payments` (project shop), B = `identity` (project auth).
// SLA days: organisation critical 7, high 30, medium 60, low 90; team B critical 3, medium 5,
// low 1 (B has no high policy → the organisation's 30).
// Production scans: shop on days −30 (its first), 15, 16; auth on days 5, 8.
//
// key team sev (effective) scanner  events (stage)                          notes
// F1  A    critical        sast     detected 1 (main), fixed 3
// F2  A    high            sca      detected −10 (main), fixed 2              opened before the window
// F3  A    high            sast     detected 2 (main), fixed 6, reopened 10,  two intervals;
//                                   seen 11 (production), fixed 20            noise: commented 3
// F4  B    medium          secrets  detected 5 (production), fixed 12.5       escaped
// F5  B    critical        sast     detected 8 (production); false positive   a person's reopen
//                                   9, reopened 9.5 by a person; open          undoes the FP and
//                                                                              starts no interval
// F6  B    low             iac      detected 0 (pr), fixed 1                  prevented
// F7  A    medium          sast     detected 3 (pr); open                     pending prevention
// F8  A    high            sca      detected 15 (production); open            advisory published
//                                                                              day 12 > day −30:
//                                                                              late disclosure
// F9  A    critical        sca      detected 16 (production), fixed 18        published day −40:
//                                                                              escaped
// F10 B    high            sast     detected 4 (main), false positive 5,      a false positive:
//                                   fixed 9                                   in no metric
// F11 A    low             sast     detected −100 (main); open                SLA breach
// F12 A    info            sast     detected −200 (main); open                no SLA
// F13 B    critical        sast     detected 10 (main), risk accepted 11      accepted: no breach
// F14 B    medium→high     sast     detected 25 (main), fixed 30              fixed after the window
// F15 A    medium          iac      detected 26 (main), fixed 28              fixed exactly at `to`
// F16 A    medium          sast     detected 4 (pr), seen 6 (main), fixed 7   reached main

/** The window of the fixture's metrics. */
export const WINDOW = { from: day(0), to: day(28) } as const;

/** The fixture history (see the table above). */
export const HISTORY: FixtureHistory = {
  teams: [
    { key: 'A', slug: 'payments' },
    { key: 'B', slug: 'identity' },
  ],
  projects: [
    { key: 'shop', team: 'A' },
    { key: 'auth', team: 'B' },
  ],
  productionScans: [
    { project: 'shop', at: day(-30) },
    { project: 'shop', at: day(15) },
    { project: 'shop', at: day(16) },
    { project: 'auth', at: day(5) },
    { project: 'auth', at: day(8) },
  ],
  slaPolicies: [
    { team: null, severity: 'critical', days: 7 },
    { team: null, severity: 'high', days: 30 },
    { team: null, severity: 'medium', days: 60 },
    { team: null, severity: 'low', days: 90 },
    { team: 'B', severity: 'critical', days: 3 },
    { team: 'B', severity: 'medium', days: 5 },
    { team: 'B', severity: 'low', days: 1 },
  ],
  findings: [
    {
      key: 'F1',
      project: 'shop',
      severity: 'critical',
      scanner: 'sast',
      events: [
        ['detected', day(1), 'main'],
        ['fixed', day(3), 'main'],
      ],
    },
    {
      key: 'F2',
      project: 'shop',
      severity: 'high',
      scanner: 'sca',
      events: [
        ['detected', day(-10), 'main'],
        ['fixed', day(2), 'main'],
      ],
    },
    {
      key: 'F3',
      project: 'shop',
      severity: 'high',
      scanner: 'sast',
      events: [
        ['detected', day(2), 'main'],
        ['commented', day(3)],
        ['fixed', day(6), 'main'],
        ['reopened', day(10), 'main'],
        ['seen', day(11), 'production'],
        ['fixed', day(20), 'main'],
      ],
    },
    {
      key: 'F4',
      project: 'auth',
      severity: 'medium',
      scanner: 'secrets',
      events: [
        ['detected', day(5), 'production'],
        ['fixed', day(12.5), 'production'],
      ],
    },
    {
      key: 'F5',
      project: 'auth',
      severity: 'critical',
      scanner: 'sast',
      events: [
        ['detected', day(8), 'production'],
        ['false_positive', day(9)],
        ['reopened', day(9.5), undefined, 'triage'],
      ],
    },
    {
      key: 'F6',
      project: 'auth',
      severity: 'low',
      scanner: 'iac',
      events: [
        ['detected', day(0), 'pr'],
        ['fixed', day(1), 'pr'],
      ],
    },
    {
      key: 'F7',
      project: 'shop',
      severity: 'medium',
      scanner: 'sast',
      events: [['detected', day(3), 'pr']],
    },
    {
      key: 'F8',
      project: 'shop',
      severity: 'high',
      scanner: 'sca',
      data: { properties: { published: new Date(day(12)).toISOString() } },
      events: [['detected', day(15), 'production']],
    },
    {
      key: 'F9',
      project: 'shop',
      severity: 'critical',
      scanner: 'sca',
      data: { properties: { published: day(-40) } },
      events: [
        ['detected', day(16), 'production'],
        ['fixed', day(18), 'production'],
      ],
    },
    {
      key: 'F10',
      project: 'auth',
      severity: 'high',
      scanner: 'sast',
      events: [
        ['detected', day(4), 'main'],
        ['false_positive', day(5)],
        ['fixed', day(9), 'main'],
      ],
    },
    {
      key: 'F11',
      project: 'shop',
      severity: 'low',
      scanner: 'sast',
      events: [['detected', day(-100), 'main']],
    },
    {
      key: 'F12',
      project: 'shop',
      severity: 'info',
      scanner: 'sast',
      events: [['detected', day(-200), 'main']],
    },
    {
      key: 'F13',
      project: 'auth',
      severity: 'critical',
      scanner: 'sast',
      events: [
        ['detected', day(10), 'main'],
        ['risk_accepted', day(11)],
      ],
    },
    {
      key: 'F14',
      project: 'auth',
      severity: 'medium',
      severityOverride: 'high',
      scanner: 'sast',
      events: [
        ['detected', day(25), 'main'],
        ['severity_overridden', day(26)],
        ['fixed', day(30), 'main'],
      ],
    },
    {
      key: 'F15',
      project: 'shop',
      severity: 'medium',
      scanner: 'iac',
      events: [
        ['detected', day(26), 'main'],
        ['fixed', day(28), 'main'],
      ],
    },
    {
      key: 'F16',
      project: 'shop',
      severity: 'medium',
      scanner: 'sast',
      events: [
        ['detected', day(4), 'pr'],
        ['seen', day(6), 'main'],
        ['fixed', day(7), 'main'],
      ],
    },
  ],
};
