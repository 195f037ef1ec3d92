import { type FormEvent, useState } from 'react';
import { messageOf } from '../account/forms.js';
import { ApiError } from '../api/client.js';
import { exportHref, useImportChallenges } from './queries.js';

/** Export links (org readers; with flag hashes for admins) and the YAML import (managers). */
export function ImportExport({
  eventId,
  canImport,
  canExportSecrets,
}: {
  readonly eventId: string;
  readonly canImport: boolean;
  readonly canExportSecrets: boolean;
}) {
  const importer = useImportChallenges(eventId);
  const [yaml, setYaml] = useState('');
  const [fileError, setFileError] = useState<string | undefined>();

  function submit(event: FormEvent) {
    event.preventDefault();
    importer.mutate(yaml);
  }
  const result = importer.data;
  const error = importer.error;
  return (
    <section className="card admin-form section-gap" aria-labelledby="ctf-yaml">
      <h2 id="ctf-yaml">Challenges as YAML</h2>
      <p className="form-actions">
        <a className="ctf-button-link" href={exportHref(eventId)} download="challenges.yml">
          Export challenges (without flags)
        </a>
        {canExportSecrets ? (
          <a
            className="ctf-button-link"
            href={exportHref(eventId, true)}
            download="challenges-with-flags.yml"
          >
            Export with flag hashes (admins; audit-logged)
          </a>
        ) : null}
      </p>
      {canImport ? (
        <form onSubmit={submit} className="admin-form" aria-label="Import challenges">
          <p className="muted form-hint">
            The import creates challenges by slug, or updates those that exist, all or nothing. See
            docs/hub-ctf.md for the format.
          </p>
          <label>
            YAML file
            <input
              type="file"
              accept=".yml,.yaml,application/yaml,text/yaml,text/plain"
              onChange={(e) => {
                const file = e.target.files?.[0];
                setFileError(undefined);
                if (file === undefined) return;
                if (file.size > 1024 * 1024) {
                  setFileError('The file is over 1 MiB.');
                  return;
                }
                file.text().then(setYaml, () => setFileError('Could not read the file.'));
              }}
            />
          </label>
          <label>
            Challenges YAML
            <textarea
              className="mono"
              rows={10}
              required
              value={yaml}
              onChange={(e) => setYaml(e.target.value)}
            />
          </label>
          <div className="form-actions">
            <button type="submit" disabled={importer.isPending}>
              {importer.isPending ? 'Importing…' : 'Import'}
            </button>
          </div>
          {fileError ? (
            <p role="alert" className="state state-error form-message">
              {fileError}
            </p>
          ) : null}
          {error ? (
            error instanceof ApiError && error.status === 400 ? (
              <div role="alert" className="state state-error form-message">
                <p>The file was not imported:</p>
                <pre className="ctf-import-errors">{error.message}</pre>
              </div>
            ) : (
              <p role="alert" className="state state-error form-message">
                {messageOf(error)}
              </p>
            )
          ) : null}
          {result ? (
            <p role="status" className="state state-success form-message">
              Imported: {result.created.length} created
              {result.created.length > 0 ? ` (${result.created.join(', ')})` : ''},{' '}
              {result.updated.length} updated
              {result.updated.length > 0 ? ` (${result.updated.join(', ')})` : ''}.
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
