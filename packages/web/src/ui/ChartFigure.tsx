import type { ReactNode } from 'react';
import { Definition } from './Definition.js';

/**
 * A chart in a figure: a heading with the metric's definition one hover away, the chart
 * (hidden from screen readers), and the same numbers as a visually hidden table.
 */
export function ChartFigure({
  title,
  definition,
  table,
  children,
  empty,
}: {
  readonly title: string;
  readonly definition: string;
  /** The chart's numbers for screen readers: header row, then data rows. */
  readonly table: readonly (readonly (string | number)[])[];
  readonly children: ReactNode;
  /** When set, shown instead of the chart (no data for the period). */
  readonly empty?: string | undefined;
}) {
  const [head, ...rows] = table;
  return (
    <figure className="card chart-card" aria-label={title}>
      <figcaption className="chart-title">
        <h2>{title}</h2>
        <Definition term={title}>{definition}</Definition>
      </figcaption>
      {empty !== undefined ? (
        <div className="state state-empty">{empty}</div>
      ) : (
        <>
          <div className="chart" aria-hidden="true">
            {children}
          </div>
          {head ? (
            // A table ignores its box's width: the wrapper keeps it out of the layout.
            <div className="visually-hidden">
              <table>
                <caption>{title}</caption>
                <thead>
                  <tr>
                    {head.map((h) => (
                      <th key={String(h)} scope="col">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={String(row[0])}>
                      {row.map((cell, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: cells of a fixed-width row
                        <td key={i}>{cell}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      )}
    </figure>
  );
}
