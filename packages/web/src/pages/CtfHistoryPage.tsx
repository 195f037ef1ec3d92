import { useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { isOrgReader, isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import { CandidateList } from '../ctf-history/CandidateList.js';
import { DraftEditor } from '../ctf-history/DraftEditor.js';
import { DraftList } from '../ctf-history/DraftList.js';
import { useHistoryCandidates, useHistoryDraft, useHistoryDrafts } from '../ctf-history/queries.js';
import { QueryView } from '../ui/states.js';

/**
 * "Spot the bug" challenges from our own fixed findings: the candidates, the drafts (their
 * snippets anonymised by the hub), a draft's review, and publishing into a CTF event. The
 * open draft is in the URL (`?draft=<id>`). Security and admin work here; auditors read.
 */
function CtfHistoryPage() {
  useTitle('Challenges from our history');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const selected = params.get('draft') ?? undefined;
  const reader = isOrgReader(me);
  const manage = isSecurityOrAdmin(me);
  const candidates = useHistoryCandidates(reader);
  const drafts = useHistoryDrafts(reader);
  const draft = useHistoryDraft(reader ? selected : undefined);

  if (!reader)
    return (
      <div className="card">
        <h1>Challenges from our history</h1>
        <p>Only the security team, administrators and auditors see this page.</p>
      </div>
    );
  return (
    <>
      <div className="page-head">
        <h1>Challenges from our history</h1>
      </div>
      <p className="muted">
        &quot;Spot the bug&quot; challenges made from vulnerabilities we really fixed: the code
        before the fix, anonymised (secrets, names, e-mail addresses, hosts, paths and our own
        project and team names replaced). The anonymiser works from patterns: read every draft
        before approving it. Players answer <code>L&lt;line&gt;:CWE-&lt;number&gt;</code>.
      </p>

      {selected ? (
        <QueryView query={draft} label="Loading the draft…">
          {(d) => <DraftEditor key={`${d.id}-${d.status}`} draft={d} manage={manage} />}
        </QueryView>
      ) : null}

      <section className="section-gap" aria-labelledby="ctfh-drafts">
        <h2 id="ctfh-drafts">Drafts</h2>
        <QueryView query={drafts} label="Loading drafts…">
          {(list) => <DraftList drafts={list} selected={selected} />}
        </QueryView>
      </section>

      <section className="section-gap" aria-labelledby="ctfh-candidates">
        <h2 id="ctfh-candidates">Fixed findings</h2>
        <QueryView query={candidates} label="Loading fixed findings…">
          {(list) => (
            <CandidateList
              candidates={list}
              manage={manage}
              onGenerated={(id) => setParams({ draft: id })}
            />
          )}
        </QueryView>
      </section>
    </>
  );
}

export default CtfHistoryPage;
