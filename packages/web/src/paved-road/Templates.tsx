import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { FormError, FormSuccess } from '../account/forms.js';
import { withQuery } from '../api/client.js';
import { formatDate } from '../ui/format.js';
import { Empty, QueryView } from '../ui/states.js';
import { useDeprecateTemplate, usePublishTemplate, useTemplate, useTemplates } from './queries.js';
import { CI_KINDS, type CiKind, type TemplateFile } from './types.js';

const CI_LABELS: Record<string, string> = {
  github: 'GitHub Actions',
  gitlab: 'GitLab CI',
  any: 'Any',
};

/** The command that writes template `name` into a repository, for this hub. */
export function initCommand(name: string): string {
  return `rampart init --template ${name} --server ${window.location.origin}`;
}

/** A shell command to copy, with a button that copies it. */
export function CopyCommand({
  command,
  label,
}: {
  readonly command: string;
  readonly label: string;
}) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  return (
    <div className="paved-command">
      <span className="visually-hidden">{label}: </span>
      <code>{command}</code>
      <button
        type="button"
        className="button-secondary"
        onClick={() => {
          navigator.clipboard
            ?.writeText(command)
            .then(() => setCopied('yes'))
            .catch(() => setCopied('no'));
        }}
      >
        Copy
      </button>
      <span role="status" className="muted small">
        {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Could not copy; select the text.' : ''}
      </span>
    </div>
  );
}

function TemplateFiles({
  name,
  version,
  manage,
}: {
  readonly name: string;
  readonly version: string | undefined;
  readonly manage: boolean;
}) {
  const template = useTemplate(name, version);
  const deprecate = useDeprecateTemplate();
  return (
    <QueryView query={template} label="Loading the template…">
      {(t) => (
        <section className="stack paved-template" aria-labelledby="paved-template-title">
          <h4 id="paved-template-title">
            Template {t.name} {t.version}
          </h4>
          <p>{t.description}</p>
          <CopyCommand command={initCommand(t.name)} label="Command to add this template" />
          {t.files.map((f) => (
            <figure key={f.path} className="paved-file">
              <figcaption>
                <code>{f.path}</code>
              </figcaption>
              <pre>{f.content}</pre>
            </figure>
          ))}
          {manage ? (
            <div className="form-row">
              <button
                type="button"
                className="button-secondary"
                disabled={deprecate.isPending}
                onClick={() => deprecate.mutate({ name: t.name, deprecated: !t.deprecated })}
              >
                {t.deprecated ? 'Undeprecate' : 'Deprecate'} {t.name}
              </button>
              <FormError error={deprecate.error} />
            </div>
          ) : null}
        </section>
      )}
    </QueryView>
  );
}

/** The organisation's templates, the selected one's files (`?template=NAME`). */
export function Templates({
  selected,
  manage,
}: {
  readonly selected: string | undefined;
  readonly manage: boolean;
}) {
  const templates = useTemplates();
  return (
    <div className="stack">
      <QueryView query={templates} label="Loading templates…">
        {(list) =>
          list.length === 0 ? (
            <Empty>No organisation template yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table aria-label="Templates">
                <thead>
                  <tr>
                    <th scope="col">Template</th>
                    <th scope="col">Version</th>
                    <th scope="col">CI</th>
                    <th scope="col">Description</th>
                    <th scope="col">Provides</th>
                    <th scope="col">Published</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((t) => (
                    <tr key={t.name} className={t.deprecated ? 'row-muted' : undefined}>
                      <td>
                        <Link
                          to={withQuery('/paved-road', { template: t.name })}
                          preventScrollReset
                          aria-current={t.name === selected ? 'true' : undefined}
                        >
                          {t.name}
                        </Link>
                        {t.deprecated ? (
                          <span className="badge paved-deprecated">deprecated</span>
                        ) : null}
                      </td>
                      <td>{t.version}</td>
                      <td>{CI_LABELS[t.ci] ?? t.ci}</td>
                      <td className="wrap">{t.description}</td>
                      <td className="wrap">
                        {t.provides.length === 0 ? (
                          <span className="muted">—</span>
                        ) : (
                          t.provides.map((p) => (
                            <code key={p} className="paved-check-id">
                              {p}
                            </code>
                          ))
                        )}
                      </td>
                      <td className="nowrap">{formatDate(t.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {selected === undefined || templates.data === undefined ? null : (
        <TemplateFiles
          name={selected}
          // A deprecated template has no default version: ask for the one the list shows.
          version={templates.data.find((t) => t.name === selected)?.version}
          manage={manage}
        />
      )}
      {manage ? <PublishTemplateForm /> : null}
    </div>
  );
}

/** Publishes a template version: name, version, CI, description, and its files. */
function PublishTemplateForm() {
  const publish = usePublishTemplate();
  const [name, setName] = useState('');
  const [version, setVersion] = useState('1.0.0');
  const [ci, setCi] = useState<CiKind>('github');
  const [description, setDescription] = useState('');
  const [files, setFiles] = useState<TemplateFile[]>([{ path: '', content: '' }]);
  const [success, setSuccess] = useState<string | null>(null);
  const setFile = (index: number, file: Partial<TemplateFile>) =>
    setFiles((all) => all.map((f, i) => (i === index ? { ...f, ...file } : f)));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSuccess(null);
    publish.mutate(
      {
        name: name.trim(),
        version: version.trim(),
        ci,
        description: description.trim(),
        files: files
          .filter((f) => f.path.trim() !== '')
          .map((f) => ({ ...f, path: f.path.trim() })),
      },
      {
        onSuccess: (t) => {
          setSuccess(`Published ${t.name} ${t.version}.`);
          setFiles([{ path: '', content: '' }]);
        },
      },
    );
  };
  return (
    <details className="card paved-publish">
      <summary>Publish a template version</summary>
      <form className="admin-form" aria-label="Publish a template version" onSubmit={onSubmit}>
        <div className="form-row">
          <label>
            Name
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              pattern="[a-z0-9][a-z0-9\-]{0,62}"
              title="lower-case letters, digits and dashes"
            />
          </label>
          <label>
            Version
            <input
              value={version}
              onChange={(e) => setVersion(e.target.value)}
              required
              pattern="\d+\.\d+\.\d+"
              title="semantic version, e.g. 1.2.0"
            />
          </label>
          <label>
            CI
            <select value={ci} onChange={(e) => setCi(e.target.value as CiKind)}>
              {CI_KINDS.map((c) => (
                <option key={c} value={c}>
                  {CI_LABELS[c]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label>
          Description
          <input value={description} onChange={(e) => setDescription(e.target.value)} required />
        </label>
        <p className="form-hint">
          File contents may use <code>{'{{server}}'}</code>, <code>{'{{policyUrl}}'}</code>,{' '}
          <code>{'{{project}}'}</code> and <code>{'{{defaultBranch}}'}</code>; init fills them in.
        </p>
        {files.map((file, index) => (
          <fieldset key={`file-${index.toString()}`} className="stack">
            <legend>File {index + 1}</legend>
            <label>
              Path <span className="optional">(relative, e.g. .github/workflows/rampart.yml)</span>
              <input
                value={file.path}
                onChange={(e) => setFile(index, { path: e.target.value })}
                className="mono"
                required={index === 0}
              />
            </label>
            <label>
              Content
              <textarea
                className="mono"
                rows={8}
                value={file.content}
                spellCheck={false}
                onChange={(e) => setFile(index, { content: e.target.value })}
              />
            </label>
            {files.length > 1 ? (
              <button
                type="button"
                className="button-ghost"
                onClick={() => setFiles((all) => all.filter((_, i) => i !== index))}
              >
                Remove file {index + 1}
              </button>
            ) : null}
          </fieldset>
        ))}
        <div className="form-actions">
          <button
            type="button"
            className="button-secondary"
            disabled={files.length >= 50}
            onClick={() => setFiles((all) => [...all, { path: '', content: '' }])}
          >
            Add a file
          </button>
          <button type="submit" disabled={publish.isPending}>
            {publish.isPending ? 'Publishing…' : 'Publish'}
          </button>
        </div>
        <FormError error={publish.error} />
        <FormSuccess>{success}</FormSuccess>
      </form>
    </details>
  );
}
