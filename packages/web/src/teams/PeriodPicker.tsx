import { useId } from 'react';
import { PERIODS, type PeriodDays, parsePeriod } from './period.js';

/** Chooses the period metrics are read over (the choice lives in the URL). */
export function PeriodPicker({
  days,
  onChange,
}: {
  readonly days: PeriodDays;
  readonly onChange: (days: PeriodDays) => void;
}) {
  const id = useId();
  return (
    <label htmlFor={id}>
      Period
      <select id={id} value={days} onChange={(e) => onChange(parsePeriod(e.target.value))}>
        {PERIODS.map((p) => (
          <option key={p} value={p}>
            Last {p} days
          </option>
        ))}
      </select>
    </label>
  );
}
