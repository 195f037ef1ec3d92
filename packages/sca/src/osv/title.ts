const MAX_TITLE = 120;
const BOILERPLATE = /^(an issue was discovered in|a vulnerability (?:was found|exists) in)\b/i;

/**
 * A short title: the summary, else the first useful sentence of the details (markdown marks
 * dropped, NVD's "An issue was discovered in…" opener skipped), cut at 120 characters; else
 * `Known vulnerability <id>`. Both Rampart's scanner and the importers title findings so.
 */
export function advisoryTitle(
  summary: string | undefined | null,
  details: string | undefined | null,
  id: string,
): string {
  const short = (summary ?? '').replace(/\s+/g, ' ').trim();
  const plain = (details ?? '')
    .replace(/^#+\s*/gm, '')
    .replace(/[`*]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const sentences = plain.split(/(?<=[.!?])\s+/).filter((x) => x !== '');
  const useful = sentences.find(
    (x, i) => !(i === 0 && BOILERPLATE.test(x) && sentences.length > 1),
  );
  const sentence = short !== '' ? short : (useful ?? '');
  if (sentence === '') return `Known vulnerability ${id}`;
  return sentence.length > MAX_TITLE ? `${sentence.slice(0, MAX_TITLE - 1).trimEnd()}…` : sentence;
}
