import { type FormEvent, useEffect, useState } from 'react';
import { FormError, FormSuccess } from '../account/forms.js';
import { QueryView } from '../ui/states.js';
import { useConsultSettings, useSaveConsultSettings } from './queries.js';
import { CONSULT_KINDS, type ConsultKind, KIND_LABELS, type SlaTargets } from './types.js';

type Draft = Record<ConsultKind, { triageDays: string; completionDays: string }>;

function draftOf(settings: Record<ConsultKind, SlaTargets>): Draft {
  const of = (t: SlaTargets) => ({
    triageDays: String(t.triageDays),
    completionDays: String(t.completionDays),
  });
  return { design_review: of(settings.design_review), threat_model: of(settings.threat_model) };
}

/** The consult SLA targets per kind (security and admin change them). */
export function ConsultSettingsForm() {
  const query = useConsultSettings();
  const save = useSaveConsultSettings();
  const [draft, setDraft] = useState<Draft | undefined>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (query.data && draft === undefined) setDraft(draftOf(query.data.settings));
  }, [query.data, draft]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    setSaved(false);
    const body = Object.fromEntries(
      CONSULT_KINDS.map((k) => [
        k,
        {
          triageDays: Number(draft[k].triageDays),
          completionDays: Number(draft[k].completionDays),
        },
      ]),
    ) as Record<ConsultKind, SlaTargets>;
    save.mutate(body, {
      onSuccess: (answer) => {
        setDraft(draftOf(answer.settings));
        setSaved(true);
      },
    });
  }

  return (
    <details className="card consult-settings">
      <summary>SLA targets</summary>
      <QueryView query={query} label="Loading the SLA targets…">
        {(answer) =>
          draft ? (
            <form className="admin-form" aria-label="Consult SLA targets" onSubmit={submit}>
              <p className="muted small">
                Calendar days from the request: a first response (triage) within the first target,
                closure within the second. A change applies at once to every consult.
              </p>
              {CONSULT_KINDS.map((kind) => (
                <fieldset key={kind}>
                  <legend>
                    {KIND_LABELS[kind]} (default {answer.defaults[kind].triageDays} /{' '}
                    {answer.defaults[kind].completionDays} days)
                  </legend>
                  <div className="form-row">
                    {(['triageDays', 'completionDays'] as const).map((field) => (
                      <label key={field}>
                        {field === 'triageDays' ? 'Triage within (days)' : 'Complete within (days)'}
                        <input
                          type="number"
                          min={1}
                          max={365}
                          required
                          value={draft[kind][field]}
                          onChange={(e) =>
                            setDraft({
                              ...draft,
                              [kind]: { ...draft[kind], [field]: e.target.value },
                            })
                          }
                        />
                      </label>
                    ))}
                  </div>
                </fieldset>
              ))}
              <FormError error={save.error} />
              <FormSuccess>{saved ? 'SLA targets saved.' : null}</FormSuccess>
              <div className="form-actions">
                <button type="submit" disabled={save.isPending}>
                  {save.isPending ? 'Saving…' : 'Save targets'}
                </button>
              </div>
            </form>
          ) : null
        }
      </QueryView>
    </details>
  );
}
