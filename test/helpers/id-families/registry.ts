/**
 * Format tables from the published specifications (not from any evaluation text):
 * - IBAN: the BBAN structure of every country in the SWIFT IBAN Registry (n = digits, a = upper-case
 *   letters, c = letters or digits; the IBAN is country + 2 check digits + BBAN).
 * - US driver's licence formats per state (AAMVA / state DMV published formats, as collected in the
 *   NTSI list): each entry is a list of shapes, `a` = a letter, `9` = a digit, `#` = a letter or digit,
 *   capitals are literal, `{n}` repeats the previous class n times.
 */
export const IBAN_BBAN: Readonly<Record<string, string>> = {
  AD: '4n4n12c', AE: '3n16n', AL: '8n16c', AT: '5n11n', AZ: '4a20c', BA: '3n3n8n2n', BE: '3n7n2n', BG: '4a4n2n8c',
  BH: '4a14c', BI: '5n5n11n2n', BR: '8n5n10n1a1c', BY: '4c4n16c', CH: '5n12c', CR: '4n14n', CY: '3n5n16c', CZ: '4n6n10n',
  DE: '8n10n', DJ: '5n5n11n2n', DK: '4n9n1n', DO: '4c20n', EE: '2n14n', EG: '4n4n17n', ES: '4n4n1n1n10n', FI: '3n11n',
  FK: '2a12n', FO: '4n9n1n', FR: '5n5n11c2n', GB: '4a6n8n', GE: '2a16n', GI: '4a15c', GL: '4n9n1n', GR: '3n4n16c',
  GT: '4c20c', HN: '4a20n', HR: '7n10n', HU: '3n4n1n15n1n', IE: '4a6n8n', IL: '3n3n13n', IQ: '4a3n12n', IS: '4n2n6n10n',
  IT: '1a5n5n12c', JO: '4a4n18c', KW: '4a22c', KZ: '3n13c', LB: '4n20c', LC: '4a24c', LI: '5n12c', LT: '5n11n',
  LU: '3n13c', LV: '4a13c', LY: '3n3n15n', MC: '5n5n11c2n', MD: '2c18c', ME: '3n13n2n', MK: '3n10c2n', MN: '4n12n',
  MR: '5n5n11n2n', MT: '4a5n18c', MU: '4a2n2n12n3n3a', NI: '4a20n', NL: '4a10n', NO: '4n6n1n', OM: '3n16c', PK: '4a16c',
  PL: '8n16n', PS: '4a21c', PT: '4n4n11n2n', QA: '4a21c', RO: '4a16c', RS: '3n13n2n', RU: '9n5n15c', SA: '2n18c',
  SC: '4a2n2n16n3a', SD: '2n12n', SE: '3n16n1n', SI: '5n8n2n', SK: '4n6n10n', SM: '1a5n5n12c', SO: '4n3n12n', ST: '4n4n11n2n',
  SV: '4a20n', TL: '3n14n2n', TN: '2n3n13n2n', TR: '5n1n16c', UA: '6n19c', VA: '3n15n', VG: '4a16n', XK: '4n10n2n', YE: '4a4n18c',
};

export const DL_FORMATS: Readonly<Record<string, readonly string[]>> = {
  AL: ['9{7}', '9{8}'], AK: ['9{7}'], AZ: ['a9{8}', '9{9}'], AR: ['9{8}', '9{9}'], CA: ['a9{7}'],
  CO: ['9{9}', 'a9{5}', 'aa9{4}'], CT: ['9{9}'], DE: ['9{7}'], DC: ['9{7}', '9{9}'], FL: ['a9{12}'],
  GA: ['9{9}', '9{8}'], HI: ['H9{8}', '9{9}'], ID: ['aa9{6}a', '9{9}'], IL: ['a9{11}', 'a9{12}'],
  IN: ['a9{9}', '9{10}'], IA: ['9{9}', '999aa9999'], KS: ['K9{8}', 'a9a9a', '9{9}'], KY: ['a9{8}', 'a9{9}', '9{9}'],
  LA: ['9{9}'], ME: ['9{7}', '9{7}A', '9{8}'], MD: ['a9{12}'], MA: ['S9{8}', '9{9}'], MI: ['a9{12}', 'a9{10}'],
  MN: ['a9{12}'], MS: ['9{9}'], MO: ['a9{6}R', '9{8}aa', '9{9}a', 'a9{5}', '9{9}'], MT: ['a9{8}', '9{13}', '9{9}'],
  NE: ['a9{6}', 'a9{8}'], NV: ['9{10}', '9{12}', 'X9{8}'], NH: ['99aaa99999'], NJ: ['a9{14}'], NM: ['9{8}', '9{9}'],
  NY: ['a9{7}', '9{9}', '9{8}', '9{16}', 'a9{18}'], NC: ['9{12}', '9{8}'], ND: ['aaa9{6}', '9{9}'],
  OH: ['aa9{6}', 'a9{7}', '9{8}'], OK: ['a9{9}', '9{9}'], OR: ['9{7}', 'a9{6}'], PA: ['9{8}'], RI: ['9{7}', 'a9{6}'],
  SC: ['9{9}', '9{11}'], SD: ['9{8}', '9{9}', '9{12}'], TN: ['9{8}', '9{9}'], TX: ['9{8}'], UT: ['9{9}', '9{10}'],
  VT: ['9{8}', '9{7}A'], VA: ['a9{8}', 'a9{10}', '9{9}'], WA: ['WDL###9#####', 'aaaaaaa999##'], WV: ['9{7}', 'a9{6}', 'aa9{5}'],
  WI: ['a9{13}'], WY: ['9{9}', '9{10}'],
};
