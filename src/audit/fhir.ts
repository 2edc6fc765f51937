/**
 * FHIR R4 AuditEvent rendering of audit records, coded after IHE Basic Audit Log Patterns (BALP):
 * RESTful operation type, restful-interaction subtype, user / client / server agents, patient and
 * data entities. Identifiers are the keyed references from the leaf (no raw values).
 */
import type { AccountingRow } from './query.js';

const BALP = 'https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.';
const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const REF_SYSTEM = 'urn:phiguard:audit:ref:';

type Json = Record<string, unknown>;

function action(interaction: string | undefined, method: string | undefined): 'C' | 'R' | 'U' | 'D' | 'E' {
  if (interaction === 'create' || method === 'POST') return 'C';
  if (interaction === 'update' || interaction === 'patch' || method === 'PUT' || method === 'PATCH') return 'U';
  if (interaction === 'delete' || method === 'DELETE') return 'D';
  if (interaction?.startsWith('search')) return 'E';
  if (interaction === 'read' || interaction === 'vread' || interaction === 'history' || method === 'GET' || method === 'HEAD') return 'R';
  return 'E';
}

function profile(a: string, patient: boolean): string {
  const base = { C: 'Create', R: 'Read', U: 'Update', D: 'Delete', E: 'Query' }[a as 'C'];
  return `${BALP}${patient ? `Patient${base}` : base}`;
}

export function toAuditEvent(row: AccountingRow, origin: string): Json {
  const leaf = row.leaf;
  const what = leaf.what as Json;
  const where = (leaf.where ?? {}) as Json;
  const act = action(row.interaction, what.method as string | undefined);
  const rest = leaf.type === 'rest';
  const outcome = !row.denied ? '0' : row.status >= 500 ? '8' : '4';
  const agents: Json[] = [];
  if (row.recipient.user) {
    agents.push({
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
      who: { identifier: { system: `${REF_SYSTEM}user`, value: row.recipient.user } },
      ...(row.recipient.roles?.length ? { role: row.recipient.roles.map((r) => ({ coding: [{ system: 'urn:phiguard:role', code: r }] })) } : {}),
      requestor: true,
      ...(where.client || where.peer ? { network: { address: String(where.client ?? where.peer), type: '2' } } : {}),
      ...(row.purpose ? { purposeOfUse: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: row.purpose }] }] } : {}),
    });
  }
  if (row.recipient.client) {
    agents.push({ type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] }, who: { display: row.recipient.client }, requestor: false });
  }
  agents.push({ type: { coding: [{ system: DCM, code: '110152', display: 'Destination Role ID' }] }, who: { display: origin }, requestor: false });

  const entities: Json[] = row.patients.map((p) => ({
    what: { identifier: { system: `${REF_SYSTEM}patient`, value: p } },
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
    role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
  }));
  if (rest && (row.resource || what.query)) {
    const query = what.query as { params?: string[]; hmac?: string } | undefined;
    entities.push({
      ...(what.resourceId ? { what: { identifier: { system: `${REF_SYSTEM}resource`, value: String(what.resourceId) } } } : {}),
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
      role: act === 'E' ? { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '24', display: 'Query' } : { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '4', display: 'Domain Resource' },
      ...(row.resource ? { name: row.resource } : {}),
      ...(Array.isArray(what.labels) && what.labels.length ? { securityLabel: (what.labels as string[]).map((l) => ({ code: l })) } : {}),
      detail: [
        ...(query?.params ? [{ type: 'query-parameters', valueString: query.params.join(',') }] : []),
        ...(query?.hmac ? [{ type: 'query-hmac', valueString: query.hmac }] : []),
        ...Object.entries(row.categories).map(([k, n]) => ({ type: `phi-category:${k}`, valueString: String(n) })),
      ],
    });
  }
  const policy = what.policy as { name?: string; hash?: string } | undefined;
  return {
    resourceType: 'AuditEvent',
    id: String(row.index),
    ...(rest ? { meta: { profile: [profile(act, row.patients.length > 0)] } } : {}),
    type: rest
      ? { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' }
      : { system: DCM, code: '110100', display: 'Application Activity' },
    subtype: rest
      ? [{ system: 'http://hl7.org/fhir/restful-interaction', code: row.interaction ?? (act === 'E' ? 'search-type' : 'read') }]
      : [{ system: 'urn:phiguard:audit:event', code: leaf.type }],
    action: rest ? act : 'E',
    recorded: row.date,
    outcome,
    outcomeDesc: row.outcome,
    ...(row.purpose ? { purposeOfEvent: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: row.purpose }] }] } : {}),
    agent: agents,
    source: {
      observer: { display: origin },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    entity: [
      ...entities,
      ...(policy ? [{ type: { system: 'urn:phiguard:audit', code: 'policy' }, name: policy.name, detail: [{ type: 'hash', valueString: policy.hash }] }] : []),
    ],
  };
}

/** A searchset Bundle of AuditEvents. */
export function toBundle(rows: readonly AccountingRow[], origin: string): Json {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: rows.length,
    entry: rows.map((r) => ({ fullUrl: `urn:phiguard:audit:${origin}:${r.index}`, resource: toAuditEvent(r, origin), search: { mode: 'match' } })),
  };
}
