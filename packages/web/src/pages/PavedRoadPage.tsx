import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTitle } from '../App.js';
import { confirmAction, FormSuccess } from '../account/forms.js';
import { isSecurityOrAdmin } from '../api/permissions.js';
import { useMe } from '../api/session.js';
import {
  ApproveImageForm,
  ApproveLibraryForm,
  BanLibraryForm,
} from '../paved-road/CatalogForms.js';
import { CatalogTables } from '../paved-road/CatalogTables.js';
import { ChangeError } from '../paved-road/ChangeError.js';
import { History } from '../paved-road/History.js';
import { PavedRoadNav } from '../paved-road/PavedRoadNav.js';
import { readPolicy } from '../paved-road/policy.js';
import { useCatalog, useCatalogChange } from '../paved-road/queries.js';
import { CopyCommand, Templates } from '../paved-road/Templates.js';
import type { Catalog, PatchOp } from '../paved-road/types.js';
import { YamlEditor } from '../paved-road/YamlEditor.js';
import { formatDateTime } from '../ui/format.js';
import { QueryView } from '../ui/states.js';

/**
 * The organisation's paved road: the current catalog as tables (readable by everyone), the
 * forms and YAML editor that change it (security and admin), its history with diffs
 * (`?revision=N`) and the organisation templates (`?template=NAME`).
 */
function PavedRoadPage() {
  useTitle('Paved road');
  const me = useMe();
  const manage = isSecurityOrAdmin(me);
  const catalog = useCatalog();
  const [params] = useSearchParams();
  const revision = Number.parseInt(params.get('revision') ?? '', 10);
  const template = params.get('template') ?? undefined;
  return (
    <>
      <PavedRoadNav />
      <div className="page-head">
        <h1>Paved road</h1>
      </div>
      <p className="muted">
        The organisation&apos;s approved way to build: the libraries to use and to move off, the
        hardened base images, the CI templates and the scanners every project runs. Projects name
        this policy in <code>rampart.yml</code>, and each scan checks the repository against it.
      </p>
      <QueryView query={catalog} label="Loading the catalog…">
        {(c) => <CatalogView catalog={c} manage={manage} />}
      </QueryView>
      <section className="card paved-block" aria-labelledby="paved-history">
        <h2 id="paved-history">History</h2>
        <History selected={Number.isFinite(revision) ? revision : undefined} />
      </section>
      <section className="card paved-block" aria-labelledby="paved-templates">
        <h2 id="paved-templates">Organisation templates</h2>
        <p className="muted">
          Ready-made CI pipelines and repository files that put a project on the road. Add one to a
          repository with <code>rampart init</code>.
        </p>
        <Templates selected={template} manage={manage} />
      </section>
    </>
  );
}

function CatalogView({ catalog, manage }: { readonly catalog: Catalog; readonly manage: boolean }) {
  const change = useCatalogChange();
  const client = useQueryClient();
  const view = readPolicy(catalog.policy);
  const policyUrl = `${window.location.origin}${catalog.url}`;
  const onRemove = (op: PatchOp, what: string) => {
    if (!confirmAction(`Remove the ${what} from the paved road?`)) return;
    change.mutate({
      kind: 'patch',
      ops: [op],
      comment: `Remove ${what}`,
      baseRevision: catalog.revision,
    });
  };
  return (
    <>
      <section className="card paved-block" aria-labelledby="paved-revision">
        <h2 id="paved-revision">
          {catalog.revision === null
            ? 'No policy yet'
            : `Revision ${catalog.revision}${view.name ? `: ${view.name}` : ''}`}
        </h2>
        {catalog.revision === null ? (
          <p>
            The catalog is empty.{' '}
            {manage
              ? 'Add the first entries below, or write the YAML.'
              : 'Security has not published a policy yet.'}
          </p>
        ) : (
          <p className="paved-revision-meta">
            Saved by{' '}
            {catalog.author === null
              ? 'a removed user'
              : (catalog.author.displayName ?? catalog.author.username ?? catalog.author.id)}{' '}
            on {formatDateTime(catalog.updatedAt)}
            {catalog.comment ? (
              <>
                : <q>{catalog.comment}</q>
              </>
            ) : null}
          </p>
        )}
        <p>
          Projects reference it from their <code>rampart.yml</code>:
        </p>
        <CopyCommand command={`pavedRoad: ${policyUrl}`} label="rampart.yml line" />
      </section>
      <section className="paved-block" aria-labelledby="paved-catalog">
        <h2 id="paved-catalog">Catalog</h2>
        <CatalogTables
          view={view}
          onRemove={manage ? onRemove : undefined}
          busy={change.isPending}
        />
        <ChangeError
          error={change.error}
          onReload={() => {
            change.reset();
            void client.invalidateQueries({ queryKey: ['paved-road'] });
          }}
        />
        <FormSuccess>
          {change.isSuccess ? `Removed; saved as revision ${change.data.revision ?? '—'}.` : null}
        </FormSuccess>
      </section>
      {manage ? (
        <section className="card paved-block" aria-labelledby="paved-change">
          <h2 id="paved-change">Change the catalog</h2>
          <div className="grid paved-forms">
            <BanLibraryForm catalog={catalog} />
            <ApproveLibraryForm catalog={catalog} />
            <ApproveImageForm catalog={catalog} />
          </div>
          <YamlEditor catalog={catalog} />
        </section>
      ) : null}
    </>
  );
}

export default PavedRoadPage;
