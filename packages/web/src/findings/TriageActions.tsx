/**
 * The triage actions the user's role allows on a finding (the hub decides; this only picks
 * the buttons): each opens a small form in place of the buttons, posts to the hub, shows the
 * hub's error when it refuses, and on success reloads the finding so its timeline shows the
 * new event.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api } from '../api/client.js';
import type { TeamWithMembers } from '../api/finding-types.js';
import { canTriage, type TriageAction } from '../api/permissions.js';
import { type FindingDetail, type Me, SEVERITIES } from '../api/types.js';
import { SEVERITY_LABELS } from './labels.js';
import { FINDINGS_KEY } from './queries.js';
import type { NameOf } from './Timeline.js';

interface ActionSpec {
  readonly action: TriageAction;
  readonly label: string;
  readonly path: string;
  readonly done: string;
}

/** The actions in the order they are offered, with their hub route and what success says. */
export const ACTIONS: readonly ActionSpec[] = [
  { action: 'accept_risk', label: 'Accept risk', path: 'accept-risk', done: 'Risk accepted.' },
  {
    action: 'false_positive',
    label: 'False positive',
    path: 'false-positive',
    done: 'Marked as a false positive.',
  },
  { action: 'reopen', label: 'Reopen', path: 'reopen', done: 'Reopened.' },
  { action: 'assign', label: 'Assign', path: 'assign', done: 'Assignment saved.' },
  { action: 'comment', label: 'Comment', path: 'comments', done: 'Comment added.' },
  {
    action: 'override_severity',
    label: 'Override severity',
    path: 'severity',
    done: 'Severity saved.',
  },
];

/** Whether an action makes sense for a finding in `status` (the hub refuses a reopen of an open one). */
export function applies(action: TriageAction, status: string): boolean {
  switch (action) {
    case 'reopen':
      return status === 'false_positive' || status === 'risk_accepted';
    case 'false_positive':
      return status !== 'false_positive';
    case 'accept_risk':
      return status === 'open' || status === 'risk_accepted';
    default:
      return true;
  }
}

/** The actions to offer `me` on a finding of team `teamId` (undefined: not known). */
export function offeredActions(me: Me, teamId: string | undefined, status: string) {
  return ACTIONS.filter((a) => canTriage(me, teamId ?? '', a.action) && applies(a.action, status));
}

function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return 'Not found, or you do not have access to it.';
    return error.message;
  }
  return 'Something went wrong.';
}

/** `yyyy-mm-dd` of a date in local time (what a date input holds). */
export function dateInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The start (local midnight) of a date input's day; undefined when it is not a date. */
export function startOfDay(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) || dateInputValue(date) !== value ? undefined : date;
}

function addDays(date: Date, days: number): Date {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  return next;
}

type Submit = (body: unknown) => void;

interface FormProps {
  readonly busy: boolean;
  readonly error: string | null;
  readonly onCancel: () => void;
  readonly submit: Submit;
}

/** A form named by its heading; focuses its first field; Escape cancels. */
function ActionForm({
  title,
  named = true,
  submitLabel,
  busy,
  error,
  onCancel,
  onSubmit,
  children,
}: {
  readonly title: string;
  /**
   * Whether the heading names the form. Not when a field has the same label: Playwright's
   * `getByLabel('Comment')` would find the form as well as its text box.
   */
  readonly named?: boolean;
  readonly submitLabel: string;
  readonly busy: boolean;
  readonly error: string | null;
  readonly onCancel: () => void;
  readonly onSubmit: () => void;
  readonly children: ReactNode;
}) {
  const headingId = useId();
  const errorId = useId();
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  return (
    <form
      ref={ref}
      className="triage-form stack"
      aria-labelledby={named ? headingId : undefined}
      aria-describedby={error ? errorId : undefined}
      // The forms say what is wrong themselves (the hub's words when it refuses), in a
      // role=alert line, rather than in the browser's own bubbles.
      noValidate
      aria-busy={busy}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (!busy) onSubmit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h3 id={headingId}>{title}</h3>
      {children}
      {error ? (
        <p id={errorId} role="alert" className="state state-error">
          {error}
        </p>
      ) : null}
      <div className="form-row">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
        {busy ? (
          <span className="muted" role="status">
            Saving…
          </span>
        ) : null}
      </div>
    </form>
  );
}

function ReasonField({
  value,
  onChange,
  required,
  hint,
}: {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly required: boolean;
  readonly hint?: string;
}) {
  const hintId = useId();
  return (
    <label>
      Reason
      <textarea
        name="reason"
        rows={3}
        maxLength={2000}
        required={required}
        value={value}
        aria-describedby={hint ? hintId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint ? (
        <span id={hintId} className="muted small">
          {hint}
        </span>
      ) : null}
    </label>
  );
}

function AcceptRiskForm({ busy, error, onCancel, submit }: FormProps) {
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(() => dateInputValue(addDays(new Date(), 30)));
  const [invalid, setInvalid] = useState<string | null>(null);
  const hintId = useId();
  const tomorrow = dateInputValue(addDays(new Date(), 1));
  return (
    <ActionForm
      title="Accept risk"
      submitLabel="Accept risk"
      busy={busy}
      error={invalid ?? error}
      onCancel={onCancel}
      onSubmit={() => {
        const at = startOfDay(expires);
        if (reason.trim() === '') setInvalid('Give a reason for accepting the risk.');
        else if (at === undefined || at.getTime() <= Date.now())
          setInvalid('The expiry date must be in the future.');
        else {
          setInvalid(null);
          submit({ reason: reason.trim(), expiresAt: at.toISOString() });
        }
      }}
    >
      <ReasonField value={reason} onChange={setReason} required />
      <label>
        Expires on
        <input
          type="date"
          name="expiresOn"
          required
          min={tomorrow}
          value={expires}
          aria-describedby={hintId}
          onChange={(e) => setExpires(e.target.value)}
        />
        <span id={hintId} className="muted small">
          The finding reopens at the start of this day unless it is fixed before.
        </span>
      </label>
    </ActionForm>
  );
}

function FalsePositiveForm({ busy, error, onCancel, submit }: FormProps) {
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  return (
    <ActionForm
      title="False positive"
      submitLabel="False positive"
      busy={busy}
      error={invalid ?? error}
      onCancel={onCancel}
      onSubmit={() => {
        if (reason.trim() === '') setInvalid('Say why this is not a real problem.');
        else {
          setInvalid(null);
          submit({ reason: reason.trim() });
        }
      }}
    >
      <ReasonField
        value={reason}
        onChange={setReason}
        required
        hint="It stays closed across scans until someone reopens it."
      />
    </ActionForm>
  );
}

function ReopenForm({ busy, error, onCancel, submit }: FormProps) {
  const [reason, setReason] = useState('');
  return (
    <ActionForm
      title="Reopen"
      submitLabel="Reopen"
      busy={busy}
      error={error}
      onCancel={onCancel}
      onSubmit={() => submit(reason.trim() === '' ? {} : { reason: reason.trim() })}
    >
      <ReasonField value={reason} onChange={setReason} required={false} hint="Optional." />
    </ActionForm>
  );
}

const NOBODY = '';

function AssignForm({
  busy,
  error,
  onCancel,
  submit,
  me,
  team,
  current,
  nameOf,
}: FormProps & {
  readonly me: Me;
  readonly team: TeamWithMembers | undefined;
  readonly current: string | null;
  readonly nameOf: NameOf;
}) {
  const [assignee, setAssignee] = useState(current ?? me.id);
  const options: { value: string; label: string }[] = (team?.members ?? []).map((m) => ({
    value: m.userId,
    label: `${m.displayName ?? m.username} (${m.role})${m.userId === me.id ? ' — me' : ''}`,
  }));
  if (!options.some((o) => o.value === me.id))
    options.unshift({ value: me.id, label: `${me.displayName ?? me.username} — me` });
  if (current !== null && !options.some((o) => o.value === current))
    options.push({ value: current, label: nameOf(current) });
  options.push({ value: NOBODY, label: 'Nobody (unassign)' });
  return (
    <ActionForm
      title="Assign"
      submitLabel="Assign"
      busy={busy}
      error={error}
      onCancel={onCancel}
      onSubmit={() => submit({ assigneeId: assignee === NOBODY ? null : assignee })}
    >
      <label>
        Assignee
        <select name="assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      {team === undefined ? (
        <p className="muted small">The team's members could not be listed.</p>
      ) : null}
    </ActionForm>
  );
}

function CommentForm({ busy, error, onCancel, submit }: FormProps) {
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  return (
    <ActionForm
      title="Comment"
      named={false}
      submitLabel="Comment"
      busy={busy}
      error={invalid ?? error}
      onCancel={onCancel}
      onSubmit={() => {
        if (text.trim() === '') setInvalid('Write a comment first.');
        else {
          setInvalid(null);
          submit({ text: text.trim() });
        }
      }}
    >
      <label>
        Comment
        <textarea
          name="text"
          rows={4}
          maxLength={10_000}
          required
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
    </ActionForm>
  );
}

const REPORTED = '';

function SeverityForm({
  busy,
  error,
  onCancel,
  submit,
  reported,
  override,
}: FormProps & { readonly reported: string; readonly override: string | null }) {
  const [severity, setSeverity] = useState(override ?? REPORTED);
  const [reason, setReason] = useState('');
  return (
    <ActionForm
      title="Override severity"
      named={false}
      submitLabel="Override severity"
      busy={busy}
      error={error}
      onCancel={onCancel}
      onSubmit={() =>
        submit({
          severity: severity === REPORTED ? null : severity,
          ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
        })
      }
    >
      <label>
        Severity
        <select name="severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
          <option value={REPORTED}>
            As reported ({SEVERITY_LABELS[reported] ?? reported}), no override
          </option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABELS[s] ?? s}
            </option>
          ))}
        </select>
      </label>
      <ReasonField
        value={reason}
        onChange={setReason}
        required={false}
        hint="Optional. Metrics and SLAs use the override."
      />
    </ActionForm>
  );
}

/** The triage section of a finding's page. */
export function TriageActions({
  finding,
  teamId,
  team,
  me,
  nameOf,
}: {
  readonly finding: FindingDetail;
  readonly teamId: string | undefined;
  /** Whether the finding's team is still being looked up. */
  readonly team: TeamWithMembers | undefined;
  readonly me: Me;
  readonly nameOf: NameOf;
}) {
  const client = useQueryClient();
  const [open, setOpen] = useState<ActionSpec | null>(null);
  const [done, setDone] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const buttons = useRef(new Map<TriageAction, HTMLButtonElement>());
  /** Where focus goes when a form closes: its button (cancel) or the heading (done). */
  const focusAfterClose = useRef<TriageAction | 'heading' | null>(null);

  const mutation = useMutation({
    mutationFn: ({ spec, body }: { spec: ActionSpec; body: unknown }) =>
      api(`/api/v1/findings/${encodeURIComponent(finding.id)}/${spec.path}`, {
        method: 'POST',
        body,
      }),
    // Wait for the reload, so the timeline has the new event when the form closes.
    onSuccess: () => client.invalidateQueries({ queryKey: FINDINGS_KEY }),
  });

  useEffect(() => {
    if (open !== null || focusAfterClose.current === null) return;
    const target = focusAfterClose.current;
    focusAfterClose.current = null;
    if (target === 'heading') headingRef.current?.focus();
    else (buttons.current.get(target) ?? headingRef.current)?.focus();
  }, [open]);

  const offered = offeredActions(me, teamId, finding.status);

  function start(spec: ActionSpec) {
    mutation.reset();
    setDone('');
    setOpen(spec);
  }
  function cancel() {
    if (open !== null) focusAfterClose.current = open.action;
    mutation.reset();
    setOpen(null);
  }
  const submit =
    (spec: ActionSpec): Submit =>
    (body) => {
      mutation.mutate(
        { spec, body },
        {
          onSuccess: () => {
            focusAfterClose.current = 'heading';
            setDone(spec.done);
            setOpen(null);
          },
        },
      );
    };

  let form: ReactNode = null;
  if (open !== null) {
    const props: FormProps = {
      busy: mutation.isPending,
      error: mutation.isError ? errorText(mutation.error) : null,
      onCancel: cancel,
      submit: submit(open),
    };
    switch (open.action) {
      case 'accept_risk':
        form = <AcceptRiskForm {...props} />;
        break;
      case 'false_positive':
        form = <FalsePositiveForm {...props} />;
        break;
      case 'reopen':
        form = <ReopenForm {...props} />;
        break;
      case 'assign':
        form = (
          <AssignForm {...props} me={me} team={team} current={finding.assigneeId} nameOf={nameOf} />
        );
        break;
      case 'comment':
        form = <CommentForm {...props} />;
        break;
      case 'override_severity':
        form = (
          <SeverityForm
            {...props}
            reported={finding.reportedSeverity}
            override={finding.severityOverride}
          />
        );
        break;
    }
  }

  return (
    <section className="card stack triage" aria-labelledby="triage-heading">
      <div className="triage-head">
        <h2 id="triage-heading" ref={headingRef} tabIndex={-1}>
          Triage
        </h2>
        <p className="triage-done" role="status" aria-live="polite">
          {done}
        </p>
      </div>
      {form !== null ? (
        form
      ) : offered.length === 0 ? (
        <p className="muted">
          {ACTIONS.some((a) => canTriage(me, teamId ?? '', a.action))
            ? 'No triage action applies to this finding now.'
            : 'Your role does not allow triage of this finding.'}
        </p>
      ) : (
        <div className="triage-buttons">
          {offered.map((spec) => (
            <button
              key={spec.action}
              type="button"
              ref={(el) => {
                if (el) buttons.current.set(spec.action, el);
                else buttons.current.delete(spec.action);
              }}
              className={spec.action === 'accept_risk' ? undefined : 'button-secondary'}
              onClick={() => start(spec)}
            >
              {spec.label}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
