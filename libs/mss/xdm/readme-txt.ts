import { crlf, oneLine } from './text';

/** The sending software, as README.TXT names it (ITI TF-1 §16: name, version, vendor, contact). */
export interface XdmSoftware {
  name: string;
  version: string;
  vendor: string;
  contact?: string;
}

/** README.TXT: who made the package (UTF-8, CRLF lines). */
export function readmeTxt(software: XdmSoftware, files: readonly string[]): string {
  return crlf([
    'IHE XDM - Cross-Enterprise Document Media Interchange',
    '',
    'Logiciel emetteur / Sending software',
    `  Nom / Name:         ${oneLine(software.name)}`,
    `  Version:            ${oneLine(software.version)}`,
    `  Editeur / Vendor:   ${oneLine(software.vendor)}`,
    ...(software.contact ? [`  Contact:            ${oneLine(software.contact)}`] : []),
    '',
    'Contenu / Content',
    ...files.map((file) => `  ${file}`),
  ]);
}
