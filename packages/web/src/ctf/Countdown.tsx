import { useEffect, useState } from 'react';
import { formatDateTime } from '../ui/format.js';
import { formatDuration } from './labels.js';
import type { CtfEvent } from './types.js';

/** The time to the start, or left before the end (and the freeze), ticking every second. */
export function Countdown({ event }: { readonly event: CtfEvent }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const start = Date.parse(event.startsAt);
  const end = Date.parse(event.endsAt);
  const freeze = event.freezeAt === null ? null : Date.parse(event.freezeAt);
  let text: string;
  if (event.visibility === 'draft') text = 'Draft: nobody plays it yet.';
  else if (now < start) text = `Starts in ${formatDuration(start - now)}.`;
  else if (now < end) {
    text = `${formatDuration(end - now)} left.`;
    if (freeze !== null && now < freeze)
      text += ` The scoreboard freezes in ${formatDuration(freeze - now)}.`;
  } else text = `Ended on ${formatDateTime(event.endsAt)}.`;
  return <p className="ctf-countdown">{text}</p>;
}
