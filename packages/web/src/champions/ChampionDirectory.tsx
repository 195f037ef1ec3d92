import { type FormEvent, useState } from 'react';
import { confirmAction, FormError } from '../account/forms.js';
import { formatCount, formatDate } from '../ui/format.js';
import { Empty } from '../ui/states.js';
import { parseTags, useChampionChange } from './queries.js';
import type { ChampionEntry } from './types.js';

/** The directory's table; security and admin also edit expertise and end roles here. */
export function ChampionDirectory({
  champions,
  manage,
  onTag,
}: {
  readonly champions: readonly ChampionEntry[];
  readonly manage: boolean;
  /** Filters the directory by a tag (the tags are links). */
  readonly onTag: (tag: string) => void;
}) {
  if (champions.length === 0)
    return <Empty>No champion matches. Security users appoint one per team.</Empty>;
  return (
    <div className="table-wrap">
      <table aria-label="Champions">
        <thead>
          <tr>
            <th scope="col">Champion</th>
            <th scope="col">Team</th>
            <th scope="col">Expertise</th>
            <th scope="col" className="num">
              Points (90 days)
            </th>
            <th scope="col" className="num">
              Triaged (90 days)
            </th>
            <th scope="col">Last active</th>
            {manage ? <th scope="col">Manage</th> : null}
          </tr>
        </thead>
        <tbody>
          {champions.map((c) => (
            <tr key={`${c.teamId}/${c.userId}`}>
              <th scope="row">
                {c.displayName || c.username}
                {c.displayName && c.displayName !== c.username ? (
                  <div className="muted mono">{c.username}</div>
                ) : null}
              </th>
              <td>{c.teamName}</td>
              <td>
                {c.expertise.length === 0 ? (
                  <span className="muted">none yet</span>
                ) : (
                  <ul className="tag-list">
                    {c.expertise.map((tag) => (
                      <li key={tag}>
                        <button type="button" className="tag" onClick={() => onTag(tag)}>
                          {tag}
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td
                className="num"
                title={`${c.points.answers} for answers, ${c.points.triage} for triage, ${c.points.fixes} for the team's fixes`}
              >
                {formatCount(c.points.total)}
              </td>
              <td className="num">{formatCount(c.activity.triaged90d)}</td>
              <td>{c.activity.lastActiveAt ? formatDate(c.activity.lastActiveAt) : '—'}</td>
              {manage ? (
                <td>
                  <ManageChampion champion={c} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ManageChampion({ champion }: { readonly champion: ChampionEntry }) {
  const change = useChampionChange();
  const [editing, setEditing] = useState(false);
  const [tags, setTags] = useState(champion.expertise.join(', '));
  const who = champion.displayName || champion.username;
  function save(event: FormEvent) {
    event.preventDefault();
    change.mutate(
      {
        kind: 'expertise',
        teamId: champion.teamId,
        userId: champion.userId,
        tags: parseTags(tags),
      },
      { onSuccess: () => setEditing(false) },
    );
  }
  return (
    <div className="stack">
      {editing ? (
        <form onSubmit={save} aria-label={`Expertise of ${who}`}>
          <label>
            Expertise tags
            <input
              value={tags}
              onChange={(e) => setTags(e.target.value)}
              placeholder="crypto, authn, owasp-top-10"
              spellCheck={false}
            />
          </label>
          <div className="form-actions">
            <button type="submit" disabled={change.isPending}>
              Save tags
            </button>
            <button type="button" className="button-ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="form-actions">
          <button type="button" className="button-secondary" onClick={() => setEditing(true)}>
            Edit tags
          </button>
          <button
            type="button"
            className="button-ghost"
            disabled={change.isPending}
            onClick={() => {
              if (
                confirmAction(
                  `End ${who}'s champion role in ${champion.teamName}? They stay a developer.`,
                )
              )
                change.mutate({
                  kind: 'dismiss',
                  teamId: champion.teamId,
                  userId: champion.userId,
                });
            }}
          >
            End role
          </button>
        </div>
      )}
      <FormError error={change.error} />
    </div>
  );
}
