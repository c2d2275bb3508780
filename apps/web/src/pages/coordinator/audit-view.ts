import type { Schema } from '../../api/client';

/**
 * Audit trails and their verification, as GET /cpts/{id}/audit,
 * GET /pathways/{id}/audit and GET /audit/verification answer them (the
 * OpenAPI document's types, generated from the API's own).
 */
export type AuditEntryView = Schema<'AuditEntryView'>;
export type AuditPage = Schema<'AuditPage'>;
export type BrokenLinkProblem = Schema<'BrokenLinkProblem'>;
/** The first place a chain is broken, named by its stream and position. */
export type BrokenLink = Schema<'BrokenLink'>;
/** What a check of every chain found. */
export type AuditVerification = Schema<'AuditVerification'>;
