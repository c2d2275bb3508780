// Entry point of the workflow bundle: only workflow functions are exported here.
export { pathwayWorkflow } from './pathway/pathway.workflow';
export { auditAnchoringWorkflow } from './audit/audit-anchoring.workflow';
export { dmpAlertsWorkflow } from './dmp-alerts/dmp-alerts.workflow';
export { patientMessageWorkflow } from './patient-messages/patient-message.workflow';
export { mssMailboxWorkflow } from './background/mss-mailbox.workflow';
export { situationRemindersWorkflow } from './background/situation-reminders.workflow';
