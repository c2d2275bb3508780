import { JustificationController } from '../justification/justification.controller';
import { JustificationService } from '../justification/justification.service';
import { ReportsController } from '../reports/reports.controller';
import { ExportsController } from './exports.controller';

/** What the API module registers for the exports, the annual report and the justification sheet. */
export const EXPORT_CONTROLLERS = [ExportsController, ReportsController, JustificationController];
export const EXPORT_PROVIDERS = [JustificationService];
