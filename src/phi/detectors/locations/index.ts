/**
 * LOCATION detection in free text: a table of named rules (src/phi/detectors/rules.ts), run in this
 * order (the order only decides which of two equal candidates names the finding). Each rule, with its
 * examples, is in one of: rules-streets.ts (street addresses, units, boxes), rules-roads.ts (numbered streets and roads without a house number, counties), rules-postal.ts (countries
 * in address blocks, postcodes, "City, ST", ZIP), rules-places.ts (regions, facilities, saints,
 * employers, named units, labels), rules-context.ts (locative verbs, the city/state/country lists), rules-forms.ts (facility
 * names, named wards, towns and streets in any case).
 */
import type { Candidate } from '../../types.js';
import type { Tok } from '../tokens.js';
import { runRules } from '../rules.js';
import { createLocCtx, type LocationRule } from './context.js';
import { addressCtx, military, namedStreet, poBox, streetIntl, streetNumNameNum, streetNumbered, streetPrefix, streetUs, streetWord, unitNumber } from './rules-streets.js';
import { cityStateAbbr, cityStateName, countryLine, countryPhrase, countryPostal, zip } from './rules-postal.js';
import { campus, employer, facility, facilityWard, hospitalUnit, inPlace, locationLabel, placeHead, region, saint, universityOf } from './rules-places.js';
import { facilityPhrase, namedWard, placeCue, streetAnyCase } from './rules-forms.js';
import { county, institution, ordinalStreet, road } from './rules-roads.js';
import { facilityAcronym, locative, placeAfterCue, placeWord } from './rules-context.js';

export type { LocCtx, LocationRule } from './context.js';
export { createLocCtx } from './context.js';

export const LOCATION_RULES: readonly LocationRule[] = Object.freeze([
  streetUs,
  streetWord,
  streetNumbered,
  namedStreet,
  ordinalStreet,
  road,
  county,
  institution,
  region,
  campus,
  placeHead,
  streetIntl,
  streetPrefix,
  streetNumNameNum,
  military,
  countryLine,
  countryPostal,
  unitNumber,
  poBox,
  cityStateAbbr,
  zip,
  countryPhrase,
  facility,
  saint,
  employer,
  addressCtx,
  inPlace,
  cityStateName,
  facilityWard,
  hospitalUnit,
  universityOf,
  locationLabel,
  locative,
  facilityPhrase,
  namedWard,
  placeCue,
  streetAnyCase,
  placeWord, facilityAcronym, placeAfterCue, // one walk ('place-words')
]);

export function detectLocations(text: string, toks: Tok[], out: Candidate[], words: number = -1, rules: readonly LocationRule[] = LOCATION_RULES): void {
  runRules(rules, createLocCtx(text, toks, out, words));
}
