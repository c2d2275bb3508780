/** The IHE XDM package (IHE_XDM.ZIP) of an MSSanté message carrying a health document. */
export {
  buildXdmPackage,
  readXdmPackage,
  DEFAULT_XDM_COMPRESSION,
  XDM_ATTACHMENT_NAME,
  XDM_PATHS,
  XDM_SUBSET_DIR,
} from './xdm-package';
export type { XdmPackage, XdmPackageContent, XdmPackageInput } from './xdm-package';
export { intendedRecipientValue, isPatientMailbox, parseXdmMetadata } from './metadata-xml';
export type { XdmRecipient } from './metadata-xml';
export type { XdmSoftware } from './readme-txt';
export { dosDateTime, listZip, readZip, writeZip, ZipFormatError } from './zip';
export type { ZipCompression, ZipEntry, ZipEntryInfo, ZipOptions } from './zip';
