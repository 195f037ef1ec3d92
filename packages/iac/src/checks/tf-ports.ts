/** Administration and database ports that must not be open to the internet. */
export const SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [3389, 'RDP'],
  [3306, 'MySQL'],
  [5432, 'PostgreSQL'],
  [1433, 'SQL Server'],
  [6379, 'Redis'],
  [27017, 'MongoDB'],
]);

/** `0.0.0.0/0` and `::/0`: the whole internet. */
export const isWorldCidr = (value: string): boolean => {
  const v = value.trim();
  return v === '0.0.0.0/0' || v === '::/0';
};

/**
 * What an inclusive port range exposes, for a message: `all ports`, or the sensitive ports it
 * covers (`port 22 (SSH)`, `ports 3306 (MySQL), 5432 (PostgreSQL)`); undefined when none.
 */
export function exposedPorts(from: number, to: number): string | undefined {
  if (from <= 1 && to >= 65535) return 'all ports';
  const covered = [...SENSITIVE_PORTS]
    .filter(([port]) => port >= from && port <= to)
    .sort(([a], [b]) => a - b)
    .map(([port, name]) => `${port} (${name})`);
  if (covered.length === 0) return undefined;
  return `${covered.length === 1 ? 'port' : 'ports'} ${covered.join(', ')}`;
}

/** A port number from a literal, undefined when not a whole number in 0–65535. */
export function portNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n <= 65535 ? n : undefined;
}
