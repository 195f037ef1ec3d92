import yauzl from 'yauzl';

/** One file of a zip archive, read whole (OSV records are small). */
export interface ZipFileEntry {
  readonly name: string;
  readonly data: Buffer;
}

/** Largest single entry accepted: a defence against zip bombs (OSV records are kilobytes). */
const MAX_ENTRY_BYTES = 16 * 1024 * 1024;

/**
 * Streams the files of the zip at `path`, one at a time (never the whole archive in
 * memory). Directories are skipped. Errors name the archive.
 */
export async function* zipEntries(path: string): AsyncGenerator<ZipFileEntry> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, file) => {
      if (err || !file) reject(new Error(`${path}: not a readable zip archive (${err?.message})`));
      else resolve(file);
    });
  });
  let failure: Error | undefined;
  zip.on('error', (err: Error) => {
    failure = err;
  });
  try {
    while (true) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        const onEntry = (e: yauzl.Entry) => {
          cleanup();
          resolve(e);
        };
        const onEnd = () => {
          cleanup();
          resolve(undefined);
        };
        const onError = (e: Error) => {
          cleanup();
          reject(e);
        };
        const cleanup = () => {
          zip.off('entry', onEntry);
          zip.off('end', onEnd);
          zip.off('error', onError);
        };
        zip.on('entry', onEntry);
        zip.on('end', onEnd);
        zip.on('error', onError);
        if (failure) onError(failure);
        else zip.readEntry();
      });
      if (entry === undefined) return;
      if (entry.fileName.endsWith('/')) continue;
      if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
        throw new Error(`${entry.fileName}: ${entry.uncompressedSize} bytes, over the entry limit`);
      }
      const data = await new Promise<Buffer>((resolve, reject) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) {
            reject(err ?? new Error('no stream'));
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => resolve(Buffer.concat(chunks)));
        });
      });
      yield { name: entry.fileName, data };
    }
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
  } finally {
    zip.close();
  }
}
