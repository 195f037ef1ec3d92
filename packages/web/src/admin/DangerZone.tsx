import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useNavigate } from 'react-router';
import { confirmAction, FormError } from '../account/forms.js';
import { api } from '../api/client.js';
import { afterOrgChange } from './queries.js';

/**
 * A "delete this" section: says what goes with it, asks for confirmation, sends
 * `DELETE path`, refreshes what the organisation's pages show, and goes to `back`.
 */
export function DangerZone({
  title,
  explanation,
  confirmation,
  button,
  path,
  back,
}: {
  readonly title: string;
  readonly explanation: string;
  readonly confirmation: string;
  readonly button: string;
  readonly path: string;
  readonly back: string;
}) {
  const id = useId();
  const client = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => api<void>(path, { method: 'DELETE' }),
    onSuccess: async () => {
      await afterOrgChange(client);
      navigate(back, { replace: true });
    },
  });
  return (
    <section className="card danger-zone" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <p className="muted">{explanation}</p>
      <button
        type="button"
        className="button-danger"
        disabled={remove.isPending}
        onClick={() => {
          if (confirmAction(confirmation)) remove.mutate();
        }}
      >
        {button}
      </button>
      <FormError error={remove.error} />
    </section>
  );
}
