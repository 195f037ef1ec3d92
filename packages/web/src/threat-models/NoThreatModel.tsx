/** What the page says when the project has no threat model yet: how to send one. */
export function NoThreatModel({ projectId }: { readonly projectId: string }) {
  return (
    <div className="state state-empty tm-empty stack">
      <p>
        <strong>This project has no threat model yet</strong> (or you do not have access to it).
      </p>
      <p>
        Describe the system in a <code>threatmodel.yml</code> (its elements, data flows and trust
        boundaries) and send it from CI with the project's CI token in <code>RAMPART_TOKEN</code>:
      </p>
      <pre className="tm-command">
        <code>{`rampart threat-model threatmodel.yml --server <hub URL> --project ${projectId}`}</code>
      </pre>
      <p className="muted small">
        The format and the threat library are described in docs/threat-models.md, and the hub's side
        in docs/hub-threat-models.md, in the Rampart repository.
      </p>
    </div>
  );
}
