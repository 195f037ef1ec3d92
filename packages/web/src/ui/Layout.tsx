import { useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { isAdmin, isSecurityOrAdmin } from '../api/permissions.js';
import { useMe, useSession } from '../api/session.js';
import { applyTheme, storedTheme, type Theme } from './theme.js';

const NEXT_THEME: Record<Theme, Theme> = { system: 'dark', dark: 'light', light: 'system' };

/** The signed-in frame: skip link, navigation, account menu, theme switch, the page. */
export function Layout() {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [theme, setTheme] = useState<Theme>(storedTheme);
  const [menuOpen, setMenuOpen] = useState(false);
  const links = [
    ['/', 'Overview'],
    ['/findings', 'Findings'],
    ['/projects', 'Projects'],
    ['/teams', 'Teams'],
    ['/champions', 'Champions'],
    ['/desk', 'Desk'],
    ['/consults', 'Consults'],
    ['/rules', 'Rules'],
    ['/paved-road', 'Paved road'],
    ['/training', 'Training'],
    ['/ctf', 'CTF'],
    ['/leaderboard', 'Leaderboard'],
  ] as const;
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href="/" aria-label="Rampart overview">
          <span aria-hidden="true">▲</span> Rampart
        </a>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="primary-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <nav id="primary-nav" aria-label="Primary" className={menuOpen ? 'open' : undefined}>
          <ul>
            {links.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to} end={to === '/'} onClick={() => setMenuOpen(false)}>
                  {label}
                </NavLink>
              </li>
            ))}
            {isSecurityOrAdmin(me) ? (
              <li>
                <NavLink to="/admin" onClick={() => setMenuOpen(false)}>
                  {isAdmin(me) ? 'Admin' : 'Settings'}
                </NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <div className="account">
          <button
            type="button"
            className="button-ghost"
            aria-label={`Theme: ${theme}. Switch to ${NEXT_THEME[theme]}`}
            title={`Theme: ${theme}`}
            onClick={() => {
              const next = NEXT_THEME[theme];
              applyTheme(next);
              setTheme(next);
            }}
          >
            {theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}
          </button>
          <NavLink to="/account" className="account-link">
            {me.displayName ?? me.username}
          </NavLink>
          <button
            type="button"
            className="button-ghost"
            onClick={() => void signOut().then(() => navigate('/login'))}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
