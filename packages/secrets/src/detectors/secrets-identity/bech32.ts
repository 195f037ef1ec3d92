const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3] as const;

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    GENERATOR.forEach((g, i) => {
      if ((top >>> i) & 1) chk ^= g;
    });
  }
  return chk >>> 0;
}

function expand(hrp: string, data: readonly number[]): number[] {
  const codes = [...hrp].map((c) => c.charCodeAt(0));
  return [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31), ...data];
}

/**
 * True when `text` is a Bech32 string (BIP 173) with a valid checksum, in either case.
 * @example hasValidBech32Checksum('AGE-SECRET-KEY-1…') // true for a key age generated
 */
export function hasValidBech32Checksum(text: string): boolean {
  const lower = text.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1) return false;
  const data = [...lower.slice(sep + 1)].map((c) => CHARSET.indexOf(c));
  if (data.length < 6 || data.includes(-1)) return false;
  return polymod(expand(lower.slice(0, sep), data)) === 1;
}

/** The 6 checksum characters for `hrp` and the data characters, so that fixtures can build valid strings. */
export function bech32ChecksumFor(hrp: string, dataChars: string): string {
  const data = [...dataChars.toLowerCase()].map((c) => CHARSET.indexOf(c));
  const mod = polymod([...expand(hrp.toLowerCase(), data), 0, 0, 0, 0, 0, 0]) ^ 1;
  return [0, 1, 2, 3, 4, 5].map((i) => CHARSET[(mod >>> (5 * (5 - i))) & 31]).join('');
}
