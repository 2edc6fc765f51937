/** A test policy covering every identity/access feature. `jwks` is inserted by the caller. */
export const testPolicy = (jwks: string, extra = ''): string => `
version: 1
name: access-test
identity:
  issuers:
    - issuer: https://idp.test.invalid
      audience: patient-api
      jwks: ${jwks}
      algorithms: [ES256, RS256]
      types: [at+jwt, JWT]
      maxTokenAge: 1h
      maxLifetime: 1h
      clockTolerance: 30s
      claims: { consentLabels: consent_labels }
  purposeOfUse: { header: x-purpose-of-use, values: [TREAT, ETREAT, BTG, HPAYMT, HOPERAT, PATRQT] }
  mtls:
    clients:
      - id: lab-interface
        fingerprint256: "${'AB:'.repeat(31)}AB"
        roles: [system]
        scopes: [system/Observation.c]
  sessions: { idleTimeout: 15m, absoluteTimeout: 8h }
access:
  purposes:
    billing: [HPAYMT, HOPERAT]
  labels:
    allow:
      - { roles: [clinician], purposes: [TREAT], labels: [R] }
  minimumNecessary:
    exempt:
      - { roles: [clinician, nurse], purposes: [TREAT] }
    rules:
      - roles: [billing]
        resources:
          Patient: { allow: [name, birthDate, address, identifier] }
          Observation: { deny: [valueString, note] }
  breakGlass:
    header: x-break-glass
    claim: break_glass
    roles: [clinician, nurse]
    reasons: [ETREAT, BTG]
    minJustification: 20
    duration: 1h
  bulk:
    window: 1h
    maxPatients: 3
    maxRecords: 50
    exemptRoles: [system]
${extra}
roles: [clinician, nurse, billing, patient, system]
routes:
  - id: patient-read
    method: GET
    path: /Patient/{id}
    resource: Patient
    interaction: read
    patient: "{id}"
    allow: { roles: [clinician, nurse, patient, billing] }
  - id: patient-search
    method: GET
    path: /Patient
    resource: Patient
    interaction: search
    allow: { roles: [clinician, nurse] }
  - id: observation-search
    method: GET
    path: /Observation
    resource: Observation
    interaction: search
    allow: { roles: [clinician, nurse, patient] }
  - id: observation-create
    method: POST
    path: /Observation
    resource: Observation
    interaction: create
    allow: { roles: [clinician, nurse, system] }
  - id: psych-notes
    method: GET
    path: /DocumentReference/{id}
    resource: DocumentReference
    interaction: read
    allow: { roles: [clinician], purposes: [TREAT], mfa: true, labels: [PSY] }
  - id: claims
    method: GET
    path: /Claim
    resource: Claim
    interaction: search
    patient: "?patient"
    allow: { roles: [billing, clinician] }
  - id: capability
    method: GET
    path: /metadata
    interaction: capabilities
    public: true
`;
