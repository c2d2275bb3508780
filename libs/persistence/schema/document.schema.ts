import { EntitySchema } from 'typeorm';
import type { DocumentKind } from '@app/domain';

export interface DocumentRow {
  id: string;
  pathwayId: string;
  kind: DocumentKind;
  title: string;
  documentDate: string;
  comment: string | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  content: Buffer;
  uploadedBy: string;
  /** The DMP visibility the practitioner chose (all false: normal). */
  hiddenFromPatient: boolean;
  hiddenFromProfessionals: boolean;
  hiddenFromLegalRepresentatives: boolean;
  /** Typed online (stored as text/plain; mailed with a PDF rendering) rather than attached. */
  writtenOnline: boolean;
  /** A corrected version points at the version it replaces. */
  replacesDocumentId: string | null;
  versionNumber: number;
  createdAt: Date;
}

export const DocumentSchema = new EntitySchema<DocumentRow>({
  name: 'Document',
  tableName: 'documents',
  columns: {
    id: { type: 'uuid', primary: true },
    pathwayId: { type: 'uuid', name: 'pathway_id' },
    kind: { type: 'text' },
    title: { type: 'text' },
    documentDate: { type: 'date', name: 'document_date' },
    comment: { type: 'text', nullable: true },
    fileName: { type: 'text', name: 'file_name' },
    mediaType: { type: 'text', name: 'media_type' },
    sizeBytes: { type: 'integer', name: 'size_bytes' },
    sha256: { type: 'char', length: 64 },
    // Not loaded unless asked for: lists and metadata reads must not pull 5 MB files.
    content: { type: 'bytea', select: false },
    uploadedBy: { type: 'text', name: 'uploaded_by' },
    hiddenFromPatient: { type: 'boolean', name: 'hidden_from_patient', default: false },
    hiddenFromProfessionals: { type: 'boolean', name: 'hidden_from_professionals', default: false },
    hiddenFromLegalRepresentatives: {
      type: 'boolean',
      name: 'hidden_from_legal_representatives',
      default: false,
    },
    writtenOnline: { type: 'boolean', name: 'written_online', default: false },
    replacesDocumentId: { type: 'uuid', name: 'replaces_document_id', nullable: true },
    versionNumber: { type: 'integer', name: 'version_number', default: 1 },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
  },
});
