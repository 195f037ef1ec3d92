import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import { ApiError, api, setCsrfToken, setUnauthorizedHandler } from './client.js';
import type { Me } from './types.js';

interface SessionAnswer {
  readonly user: Me;
  readonly csrfToken?: string;
}

export interface Session {
  /** The signed-in user; null when nobody is; undefined while loading. */
  readonly user: Me | null | undefined;
  readonly error: Error | null;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);
const ME = ['session'] as const;

/**
 * Forgets every cached answer but the session's own (another user's data must not show);
 * `clear()` would also detach the session query's observer, which then never sees the new
 * user.
 */
function forgetData(client: ReturnType<typeof useQueryClient>): void {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== ME[0] });
}

/** Who is signed in (`GET /api/v1/auth/me`), and sign-in/out. */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ME,
    queryFn: async ({ signal }) => {
      try {
        const answer = await api<SessionAnswer>('/api/v1/auth/me', { signal });
        setCsrfToken(answer.csrfToken);
        return answer.user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(undefined);
      client.setQueryData(ME, null);
    });
    return () => setUnauthorizedHandler(undefined);
  }, [client]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const answer = await api<SessionAnswer>('/api/v1/auth/login', {
        method: 'POST',
        body: { username, password },
      });
      setCsrfToken(answer.csrfToken);
      forgetData(client);
      client.setQueryData(ME, answer.user);
      return answer.user;
    },
    [client],
  );

  const signOut = useCallback(async () => {
    try {
      await api('/api/v1/auth/logout', { method: 'POST' });
    } finally {
      setCsrfToken(undefined);
      forgetData(client);
      client.setQueryData(ME, null);
    }
  }, [client]);

  const refresh = useCallback(async () => {
    await client.invalidateQueries({ queryKey: ME });
  }, [client]);

  const value = useMemo<Session>(
    () => ({
      user: me.isPending ? undefined : (me.data ?? null),
      error: me.error,
      signIn,
      signOut,
      refresh,
    }),
    [me.isPending, me.data, me.error, signIn, signOut, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user (pages under the signed-in layout only). */
export function useMe(): Me {
  const { user } = useSession();
  if (!user) throw new Error('useMe without a signed-in user');
  return user;
}
