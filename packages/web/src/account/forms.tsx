import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';

/**
 * What a failed change tells the user: the hub's own message (its validation messages name
 * the field, e.g. `username: use 1 to 64 of a-z…`), never a stack.
 */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    const message = error.message.replace(/^body\./, '');
    if (error.status === 403 && error.code === 'FORBIDDEN') {
      return `You are not allowed to do this (${message}).`;
    }
    if (error.status === 404) return `Not found, or you do not have access to it (${message}).`;
    if (error.status === 429) return `${message}.`;
    return message;
  }
  return 'Something went wrong; try again.';
}

/** The error of a form, announced to screen readers; nothing when there is none. */
export function FormError({ error, id }: { readonly error: unknown; readonly id?: string }) {
  if (error === null || error === undefined) return null;
  return (
    <p id={id} role="alert" className="state state-error form-message">
      {messageOf(error)}
    </p>
  );
}

/** A change that worked, announced politely. */
export function FormSuccess({ children }: { readonly children: ReactNode }) {
  if (children === null || children === undefined || children === false) return null;
  return (
    <p role="status" className="state state-success form-message">
      {children}
    </p>
  );
}

/** Asks before a destructive action. */
export function confirmAction(message: string): boolean {
  return window.confirm(message);
}

/** A password for an administrator to hand over: 24 random characters, unbiased. */
export function generatePassword(length = 24): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_';
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const b of bytes) {
      if (b < limit && out.length < length) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}
