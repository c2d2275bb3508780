/**
 * One CSV export measured in a process of its own whose heap is capped
 * (`--max-old-space-size`, see csv-export.ts): the export's live memory must
 * fit whatever the number of rows. Started by csv-export.ts with fork().
 */
import { createDataSource } from '@app/persistence';
import { measureCsvExport } from './csv-export';

process.once('message', (start: { databaseUrl: string; cptsId: string }) => {
  void (async () => {
    const dataSource = await createDataSource({ url: start.databaseUrl }).initialize();
    try {
      process.send?.({ figures: await measureCsvExport(dataSource, start.cptsId) });
    } catch (error) {
      process.send?.({ error: (error as Error).message });
    } finally {
      await dataSource.destroy();
      process.disconnect();
    }
  })();
});
