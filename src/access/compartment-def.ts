/**
 * The FHIR R4 (4.0.1) Patient compartment, as data: for each resource type, the element paths
 * (dot-separated, arrays flattened) whose references link a resource to a patient. Derived from
 * CompartmentDefinition/patient (https://hl7.org/fhir/R4/compartmentdefinition-patient.html): each
 * listed search parameter replaced by the element(s) its R4 expression reads. Provenance also
 * lists `agent.who` and AuditEvent `agent.who` / `entity.what` (patients acting or recorded).
 *
 * Resource types not listed here are still scanned: every `reference` anywhere is checked for
 * `Patient/<id>` (src/access/patient-refs.ts). This table adds the elements where a reference
 * that cannot be resolved to a literal id (identifier-only, conditional, unresolved `urn:uuid:`)
 * must be treated as an unknown patient.
 */
export const PATIENT_COMPARTMENT: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Account: ['subject'],
  AdverseEvent: ['subject'],
  AllergyIntolerance: ['patient', 'recorder', 'asserter'],
  Appointment: ['participant.actor'],
  AppointmentResponse: ['actor'],
  AuditEvent: ['agent.who', 'entity.what'],
  Basic: ['subject', 'author'],
  BodyStructure: ['patient'],
  CarePlan: ['subject', 'activity.detail.performer'],
  CareTeam: ['subject', 'participant.member'],
  ChargeItem: ['subject'],
  Claim: ['patient', 'payee.party'],
  ClaimResponse: ['patient'],
  ClinicalImpression: ['subject'],
  Communication: ['subject', 'sender', 'recipient'],
  CommunicationRequest: ['subject', 'sender', 'recipient', 'requester'],
  Composition: ['subject', 'author', 'attester.party'],
  Condition: ['subject', 'asserter'],
  Consent: ['patient'],
  Coverage: ['policyHolder', 'subscriber', 'beneficiary', 'payor'],
  CoverageEligibilityRequest: ['patient'],
  CoverageEligibilityResponse: ['patient'],
  DetectedIssue: ['patient'],
  DeviceRequest: ['subject', 'performer'],
  DeviceUseStatement: ['subject'],
  DiagnosticReport: ['subject'],
  DocumentManifest: ['subject', 'author', 'recipient'],
  DocumentReference: ['subject', 'author'],
  Encounter: ['subject'],
  EnrollmentRequest: ['candidate'],
  EpisodeOfCare: ['patient'],
  ExplanationOfBenefit: ['patient', 'payee.party'],
  FamilyMemberHistory: ['patient'],
  Flag: ['subject'],
  Goal: ['subject'],
  Group: ['member.entity'],
  ImagingStudy: ['subject'],
  Immunization: ['patient'],
  ImmunizationEvaluation: ['patient'],
  ImmunizationRecommendation: ['patient'],
  Invoice: ['subject', 'recipient'],
  List: ['subject', 'source'],
  MeasureReport: ['subject'],
  Media: ['subject'],
  MedicationAdministration: ['subject', 'performer.actor'],
  MedicationDispense: ['subject', 'receiver'],
  MedicationRequest: ['subject'],
  MedicationStatement: ['subject'],
  MolecularSequence: ['patient'],
  NutritionOrder: ['patient'],
  Observation: ['subject', 'performer'],
  Patient: ['link.other'],
  Person: ['link.target'],
  Procedure: ['subject', 'performer.actor'],
  Provenance: ['target', 'agent.who'],
  QuestionnaireResponse: ['subject', 'author'],
  RelatedPerson: ['patient'],
  RequestGroup: ['subject', 'action.participant'],
  ResearchSubject: ['individual'],
  RiskAssessment: ['subject'],
  Schedule: ['actor'],
  ServiceRequest: ['subject', 'performer'],
  Specimen: ['subject'],
  SupplyDelivery: ['patient'],
  SupplyRequest: ['deliverTo'],
  VisionPrescription: ['patient'],
});

/**
 * Search parameter names (any resource type) that the R4 definition uses to put a resource in a
 * patient's compartment, plus `patient` / `subject`. A chain through, or an `_include` of, one of
 * these can reach another patient.
 */
export const PATIENT_LINK_PARAMS: ReadonlySet<string> = new Set([
  'patient', 'subject', 'performer', 'recorder', 'asserter', 'actor', 'author', 'participant', 'payee',
  'sender', 'recipient', 'requester', 'attester', 'policy-holder', 'subscriber', 'beneficiary', 'payor',
  'member', 'source', 'receiver', 'link', 'individual', 'candidate', 'agent', 'entity', 'filler',
]);

/** Parameters whose value names "the patient the request is about": every value must be the principal's patient. */
export const ABOUT_PARAMS: ReadonlySet<string> = new Set(['patient', 'subject']);
