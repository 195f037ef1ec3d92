/**
 * What each metric means, in a sentence or two: a summary of docs/hub.md ("The rules, as
 * implemented"), shown one hover away from each metric's title.
 */
export const DEFINITIONS = {
  mttr: 'Mean time to remediate: for the findings fixed in the period, the days from when each was opened (or reopened by a scan) to its fix. The median is the middle fix time, the mean the average. False positives are not counted.',
  escapeRate:
    'The share of the findings first detected in the period whose first detection was in production, past every earlier stage. Late disclosures (an advisory published after the project was first scanned in production) are left out.',
  sla: "The share of the findings fixed in the period that were fixed within their SLA: days per severity from the team's policy, else the organisation's, else the default (critical 7, high 30, medium 90, low 180).",
  slaBreaches:
    'Findings still open at the end of the period past their SLA due date, most overdue first. Accepted risks and false positives are not breaches.',
  open: 'Findings open at the end of the period, by effective severity (an override counts). Accepted risks are still unfixed and count; false positives do not.',
  openNow:
    'Findings open now, by effective severity (an override counts). Accepted risks and false positives are not counted here; the team page counts accepted risks as open, since they are still unfixed.',
  prevented:
    'Findings first detected in a pull request in the period, never seen on the main branch or in production, and fixed: caught before they shipped. Pending: those still open.',
  trend:
    "Per ISO week of the period: findings opened (a scan's reopen counts), findings fixed, and findings open at the week's end.",
  weeklyMttr:
    'For each ISO week of the period, the median days from opening to fix of the findings fixed that week. A week without fixes has no point (the line joins the weeks that have one).',
  topCwes:
    "The weaknesses (CWE) named by the findings first detected in the period (one per project and fingerprint, false positives left out), most findings first, with how many are still open at the period's end. A finding naming two CWEs counts under both.",
} as const;
