/** Name rules that extend names already found to the lists around them. */
import { listOfGivenNames } from '../name-lists.js';
import { clinical, isCommon, spaceOnly } from '../name-words.js';
import type { NameRule } from './context.js';

export const givenList: NameRule = {
  id: 'name.given-list',
  description: 'a list of one-word items in any case, most of them given names, none clinical or ordinary: "silvana, adam, christopher and caleb"',
  type: 'NAME', detectors: ['ctx:given-list'],
  examples: { finds: [['invited silvana, adam, christopher and caleb.', 'christopher']], ignores: ['ruby, jade, amber and hazel.'] },
  run(ctx) { listOfGivenNames(ctx.text, ctx.toks, ctx.taken, ctx.emit); },
};

export const listAfter: NameRule = {
  id: 'name.list-after',
  description: 'the members of a list after a name already found: "Odile, Hannah, Bruno and Frieda"',
  type: 'NAME', detectors: ['ctx:name-list'],
  examples: { needs: ['name.full-name'], finds: [['with Mary Smith, Quarvath and Zelnik today', 'Quarvath'], ['with Mary Smith, Quarvath and Zelnik today', 'Zelnik']], ignores: [['with Mary Smith, bread and milk', 'bread and milk']] },
  run(ctx) {
    const { n, taken } = ctx;
    for (let i = 0; i < n; i++) {
      if (!taken[i] || (i + 1 < n && taken[i + 1])) continue;
      ctx.listTail(i);
    }
  },
};

export const andBefore: NameRule = {
  id: 'name.and-before',
  description: 'a capitalised unknown word joined by "and" to a name already found: "Quarvath and Mary Smith"',
  type: 'NAME', detectors: ['ctx:name-list'],
  examples: { needs: ['name.full-name'], finds: [['met Quarvath and Mary Smith today', 'Quarvath']], ignores: [['met Tylenol and Mary Smith today', 'Tylenol']] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
    for (let i = n - 1; i > 1; i--) {
      if (!taken[i] || taken[i - 2] || toks[i - 1]!.low !== 'and') continue;
      const p = toks[i - 2]!;
      if (p.cap && !p.sentStart && !clinical(p) && !isCommon(p) && !p.place && p.wordRank === Infinity && spaceOnly(text, p.end, toks[i - 1]!.start)) ctx.emit(i - 2, i - 2, 0.65, 'ctx:name-list');
    }
  },
};

export const commaBefore: NameRule = {
  id: 'name.comma-before',
  description: 'a capitalised word set off by a comma before a name already found: "Quarvath, Mary Smith"',
  type: 'NAME', detectors: ['ctx:name-list'],
  examples: { needs: ['name.full-name'], finds: [['met Quarvath, Mary Smith today', 'Quarvath']], ignores: [['met today, Mary Smith', 'today']] },
  run(ctx) {
    const { text, toks, n, taken } = ctx;
    for (let i = n - 1; i > 0; i--) {
      if (!taken[i] || taken[i - 1]) continue;
      const p = toks[i - 1]!;
      if (/^\s*,\s*$/.test(text.slice(p.end, toks[i]!.start)) && p.cap && !clinical(p) && !isCommon(p) && !p.place) ctx.emit(i - 1, i - 1, 0.7, 'ctx:name-list');
    }
  },
};
