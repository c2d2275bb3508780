import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiProblem, read, type Body, type Schema } from '../../api/client';
import { useMe } from '../../api/session';
import { parisDay } from '../../components/format';
import { ErrorBanner, fieldError, SelectInput, TextArea, TextInput } from '../../components/ui';
import { MedecinSearch } from './medecin-search';
import type { SituationAnswer } from './situation-view';
import { situationQueryKey } from './situation-view';

/** POST /patients/identify and POST /patients/{id}/identity-document, as the API answers them. */
type PatientView = Schema<'PatientView'>;
type IdentificationAnswer = Schema<'IdentificationAnswer'>;

type Source = 'traits' | 'ins' | 'vitale' | 'apcv';
type Consent = 'given' | 'refused' | 'not_asked';
type IdentityDocument = 'carte-nationale-identite' | 'passeport' | 'titre-sejour-permanent';

const DOCUMENT_LABELS: Record<IdentityDocument, string> = {
  'carte-nationale-identite': "Carte nationale d'identité",
  passeport: 'Passeport',
  'titre-sejour-permanent': 'Titre de séjour permanent',
};

/**
 * « Nouveau parcours »: identify the patient through INSi, qualify the
 * identity with the document checked, name the médecin traitant (or none),
 * record the DMP consent, and open the pathway. Refusals (no valid situation
 * d'exercice, a practice that is not coordinated) say how to fix them.
 */
export default function NewPathway() {
  const me = useMe();
  const [identified, setIdentified] = useState<IdentificationAnswer | null>(null);
  return (
    <>
      <h1>Nouveau parcours</h1>
      <ol className="steps">
        <li className="panel">
          <h2>1. Identifier le patient</h2>
          <IdentifyForm onIdentified={setIdentified} />
          {identified ? <IdentityAnswer answer={identified} onQualified={setIdentified} /> : null}
        </li>
        <li className="panel">
          <h2>2. Médecin traitant et consentement DMP</h2>
          {identified && me.practitionerId ? (
            <OpenForm practitionerId={me.practitionerId} patient={identified.patient} />
          ) : (
            <p className="muted">Identifiez d'abord le patient.</p>
          )}
        </li>
      </ol>
    </>
  );
}

function IdentifyForm({ onIdentified }: { onIdentified: (a: IdentificationAnswer) => void }) {
  const [source, setSource] = useState<Source>('traits');
  const [traits, setTraits] = useState({
    birthFamilyName: '',
    firstNames: '',
    birthDate: '',
    sex: '' as '' | 'M' | 'F',
    birthPlaceCode: '',
    usedFamilyName: '',
  });
  const [matricule, setMatricule] = useState('');
  const [reading, setReading] = useState('');
  const [beneficiary, setBeneficiary] = useState('0');
  const [readingError, setReadingError] = useState<string>();

  const identify = useMutation({
    mutationFn: (body: Body<'IdentifyPatientDto'>) =>
      read<IdentificationAnswer>(api.POST('/patients/identify', { body })),
    onSuccess: onIdentified,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setReadingError(undefined);
    const typed = {
      birthFamilyName: traits.birthFamilyName,
      firstNames: traits.firstNames,
      birthDate: traits.birthDate,
      sex: traits.sex as 'M' | 'F',
      ...(traits.birthPlaceCode ? { birthPlaceCode: traits.birthPlaceCode } : {}),
      ...(traits.usedFamilyName ? { usedFamilyName: traits.usedFamilyName } : {}),
    };
    if (source === 'traits') identify.mutate({ source, traits: typed });
    else if (source === 'ins') identify.mutate({ source, traits: typed, matricule });
    else {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(reading) as Record<string, unknown>;
      } catch {
        setReadingError('La lecture doit être le texte JSON que donne le lecteur.');
        return;
      }
      if (source === 'vitale')
        identify.mutate({ source, vitale: parsed, beneficiary: Number(beneficiary) });
      else identify.mutate({ source, apcv: parsed });
    }
  }

  const error = identify.error;
  const traitError = (field: string) => fieldError(error, `traits.${field}`);
  return (
    <form onSubmit={submit} noValidate>
      <fieldset>
        <legend>Comment identifier le patient</legend>
        {(
          [
            ['traits', 'Traits saisis (pièce d’identité ou déclaration)'],
            ['ins', 'INS saisi (matricule et traits)'],
            ['vitale', 'Carte Vitale (lecture du lecteur)'],
            ['apcv', 'Appli carte Vitale'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="source"
              value={value}
              checked={source === value}
              onChange={() => setSource(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {source === 'traits' || source === 'ins' ? (
        <div className="row">
          {source === 'ins' ? (
            <TextInput
              label="Matricule INS (NIR ou NIA)"
              hint="15 caractères, clé comprise"
              value={matricule}
              onChange={(e) => setMatricule(e.target.value)}
              error={fieldError(error, 'matricule')}
              required
            />
          ) : null}
          <TextInput
            label="Nom de naissance"
            value={traits.birthFamilyName}
            onChange={(e) => setTraits({ ...traits, birthFamilyName: e.target.value })}
            error={traitError('birthFamilyName')}
            autoComplete="off"
            required
          />
          <TextInput
            label="Prénoms"
            hint="Tous les prénoms de l'état civil"
            value={traits.firstNames}
            onChange={(e) => setTraits({ ...traits, firstNames: e.target.value })}
            error={traitError('firstNames')}
            autoComplete="off"
            required
          />
          <TextInput
            label="Date de naissance"
            type="date"
            value={traits.birthDate}
            onChange={(e) => setTraits({ ...traits, birthDate: e.target.value })}
            error={traitError('birthDate')}
            required
          />
          <SelectInput
            label="Sexe"
            value={traits.sex}
            onChange={(e) => setTraits({ ...traits, sex: e.target.value as 'M' | 'F' | '' })}
            error={traitError('sex')}
            required
          >
            <option value="">—</option>
            <option value="F">Féminin</option>
            <option value="M">Masculin</option>
          </SelectInput>
          <TextInput
            label="Lieu de naissance (code INSEE, facultatif)"
            value={traits.birthPlaceCode}
            onChange={(e) => setTraits({ ...traits, birthPlaceCode: e.target.value })}
            error={traitError('birthPlaceCode')}
            inputMode="text"
          />
          <TextInput
            label="Nom d'usage (facultatif)"
            value={traits.usedFamilyName}
            onChange={(e) => setTraits({ ...traits, usedFamilyName: e.target.value })}
            error={traitError('usedFamilyName')}
          />
        </div>
      ) : (
        <>
          <TextArea
            label={
              source === 'vitale' ? 'Lecture de la Carte Vitale' : "Lecture de l'appli carte Vitale"
            }
            hint="Le texte JSON que donne le lecteur certifié du poste"
            value={reading}
            onChange={(e) => setReading(e.target.value)}
            error={readingError ?? fieldError(error, source)}
            rows={5}
          />
          {source === 'vitale' ? (
            <TextInput
              label="Bénéficiaire (rang sur la carte, à partir de 0)"
              type="number"
              min={0}
              value={beneficiary}
              onChange={(e) => setBeneficiary(e.target.value)}
              error={fieldError(error, 'beneficiary')}
            />
          ) : null}
        </>
      )}
      {error instanceof ApiProblem && error.problems.length === 0 ? (
        <ErrorBanner error={error} />
      ) : null}
      {error && !(error instanceof ApiProblem) ? <ErrorBanner error={error} /> : null}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={identify.isPending}>
          {identify.isPending ? 'Interrogation d’INSi…' : 'Rechercher dans INSi'}
        </button>
      </div>
    </form>
  );
}

/** INSi's answer, the identity's status, and the document check that qualifies it. */
function IdentityAnswer({
  answer,
  onQualified,
}: {
  answer: IdentificationAnswer;
  onQualified: (a: IdentificationAnswer) => void;
}) {
  const { patient } = answer;
  const [document, setDocument] = useState<IdentityDocument>('carte-nationale-identite');
  const [checkedOn, setCheckedOn] = useState(parisDay());
  const qualify = useMutation({
    mutationFn: () =>
      read<PatientView>(
        api.POST('/patients/{id}/identity-document', {
          params: { path: { id: patient.id } },
          body: { document, checkedOn },
        }),
      ),
    onSuccess: (updated) => onQualified({ ...answer, patient: updated }),
  });
  const qualified = patient.identityStatus === 'QUAL';
  return (
    <section className="identity" aria-labelledby="identity-heading" aria-live="polite">
      <h3 id="identity-heading">
        {patient.firstNames} {patient.usedFamilyName ?? patient.birthFamilyName}, né(e) le{' '}
        {patient.birthDate}
      </h3>
      <p>
        Réponse INSi : <strong>{answer.insi.label}</strong>
        {patient.ins ? (
          <>
            {' '}
            — INS <span className="mono">{patient.ins.matricule}</span>
          </>
        ) : null}
      </p>
      <p>
        Statut de l'identité : <strong>{patient.identityStatusLabel}</strong>
      </p>
      {answer.problems.length > 0 || answer.warnings.length > 0 ? (
        <ul className="banner banner--warning">
          {answer.problems.map((p, i) => (
            <li key={`p${i}`}>{p.problem}</li>
          ))}
          {answer.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {qualified ? (
        <div className="banner banner--success" role="status">
          Identité qualifiée : l'INS pourra figurer dans les documents et les messages.
        </div>
      ) : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            qualify.mutate();
          }}
        >
          <SelectInput
            label="Pièce d'identité vérifiée"
            value={document}
            onChange={(e) => setDocument(e.target.value as IdentityDocument)}
            error={fieldError(qualify.error, 'document')}
          >
            {Object.entries(DOCUMENT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectInput>
          <TextInput
            label="Vérifiée le"
            type="date"
            value={checkedOn}
            max={parisDay()}
            onChange={(e) => setCheckedOn(e.target.value)}
            error={fieldError(qualify.error, 'checkedOn')}
          />
          <div className="field">
            <button type="submit" className="button" disabled={qualify.isPending}>
              J'ai vérifié cette pièce
            </button>
          </div>
          {qualify.error instanceof ApiProblem && qualify.error.problems.length === 0 ? (
            <ErrorBanner error={qualify.error} />
          ) : null}
        </form>
      )}
    </section>
  );
}

/** The médecin traitant, the DMP consent, and the opening itself. */
function OpenForm({ practitionerId, patient }: { practitionerId: string; patient: PatientView }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const situation = useQuery({
    queryKey: situationQueryKey(practitionerId),
    queryFn: () =>
      read<SituationAnswer>(
        api.GET('/practitioners/{id}/situation-exercice', {
          params: { path: { id: practitionerId } },
        }),
      ),
  });
  const [declared, setDeclared] = useState(true);
  const [medecin, setMedecin] = useState({ rpps: '', name: '', mssAddress: '' });
  const [consent, setConsent] = useState<Consent>('given');
  const [warnings, setWarnings] = useState<{ id: string; messages: string[] } | null>(null);

  const open = useMutation({
    mutationFn: (cptsId: string) =>
      read<{ id: string; warnings?: { code: string; message: string }[] }>(
        api.POST('/pathways', {
          body: {
            cptsId,
            practitionerId,
            patientId: patient.id,
            medecinTraitant: declared
              ? {
                  declared: true,
                  rpps: medecin.rpps,
                  name: medecin.name,
                  ...(medecin.mssAddress ? { mssAddress: medecin.mssAddress } : {}),
                }
              : { declared: false },
            consentementDmp: consent,
          },
        }),
      ),
    onSuccess: async (opened) => {
      await queryClient.invalidateQueries({ queryKey: ['pathways'] });
      if (opened.warnings && opened.warnings.length > 0) {
        setWarnings({ id: opened.id, messages: opened.warnings.map((w) => w.message) });
      } else {
        await navigate(`/parcours/${opened.id}`);
      }
    },
  });

  if (warnings) {
    return (
      <div className="banner banner--warning" role="status">
        <p>Le parcours est ouvert. À savoir :</p>
        <ul>
          {warnings.messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
        <Link to={`/parcours/${warnings.id}`}>Ouvrir le parcours</Link>
      </div>
    );
  }

  const cptsId = situation.data?.situation?.cptsId;
  const blocking = situation.data?.blockingReason;
  const error = open.error;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (cptsId) open.mutate(cptsId);
      }}
      noValidate
    >
      {blocking || (situation.data && !cptsId) ? (
        <div className="banner banner--error" role="alert">
          {blocking ??
            "Votre situation d'exercice ne nomme pas de CPTS : l'accès direct suppose un exercice coordonné."}{' '}
          <Link to="/situation-exercice">Mettre à jour ma situation d'exercice</Link>
        </div>
      ) : null}
      <fieldset>
        <legend>Médecin traitant</legend>
        <label className="choice">
          <input
            type="radio"
            name="declared"
            checked={declared}
            onChange={() => setDeclared(true)}
          />
          Le patient a un médecin traitant
        </label>
        <label className="choice">
          <input
            type="radio"
            name="declared"
            checked={!declared}
            onChange={() => setDeclared(false)}
          />
          Aucun médecin traitant déclaré
        </label>
        {declared ? (
          <MedecinSearch
            onChoose={(m) =>
              setMedecin({ rpps: m.rpps, name: m.name, mssAddress: m.mssAddress ?? '' })
            }
          />
        ) : null}
        {declared ? (
          <div className="row">
            <TextInput
              label="RPPS du médecin traitant"
              hint="Rempli par le choix dans l'Annuaire, ou saisi (11 chiffres)"
              inputMode="numeric"
              value={medecin.rpps}
              onChange={(e) => setMedecin({ ...medecin, rpps: e.target.value.trim() })}
              error={fieldError(error, 'medecinTraitant.rpps')}
            />
            <TextInput
              label="Nom du médecin traitant"
              value={medecin.name}
              onChange={(e) => setMedecin({ ...medecin, name: e.target.value })}
              error={fieldError(error, 'medecinTraitant.name')}
            />
            <TextInput
              label="Adresse MSSanté (facultatif)"
              hint="Sinon, l'Annuaire Santé la donne à partir du RPPS"
              type="email"
              value={medecin.mssAddress}
              onChange={(e) => setMedecin({ ...medecin, mssAddress: e.target.value })}
              error={fieldError(error, 'medecinTraitant.mssAddress')}
            />
          </div>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>Consentement au DMP</legend>
        {(
          [
            ['given', 'Le patient accepte que ses documents soient classés dans son DMP'],
            ['refused', 'Le patient refuse'],
            ['not_asked', 'Pas encore demandé'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="consent"
              checked={consent === value}
              onChange={() => setConsent(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {error instanceof ApiProblem ? (
        <div className="banner banner--error" role="alert">
          {error.message}
          {error.status === 403 || error.status === 409 ? (
            <>
              {' '}
              <Link to="/situation-exercice">Voir ma situation d'exercice</Link>
            </>
          ) : null}
        </div>
      ) : (
        <ErrorBanner error={error} />
      )}
      <div className="actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={!cptsId || open.isPending}
        >
          Ouvrir le parcours
        </button>
      </div>
    </form>
  );
}
