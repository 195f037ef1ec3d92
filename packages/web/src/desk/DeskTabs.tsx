import { NavLink } from 'react-router';

/** The desk's two views: the questions and the knowledge base. */
export function DeskTabs() {
  return (
    <nav aria-label="Question desk" className="desk-tabs">
      <ul className="tag-list">
        <li>
          <NavLink to="/desk" end>
            Questions
          </NavLink>
        </li>
        <li>
          <NavLink to="/desk/knowledge-base">Knowledge base</NavLink>
        </li>
      </ul>
    </nav>
  );
}
