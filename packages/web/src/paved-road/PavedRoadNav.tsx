import { NavLink } from 'react-router';

/** The paved road's pages: catalog, scores, gaps, comparison. */
export function PavedRoadNav() {
  const links = [
    ['/paved-road', 'Catalog'],
    ['/paved-road/scores', 'Scores'],
    ['/paved-road/gaps', 'Biggest gaps'],
    ['/paved-road/comparison', 'Does it pay off?'],
  ] as const;
  return (
    <nav aria-label="Paved road" className="paved-nav">
      <ul>
        {links.map(([to, label]) => (
          <li key={to}>
            <NavLink to={to} end>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
