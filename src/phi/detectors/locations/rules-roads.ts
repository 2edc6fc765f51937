/** Location rules for roads and counties that carry no house number: "on 5th Ave", "off Route 9", "Cook County". */
import { CLINICAL } from '../lexicon.js';
import { each, push } from '../util.js';
import { FACILITY_STOP, type LocationRule } from './context.js';

// "on 5th Ave", "at 3rd and Main": an ordinal street after a preposition (house number absent)
const ORDINAL_STREET = /\b(?:on|at|off|near|along|of|and|from|to|onto)[ \t]+(\d{1,3}(?:st|nd|rd|th)[ \t]+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Pl|Place|Dr|Drive|Ter|Terrace|Way|Ln|Lane)\b\.?)/gd;
// "Route 9", "Hwy 101", "State Route 33", "County Road 12", "US-1": Title case or caps type word, then the number
const ROAD = /\b(?:(?:State|County|Farm|US|U\.S\.)[ \t]+)?(?:Route|ROUTE|Rte|RTE|Highway|HIGHWAY|Hwy|HWY|Road|Interstate|INTERSTATE)\.?[ \t]?(?:#[ \t]?)?\d{1,4}[A-Z]?\b(?![ \t]*(?:mg|ml|mcg|units?|%))/g;
// "Cook County", "St. Tammany Parish", "Kings County": one to three capitalised words before the division word
const COUNTY = /(?<![\p{L}'’.-])((?:\p{Lu}[\p{L}'’.-]{1,30}[ \t]+){1,3})(?:County|COUNTY|Parish|PARISH|Borough|Township)\b/gu;

export const ordinalStreet: LocationRule = {
  id: 'location.ordinal-street',
  description: 'a numbered street with no house number after a preposition: "the clinic on 5th Ave", "at 3rd St and Pine"',
  type: 'LOCATION', detectors: ['ctx:ordinal-street'],
  examples: { finds: [['the clinic on 5th Ave', '5th Ave'], ['found down at 3rd Street and Pine', '3rd Street']], ignores: ['on 5th day of antibiotics', 'in the 3rd trimester'] },
  run({ text, out }) {
    if (!/\d(?:st|nd|rd|th)[ \t]/.test(text)) return;
    each(ORDINAL_STREET, text, (m) => {
      const ix = m.indices?.[1];
      if (ix) push(out, 'LOCATION', ix[0], ix[1], 0.75, 'ctx:ordinal-street');
    });
  },
};

export const road: LocationRule = {
  id: 'location.road',
  description: 'a numbered road or highway: "she works at the Walmart on Route 9", "live off Hwy 101", "County Road 12"',
  type: 'LOCATION', detectors: ['ctx:road'],
  examples: { finds: [['she works at the store on Route 9', 'Route 9'], ['we live off Hwy 101 near town', 'Hwy 101']], ignores: ['route of administration: PO', 'oral route 2 times'] },
  run({ text, out }) {
    if (!/(?:Route|ROUTE|Rte|RTE|Highway|HIGHWAY|Hwy|HWY|Road|Interstate|INTERSTATE)\.?[ \t]?#?[ \t]?\d/.test(text)) return;
    each(ROAD, text, (m) => push(out, 'LOCATION', m.index, m.index + m[0].length, 0.75, 'ctx:road'));
  },
};

export const county: LocationRule = {
  id: 'location.county',
  description: 'a county, parish, borough or township: "resident of Cook County", "St. Tammany Parish"',
  type: 'LOCATION', detectors: ['ctx:county'],
  examples: { finds: [['resident of Cook County since 2010', 'Cook County'], ['lives in St. Tammany Parish', 'St. Tammany Parish']], ignores: ['the county health department', 'The County offered rides'] },
  run({ text, out }) {
    if (!/(?:County|COUNTY|Parish|PARISH|Borough|Township)\b/.test(text)) return;
    each(COUNTY, text, (m) => {
      // a leading article or clinical word is no part of the name ("The Cook County", "ER County"): start after it
      let s = -1;
      for (const w of m[1]!.matchAll(/\S+/g)) {
        const lw = w[0].toLowerCase();
        if (s < 0 && (FACILITY_STOP.has(lw) || CLINICAL.has(lw))) continue;
        if (s < 0) s = m.index + w.index;
      }
      if (s < 0) return;
      push(out, 'LOCATION', s, m.index + m[0].length, 0.8, 'ctx:county');
    });
  },
};
