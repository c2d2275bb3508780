import {
  frenchDateTime,
  frenchDay,
  heading,
  keyValues,
  paragraph,
  pdfBuffer,
  reportDocument,
  subheading,
  title,
} from '../../../libs/reports';
import {
  DOCUMENT_LABELS,
  type DutyJustification,
  type Justification,
  type MessageJustification,
} from './justification';

const when = (instant: string | null) => (instant ? frenchDateTime(instant) : '—');

function patientName(p: Justification['patient']): string {
  const family = p.usedFamilyName
    ? `${p.usedFamilyName} (né·e ${p.birthFamilyName ?? '?'})`
    : (p.birthFamilyName ?? '?');
  return `${family} ${p.firstNames ?? ''}`.trim();
}

function duty(doc: PDFKit.PDFDocument, d: DutyJustification, careEndedOn: string | null): void {
  subheading(doc, DOCUMENT_LABELS[d.kind]);
  keyValues(doc, [
    ...(d.kind === 'compte_rendu' && careEndedOn
      ? [['Fin de soins déclarée', frenchDay(careEndedOn)] as const]
      : []),
    ['Échéance', when(d.dueAt)],
    ['Reçu le', when(d.receivedAt)],
    ['Délai', d.timelinessLabel],
    ...(d.documentDate ? [['Date du document', frenchDay(d.documentDate)] as const] : []),
    ...(d.documentId ? [['Document (identifiant)', d.documentId] as const] : []),
    ...(d.sha256 ? [['Empreinte SHA-256', d.sha256] as const] : []),
    ['Relances envoyées', String(d.remindersSent)],
    ...(d.escalatedAt ? [['Coordinateur alerté le', when(d.escalatedAt)] as const] : []),
  ]);
}

function message(doc: PDFKit.PDFDocument, m: MessageJustification): void {
  const state =
    m.status === 'sent'
      ? 'envoyé'
      : m.status === 'skipped'
        ? `non envoyé : ${m.skipReasonLabel ?? m.skipReason ?? 'motif inconnu'}`
        : 'à envoyer (messagerie injoignable, nouvelle tentative en cours)';
  subheading(doc, `Message du ${m.purposeLabel} — ${state}`);
  const options = { labelWidth: 100, size: 8 };
  if (m.status !== 'sent') {
    keyValues(
      doc,
      [
        ...(m.documentId ? [['Document', m.documentId] as const] : []),
        ...(m.detail ? [['Détail', m.detail] as const] : []),
      ],
      options,
    );
    return;
  }
  keyValues(
    doc,
    [
      ['Message-ID', m.messageId ?? '—'],
      ['Destinataire', m.recipient ?? '—'],
      ['Envoyé le', when(m.sentAt)],
      [
        'Distribué le',
        m.deliveredAt
          ? when(m.deliveredAt)
          : m.deliveryStatus === 'failed'
            ? 'échec de distribution'
            : 'pas encore d’accusé de distribution',
      ],
      ['Lu le', m.readAt ? when(m.readAt) : 'pas encore d’accusé de lecture'],
    ],
    options,
  );
}

/** The justification sheet as a PDF (A4, French), from the same content as its JSON. */
export function justificationPdf(j: Justification): Promise<Buffer> {
  const doc = reportDocument({
    title: `Fiche de justification — parcours en accès direct ${j.pathwayId}`,
    subject: 'Accès direct en orthophonie : justification du parcours',
    footer: `Parcours ${j.pathwayId} — fiche éditée le ${frenchDateTime(j.generatedAt)}`,
  });
  title(
    doc,
    'Fiche de justification — accès direct en orthophonie',
    `Parcours ${j.pathwayId} — éditée le ${frenchDateTime(j.generatedAt)}`,
  );

  heading(doc, 'Patient');
  keyValues(doc, [
    ['Nom et prénoms', patientName(j.patient)],
    ['Date de naissance', j.patient.birthDate ? frenchDay(j.patient.birthDate) : '—'],
    [
      'INS',
      j.patient.ins
        ? `${j.patient.ins.matricule} (OID ${j.patient.ins.oid}, identité ${j.patient.ins.identityStatus})`
        : 'non qualifiée',
    ],
  ]);

  heading(doc, 'Orthophoniste');
  keyValues(doc, [
    ['Nom', j.orthophoniste.displayName ?? '—'],
    ['RPPS', j.orthophoniste.rpps ?? '—'],
    ['N° Assurance Maladie', j.orthophoniste.billingNumber ?? 'non enregistré'],
    ['CPTS', `${j.cpts.name ?? j.cpts.id}${j.cpts.identifier ? ` (${j.cpts.identifier})` : ''}`],
  ]);

  heading(doc, 'Ouverture en accès direct');
  keyValues(doc, [
    ['Ouvert en accès direct le', frenchDay(j.opening.openedOn)],
    ['Statut', `${j.opening.statusLabel} (${j.opening.stepLabel})`],
    ...(j.opening.closedAt ? [['Clos le', when(j.opening.closedAt)] as const] : []),
  ]);
  subheading(doc, "Éligibilité : situation d'exercice vérifiée à l'ouverture");
  paragraph(doc, j.eligibility.statement);

  heading(doc, 'Documents dus');
  duty(doc, j.documents.bilanInitial, null);
  if (j.documents.compteRendu) duty(doc, j.documents.compteRendu, j.careEndedOn);
  else paragraph(doc, 'Compte-rendu : pas encore dû (fin de soins non déclarée).');

  heading(doc, 'Information du médecin traitant (MSSanté)');
  paragraph(
    doc,
    j.medecinTraitant.declared
      ? `Médecin traitant déclaré : ${j.medecinTraitant.name} (RPPS ${j.medecinTraitant.rpps}).`
      : 'Le patient a déclaré ne pas avoir de médecin traitant : aucun message ne lui est dû.',
  );
  if (j.messages.length === 0) {
    paragraph(doc, 'Aucun message : aucun document n’a encore été reçu.');
  }
  for (const m of j.messages) message(doc, m);

  heading(doc, 'Dossier Médical Partagé (DMP)');
  keyValues(doc, [
    ['Consentement du patient', j.consent.currentLabel],
    ...j.consent.changes.map(
      (c) => [`Modifié le ${frenchDateTime(c.at)}`, `${c.label} (par ${c.by})`] as const,
    ),
  ]);
  for (const d of j.dmp.documents) {
    subheading(doc, `${DOCUMENT_LABELS[d.documentKind]} — ${d.statusLabel}`);
    keyValues(
      doc,
      d.status === 'filed'
        ? [
            ['Identifiant DMP (uniqueId)', d.dmpUniqueId ?? '—'],
            ['Versé le', when(d.filedAt)],
            ...(d.documentId ? [['Document', d.documentId] as const] : []),
          ]
        : [['Motif', d.why ?? '—']],
      { labelWidth: 140, size: 8.5 },
    );
  }
  const replaced = j.dmp.filings.filter((f) => f.replacedDmpUniqueId);
  for (const f of replaced) {
    paragraph(
      doc,
      `${DOCUMENT_LABELS[f.documentKind]} corrigé, versé le ${when(f.filedAt)} sous l'identifiant ${f.dmpUniqueId}, en remplacement de ${f.replacedDmpUniqueId}.`,
      8.5,
    );
  }

  heading(doc, 'Facturation');
  paragraph(doc, j.billing.instruction);
  keyValues(doc, [
    ['Case « Prescripteur » : RPPS', j.billing.prescripteurRpps ?? '—'],
    [
      'Case « Prescripteur » : n° AM',
      j.billing.prescripteurBillingNumber ?? 'non enregistré — à faire enregistrer',
    ],
  ]);
  return pdfBuffer(doc);
}
