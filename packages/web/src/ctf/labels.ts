import { messageOf } from '../account/forms.js';
import { ApiError } from '../api/client.js';
import { formatDateTime } from '../ui/format.js';
import type { CtfEvent, CtfStatus } from './types.js';

export const STATUS_LABELS: Record<CtfStatus, string> = {
  draft: 'Draft',
  upcoming: 'Upcoming',
  running: 'Running',
  ended: 'Ended',
};

export const VISIBILITY_LABELS = {
  draft: 'Draft (security and admin only)',
  organisation: 'Everyone in the organisation',
  teams: 'Members of chosen teams',
} as const;

export const MODE_LABELS = { individual: 'Individual', team: 'Teams' } as const;

/** Whether the scoreboard is frozen now (the freeze time has passed, the event not ended). */
export function isFrozen(event: CtfEvent, now: number): boolean {
  return event.freezeAt !== null && Date.parse(event.freezeAt) <= now;
}

/** "2 d 3 h", "5 h 04 min", "3 min 09 s": a duration for a countdown. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${two(m)} min`;
  return `${m} min ${two(sec)} s`;
}

/** What a refused submission or unlock tells the player, with the retry time for a lockout. */
export function playErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'SUBMISSION_LOCKED') {
      const until = /(\d{4}-\d{2}-\d{2}T[\d:.]+Z)/.exec(error.message)?.[1];
      return `Too many wrong flags: this challenge is locked for you${
        until ? ` until ${formatDateTime(until)}` : ' for a while'
      }. Other challenges stay open.`;
    }
    if (error.code === 'RATE_LIMITED') {
      return `Slow down: ${error.message}. Try again in a minute.`;
    }
    if (error.code === 'CHALLENGE_LOCKED') {
      return 'This challenge is locked: solve its prerequisites first.';
    }
    if (error.code === 'EVENT_NOT_RUNNING') return 'The event is not running: no flags now.';
  }
  return messageOf(error);
}
