import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { CONFORMANCE_DIR } from '../value-sets';
import { HL7_NAMESPACE } from './header-profile';

/**
 * Validation against the official CDA schema (CDA_extended.xsd and what it
 * includes) with libxml2 compiled to WebAssembly: the same engine as xmllint,
 * without a native dependency.
 */
export const CDA_SCHEMA_DIR = join(CONFORMANCE_DIR, 'cda-schema');
const MAIN_SCHEMA = 'CDA_extended.xsd';
const DOCUMENT_NAME = 'document.xml';

/**
 * 2 048 pages of 64 KiB = 128 MiB at most: a 7 MB document validates within
 * 32 MiB (measured); the rest is headroom for larger ones. Memory grows only
 * as needed.
 */
const MAX_MEMORY_PAGES = 2048;

interface SchemaFiles {
  schema: XMLFileInfo;
  preload: XMLFileInfo[];
}

let schemaFiles: Promise<SchemaFiles> | undefined;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? listFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]),
    ),
  );
  return nested.flat();
}

/** Read once per process: every .xsd and .dtd, named by their path in the folder. */
function loadSchemaFiles(): Promise<SchemaFiles> {
  schemaFiles ??= (async () => {
    const paths = (await listFiles(CDA_SCHEMA_DIR)).filter((p) => /\.(xsd|dtd)$/.test(p));
    const files = await Promise.all(
      paths.map(async (path) => ({
        fileName: relative(CDA_SCHEMA_DIR, path).split(sep).join('/'),
        contents: await readFile(path),
      })),
    );
    const schema = files.find((f) => f.fileName === MAIN_SCHEMA);
    if (!schema) throw new Error(`${MAIN_SCHEMA} is missing from ${CDA_SCHEMA_DIR}`);
    return { schema, preload: files.filter((f) => f !== schema) };
  })().catch((error: unknown) => {
    schemaFiles = undefined;
    throw error;
  });
  return schemaFiles;
}

/** Lines xmllint writes about the document itself ("document.xml:48: …"). */
const DOCUMENT_LINE = new RegExp(`^${DOCUMENT_NAME.replace('.', '\\.')}:(\\d+): (.*)$`);

/**
 * xmllint's report, one message per problem in the document. Its other lines
 * are left out: the schema's own "Skipping import … already imported"
 * warnings (CDA_extended.xsd imports the HL7 namespace twice), the source
 * excerpt and caret under a parser error, and the closing "fails to validate".
 */
function documentErrors(output: string): string[] {
  const errors: string[] = [];
  for (const raw of output.split('\n')) {
    const match = DOCUMENT_LINE.exec(raw.trim());
    if (!match) continue;
    const [, line, text] = match;
    errors.push(
      text.startsWith('parser error : ')
        ? `XML, line ${line}: not well-formed: ${text.slice('parser error : '.length)}`
        : `XSD, line ${line}: ${text
            .replace(/^(?:element \S+: )?Schemas validity error : /, '')
            .replaceAll(`{${HL7_NAMESPACE}}`, '')}`,
    );
  }
  return errors;
}

/** The schema's verdict on a document: an empty list when it is valid. */
export async function schemaErrors(xml: Uint8Array): Promise<string[]> {
  const { schema, preload } = await loadSchemaFiles();
  let result;
  try {
    result = await validateXML({
      xml: [{ fileName: DOCUMENT_NAME, contents: xml }],
      schema: [schema],
      preload,
      maxMemoryPages: MAX_MEMORY_PAGES,
    });
  } catch (error: unknown) {
    // xmllint ends with an exit code the library does not map (not
    // well-formed input, for one): its report still names the problem.
    const report = error instanceof Error ? error.message : String(error);
    const errors = documentErrors(report);
    if (errors.length > 0) return errors;
    throw new Error(`CDA schema validation could not run: ${report.split('\n')[0]}`);
  }
  if (result.valid) return [];
  const errors = documentErrors(result.rawOutput);
  return errors.length > 0
    ? errors
    : ['XSD: the document does not validate against CDA_extended.xsd'];
}
