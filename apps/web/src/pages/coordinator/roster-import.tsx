import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useState } from 'react';
import { api, read } from '../../api/client';
import { TextArea } from '../../components/ui';
import type { RosterReport } from './cpts-view';
import { formatCount } from './figures-format';
import { fieldProblem } from './french';
import { ProblemBanner } from './problem-banner';
import { RosterReportView } from './roster-report';

/** MAX_ROSTER_CHARACTERS of apps/api/onboarding/onboarding.dto.ts. */
const MAX_ROSTER_CHARACTERS = 90_000;

const EXAMPLE = 'rpps;billingNumber;mssAddress\n10000000101;511234567;\n10000000102;;';

/**
 * A roster by CSV (POST /cpts/{id}/practitioners/bulk): first a simulation
 * (`dryRun`: each line's outcome, nothing written), then « Enregistrer »
 * for the same text. The real run is all or nothing, so it is offered only
 * once the simulation finds every line.
 */
export function RosterImport({ cptsId }: { cptsId: string }) {
  const client = useQueryClient();
  const [csv, setCsv] = useState('');
  const [fileProblem, setFileProblem] = useState<string | undefined>();
  const [simulated, setSimulated] = useState<{ csv: string; report: RosterReport } | null>(null);
  const run = useMutation({
    mutationFn: (body: { csv: string; dryRun: boolean }) =>
      read<RosterReport>(
        api.POST('/cpts/{id}/practitioners/bulk', { params: { path: { id: cptsId } }, body }),
      ),
    onSuccess: (report, body) => {
      if (report.dryRun) {
        setSimulated({ csv: body.csv, report });
        return;
      }
      setSimulated(null);
      void client.invalidateQueries({ queryKey: ['practitioners', cptsId] });
      void client.invalidateQueries({ queryKey: ['worklist', cptsId] });
    },
  });
  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_ROSTER_CHARACTERS * 4) {
      setFileProblem('Ce fichier est trop gros : envoyez la liste en plusieurs fois.');
      return;
    }
    setFileProblem(undefined);
    setCsv(await file.text());
  };
  const current = simulated && simulated.csv === csv ? simulated.report : null;
  const allFound = current !== null && current.lines.every((line) => line.outcome === 'found');
  const done = run.data && !run.data.dryRun ? run.data : null;
  return (
    <div className="roster">
      <TextArea
        label="Liste CSV"
        name="csv"
        rows={8}
        value={csv}
        onChange={(e) => setCsv(e.target.value)}
        maxLength={MAX_ROSTER_CHARACTERS}
        spellCheck={false}
        hint={
          <>
            Une ligne d'en-tête nommant les colonnes <code>rpps</code> (obligatoire),{' '}
            <code>billingNumber</code> et <code>mssAddress</code>, séparées par « ; » ou « , ».
            Exemple :<pre>{EXAMPLE}</pre>
          </>
        }
        error={fieldProblem(run.error, 'csv')}
      />
      <div className="field">
        <label htmlFor="roster-file">Ou choisir un fichier CSV</label>
        <input
          id="roster-file"
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(event) => void pick(event)}
          aria-describedby={fileProblem ? 'roster-file-error' : undefined}
        />
        {fileProblem ? (
          <p id="roster-file-error" className="field-error" role="alert">
            {fileProblem}
          </p>
        ) : null}
      </div>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={run.isPending || csv.trim() === ''}
          onClick={() => run.mutate({ csv, dryRun: true })}
        >
          Vérifier (simulation)
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={run.isPending || !allFound}
          aria-describedby="roster-save-hint"
          onClick={() => run.mutate({ csv, dryRun: false })}
        >
          Enregistrer
        </button>
      </div>
      <p id="roster-save-hint" className="hint">
        {current === null
          ? "Vérifiez d'abord la liste : la simulation montre le résultat de chaque ligne sans rien enregistrer."
          : allFound
            ? 'Toutes les lignes sont trouvées : « Enregistrer » inscrit tout le monde.'
            : "L'inscription se fait pour toutes les lignes ou pour aucune : corrigez ou retirez les lignes refusées, puis vérifiez à nouveau."}
      </p>
      {run.isPending ? (
        <p className="loading" role="status">
          Interrogation de l'Annuaire Santé…
        </p>
      ) : null}
      <ProblemBanner error={run.error} />
      {done ? (
        <p className="banner banner--success" role="status">
          {formatCount(done.registered?.length ?? 0)} membre
          {(done.registered?.length ?? 0) >= 2 ? 's inscrits' : ' inscrit'} dans la CPTS.
        </p>
      ) : null}
      {current ? <RosterReportView report={current} /> : null}
      {done ? <RosterReportView report={done} /> : null}
    </div>
  );
}
