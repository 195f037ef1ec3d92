import { z } from 'zod';
import { ApiError } from '../app.js';

/** 400 INVALID_SBOM: the upload is not a CycloneDX SBOM the hub can read; nothing was stored. */
export function invalidSbom(message: string): ApiError {
  return new ApiError(400, 'INVALID_SBOM', message);
}

/** The CycloneDX versions the hub stores (what `rampart sbom` writes, and the one before). */
export const SBOM_SPEC_VERSIONS = ['1.5', '1.6'] as const;

const purl = z
  .string()
  .max(4096)
  .regex(/^pkg:[a-zA-Z][a-zA-Z0-9.+-]*\/\S+$/, 'a package URL (pkg:type/namespace/name@version)');

const property = z.looseObject({ name: z.string(), value: z.string().optional() });

/** A CycloneDX component, as far as the hub reads it (other fields are kept, unread). */
export const SbomComponentSchema = z.looseObject({
  'bom-ref': z.string().optional(),
  name: z.string(),
  version: z.string().optional(),
  purl: purl.optional(),
  scope: z.string().optional(),
  properties: z.array(property).optional(),
  get components() {
    return z.array(SbomComponentSchema).optional();
  },
});

/** A CycloneDX component. */
export type SbomComponent = z.infer<typeof SbomComponentSchema>;

/** A CycloneDX 1.5 or 1.6 JSON document, as far as the hub reads it. */
export const SbomDocumentSchema = z.looseObject({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.enum(SBOM_SPEC_VERSIONS),
  serialNumber: z.string().max(200).optional(),
  metadata: z
    .looseObject({
      component: z.looseObject({ 'bom-ref': z.string().optional() }).optional(),
    })
    .optional(),
  components: z.array(SbomComponentSchema).optional(),
  dependencies: z
    .array(z.looseObject({ ref: z.string(), dependsOn: z.array(z.string()).optional() }))
    .optional(),
});

/** A CycloneDX document. */
export type SbomDocument = z.infer<typeof SbomDocumentSchema>;

/** A validated SBOM and what the hub records about it. */
export interface ReadSbom {
  readonly document: SbomDocument;
  readonly specVersion: (typeof SBOM_SPEC_VERSIONS)[number];
  readonly serialNumber: string | undefined;
  /** Every component, nested ones included. */
  readonly componentCount: number;
}

/** Every component of a list, nested components after their parent, in document order. */
export function flattenComponents(components: readonly SbomComponent[]): SbomComponent[] {
  const out: SbomComponent[] = [];
  const stack = [...components].reverse();
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    out.push(next);
    if (next.components) stack.push(...[...next.components].reverse());
  }
  return out;
}

/**
 * Reads an uploaded SBOM: JSON, `bomFormat` CycloneDX, `specVersion` 1.5 or 1.6, components
 * with a name and (when given) a well-formed package URL. Any problem is 400 INVALID_SBOM
 * naming the field.
 * @example readSbom(await readFile('bom.cdx.json', 'utf8')).componentCount
 */
export function readSbom(text: string): ReadSbom {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalidSbom(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw invalidSbom('not a CycloneDX SBOM: the document is not a JSON object');
  if ((json as { bomFormat?: unknown }).bomFormat !== 'CycloneDX')
    throw invalidSbom(
      'not a CycloneDX SBOM: bomFormat is not "CycloneDX" (send CycloneDX JSON, e.g. from `rampart sbom`)',
    );
  let parsed: ReturnType<typeof SbomDocumentSchema.safeParse>;
  try {
    parsed = SbomDocumentSchema.safeParse(json);
  } catch (error) {
    // A component tree nested deeper than the stack allows.
    if (error instanceof RangeError) throw invalidSbom('the components are nested too deeply');
    throw error;
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidSbom(
      `not a valid CycloneDX ${SBOM_SPEC_VERSIONS.join('/')} SBOM: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const document = parsed.data;
  return {
    document,
    specVersion: document.specVersion,
    serialNumber: document.serialNumber,
    componentCount: flattenComponents(document.components ?? []).length,
  };
}
