import { MAX_REPORTED_CHANGES } from './limits.js';
import type { ObjectKind, ObjectRole, RoleMap } from './object-roles.js';
import type { PdfDocument, ResolvedObject } from './pdf-document.js';
import { asDict, type PdfDict, type PdfObjectBody, type PdfValue } from './pdf-object.js';
import { changedKeys, sameBody } from './same-body.js';
import type { PdfChange } from './types.js';

type Verdict = PdfChange['verdict'];

interface Judgement {
  readonly verdict: Verdict;
  readonly detail: string;
}

export interface ChangeContext {
  readonly doc: PdfDocument;
  /** The signed revision and the final one. */
  readonly signed: number;
  readonly final: number;
  /** End of the signed bytes: bodies located before it were covered by the signature. */
  readonly signedEnd: number;
  readonly before: RoleMap;
  readonly after: RoleMap;
}

const RANK: Record<Verdict, number> = { allowed: 0, 'form-fill': 1, disallowed: 2 };
const worst = (judgements: Judgement[]): Judgement =>
  judgements.reduce<Judgement>((a, b) => (RANK[b.verdict] > RANK[a.verdict] ? b : a), {
    verdict: 'allowed',
    detail: judgements.map((j) => j.detail).join('; ') || 'no change that matters',
  });

const allowed = (detail: string): Judgement => ({ verdict: 'allowed', detail });
const formFill = (detail: string): Judgement => ({ verdict: 'form-fill', detail });
const disallowed = (detail: string): Judgement => ({ verdict: 'disallowed', detail });

/** Kinds whose addition or update is what LTV and later signatures legitimately do. */
const ALWAYS_ALLOWED: ReadonlySet<ObjectKind> = new Set([
  'dss',
  'vri',
  'dss-stream',
  'xref-stream',
  'object-stream',
]);
/** Document metadata: allowed, but the detail says so, since it can change the shown title. */
const METADATA: ReadonlySet<ObjectKind> = new Set(['info', 'metadata']);

const KIND_ORDER: readonly ObjectKind[] = [
  'catalog',
  'page-tree',
  'page',
  'content-stream',
  'signature-dictionary',
  'signature-field',
  'signature-widget',
  'form-field',
  'widget',
  'appearance-stream',
  'annotation',
  'annots-array',
  'acroform',
  'fields-array',
  'form-resources',
  'font',
  'xobject',
  'resources',
  'perms',
  'dss',
  'vri',
  'dss-stream',
  'info',
  'metadata',
  'xref-stream',
  'object-stream',
  'other',
];

/** The kind to report: the most significant structural role, else what it hangs below. */
export const primaryKind = (roles: readonly ObjectRole[]): string => {
  const own = roles.filter((r) => !r.descendant);
  const pool = own.length > 0 ? own : roles;
  for (const kind of KIND_ORDER) if (pool.some((r) => r.kind === kind)) return kind;
  return 'unknown';
};

const refNums = (value: PdfObjectBody | undefined): number[] =>
  value?.kind === 'array'
    ? value.items.flatMap((item) => (item.kind === 'ref' ? [item.num] : []))
    : [];

const rolesOf = (map: RoleMap, num: number): ObjectRole[] => map.roles.get(num) ?? [];
const hasRole = (map: RoleMap, num: number, kind: ObjectKind): boolean =>
  rolesOf(map, num).some((r) => r.kind === kind && !r.descendant);

/** A list (Annots, Fields) may only gain entries, and every new entry must pass `isNewOk`. */
const onlyAppends = (
  oldList: PdfObjectBody | undefined,
  newList: PdfObjectBody | undefined,
  what: string,
  isNewOk: (num: number) => boolean,
): Judgement => {
  const oldNums = refNums(oldList);
  const newNums = refNums(newList);
  const removed = oldNums.filter((n) => !newNums.includes(n));
  if (removed.length > 0) return disallowed(`${what}: entries removed (${removed.join(', ')})`);
  const added = newNums.filter((n) => !oldNums.includes(n));
  const bad = added.filter((n) => !isNewOk(n));
  if (bad.length > 0) {
    return disallowed(
      `${what}: added entries that are not new signature fields (${bad.join(', ')})`,
    );
  }
  return allowed(`${what}: only new signature fields added`);
};

const isNewSignatureWidget = (ctx: ChangeContext, num: number): boolean =>
  hasRole(ctx.after, num, 'signature-widget') && !ctx.before.reachable.has(num);
const isNewSignatureField = (ctx: ChangeContext, num: number): boolean =>
  hasRole(ctx.after, num, 'signature-field') && !ctx.before.reachable.has(num);

const deref = (ctx: ChangeContext, value: PdfValue | undefined, revision: number) =>
  ctx.doc.deref(value, revision);

const judgeAcroForm = (
  ctx: ChangeContext,
  oldDict: PdfDict | undefined,
  newDict: PdfDict | undefined,
): Judgement => {
  if (oldDict === undefined) return allowed('AcroForm added');
  if (newDict === undefined) return disallowed('AcroForm removed');
  return worst(
    changedKeys(oldDict.entries, newDict.entries).map((key) => {
      if (key === 'Fields') {
        return onlyAppends(
          deref(ctx, oldDict.entries.get('Fields'), ctx.signed),
          deref(ctx, newDict.entries.get('Fields'), ctx.final),
          'AcroForm /Fields',
          (n) => isNewSignatureField(ctx, n),
        );
      }
      if (key === 'SigFlags') return allowed('AcroForm /SigFlags updated');
      if (key === 'DR') return allowed('AcroForm /DR updated (resources for new appearances)');
      if (key === 'NeedAppearances') return formFill('AcroForm /NeedAppearances changed');
      // A default appearance set where there was none only affects appearances made from now on.
      if (key === 'DA' && !oldDict.entries.has('DA')) return allowed('AcroForm /DA added');
      if (key === 'DA') return formFill('AcroForm /DA changed');
      return disallowed(`AcroForm /${key} changed`);
    }),
  );
};

/** Catalog keys that signing and LTV legitimately touch (ISO 32000-2 §12.8, EN 319 142-1). */
const CATALOG_ALLOWED_KEYS: ReadonlySet<string> = new Set(['DSS', 'Extensions', 'Version']);

const judgeCatalog = (ctx: ChangeContext, oldDict: PdfDict, newDict: PdfDict): Judgement =>
  worst(
    changedKeys(oldDict.entries, newDict.entries).map((key) => {
      if (CATALOG_ALLOWED_KEYS.has(key)) return allowed(`catalog /${key} updated`);
      if (key === 'Metadata') return allowed('catalog /Metadata replaced (warn: metadata only)');
      if (key === 'AcroForm') {
        return judgeAcroForm(
          ctx,
          asDict(deref(ctx, oldDict.entries.get('AcroForm'), ctx.signed)),
          asDict(deref(ctx, newDict.entries.get('AcroForm'), ctx.final)),
        );
      }
      return disallowed(`catalog /${key} changed`);
    }),
  );

const judgePage = (ctx: ChangeContext, oldDict: PdfDict, newDict: PdfDict): Judgement =>
  worst(
    changedKeys(oldDict.entries, newDict.entries).map((key) =>
      key === 'Annots'
        ? onlyAppends(
            deref(ctx, oldDict.entries.get('Annots'), ctx.signed),
            deref(ctx, newDict.entries.get('Annots'), ctx.final),
            'page /Annots',
            (n) => isSignatureWidgetBeingSigned(ctx, n),
          )
        : disallowed(`page /${key} changed (content, resources or geometry of a signed page)`),
    ),
  );

/** Appearance streams referenced by a widget's /AP (directly or through state dictionaries). */
const appearanceRefs = (
  ctx: ChangeContext,
  widget: PdfDict | undefined,
  revision: number,
): number[] => {
  const ap = widget?.entries.get('AP');
  const nums: number[] = ap?.kind === 'ref' ? [ap.num] : [];
  for (const state of asDict(deref(ctx, ap, revision))?.entries.values() ?? []) {
    if (state.kind === 'ref') nums.push(state.num);
    const stateDict = deref(ctx, state, revision);
    if (stateDict?.kind === 'dict') {
      for (const item of stateDict.entries.values()) if (item.kind === 'ref') nums.push(item.num);
    }
  }
  return nums;
};

/** Keys a form filler may change on a non-signature field or its widget (§12.7.3, §12.5.5). */
const FORM_FILL_KEYS: ReadonlySet<string> = new Set(['V', 'AS', 'AP', 'MK', 'DV']);
/** Keys that signing a previously empty signature field changes. */
const SIGNING_KEYS: ReadonlySet<string> = new Set(['V', 'AP', 'AS', 'F', 'Lock', 'MK', 'DA', 'SV']);

/** Whether the field of a signature widget had no /V (no signature yet) in the signed revision. */
const signatureFieldWasEmpty = (ctx: ChangeContext, widget: number): boolean => {
  const field = ctx.after.fieldOfWidget.get(widget) ?? widget;
  const fieldBefore = asDict(ctx.doc.resolve(field, ctx.signed)?.body);
  return fieldBefore !== undefined && !fieldBefore.entries.has('V');
};

/** A signature widget that is new, or whose field was still empty when this signature was made. */
const isSignatureWidgetBeingSigned = (ctx: ChangeContext, num: number): boolean =>
  isNewSignatureWidget(ctx, num) ||
  (hasRole(ctx.after, num, 'signature-widget') && signatureFieldWasEmpty(ctx, num));

const judgeField = (
  ctx: ChangeContext,
  num: number,
  oldDict: PdfDict,
  newDict: PdfDict,
  signature: boolean,
): Judgement => {
  const keys = changedKeys(oldDict.entries, newDict.entries);
  if (signature) {
    if (!signatureFieldWasEmpty(ctx, num)) {
      return disallowed(`signature field of ${num} was already signed and changed`);
    }
    const bad = keys.filter((k) => !SIGNING_KEYS.has(k));
    return bad.length > 0
      ? disallowed(`empty signature field changed beyond signing: /${bad.join(', /')}`)
      : allowed('a previously empty signature field was signed');
  }
  const bad = keys.filter((k) => !FORM_FILL_KEYS.has(k));
  if (bad.length > 0) return disallowed(`form field changed beyond its value: /${bad.join(', /')}`);
  if (keys.includes('AP')) {
    // The new appearance must belong to this widget alone, not be borrowed from elsewhere.
    const foreign = appearanceRefs(ctx, newDict, ctx.final).filter((n) =>
      rolesOf(ctx.after, n).some((r) => !(r.kind === 'appearance-stream' && r.owner === num)),
    );
    if (foreign.length > 0) {
      return disallowed(
        `widget /AP now uses object(s) ${foreign.join(', ')} that are also used elsewhere`,
      );
    }
  }
  return formFill(`form field value or appearance updated (/${keys.join(', /')})`);
};

const judgeAppearance = (ctx: ChangeContext, num: number): Judgement => {
  const roles = [...rolesOf(ctx.before, num), ...rolesOf(ctx.after, num)];
  const owners = new Set(roles.filter((r) => r.kind === 'appearance-stream').map((r) => r.owner));
  const others = roles.filter((r) => r.kind !== 'appearance-stream');
  if (others.length > 0 || owners.size !== 1) {
    return disallowed(
      `appearance stream shared with ${others.length > 0 ? primaryKind(others) : 'other widgets'}: changing it changes more than one field`,
    );
  }
  const owner = [...owners][0] ?? -1;
  // Used by anything besides its widget (and that widget's own /AP objects, followed upwards):
  // a shared stream, so rewriting it changes what something else shows.
  const foreignReferrers: number[] = [];
  for (const map of [ctx.before, ctx.after]) {
    const seen = new Set<number>([num]);
    const queue = [num];
    while (queue.length > 0) {
      const current = queue.pop() as number;
      for (const ref of map.referrers.get(current) ?? []) {
        if (ref === owner || seen.has(ref)) continue;
        seen.add(ref);
        if (rolesOf(map, ref).some((r) => r.kind === 'appearance-stream' && r.owner === owner)) {
          queue.push(ref);
        } else {
          foreignReferrers.push(ref);
        }
      }
    }
  }
  if (foreignReferrers.length > 0) {
    return disallowed(
      `appearance stream of widget ${owner} is also used by object(s) ${[...new Set(foreignReferrers)].join(', ')}`,
    );
  }
  if (hasRole(ctx.after, owner, 'signature-widget')) {
    if (!ctx.before.reachable.has(owner)) return allowed('appearance of a new signature widget');
    return signatureFieldWasEmpty(ctx, owner)
      ? allowed('appearance of a signature field that was empty when this signature was made')
      : disallowed('appearance of an already signed signature widget changed');
  }
  if (hasRole(ctx.after, owner, 'widget') && ctx.before.reachable.has(owner)) {
    return formFill(`regenerated appearance of form widget ${owner}`);
  }
  return disallowed(`appearance stream of a new or unknown widget ${owner}`);
};

/**
 * An object that only hangs below a structure. When it is new, whatever links it in is itself a
 * changed object and judged on its own; appearance resources follow their widget's verdict.
 * When it existed and changed, only LTV data and metadata may change.
 */
const judgeDescendant = (
  ctx: ChangeContext,
  change: PdfChange['change'],
  roles: readonly ObjectRole[],
): Judgement =>
  worst(
    roles.map((r) => {
      if (ALWAYS_ALLOWED.has(r.kind) || METADATA.has(r.kind)) return allowed(`part of ${r.kind}`);
      if (change !== 'added') return disallowed(`object used by ${r.kind} ${change}`);
      if (r.kind === 'appearance-stream' && r.owner !== undefined) {
        return hasRole(ctx.after, r.owner, 'widget') && ctx.before.reachable.has(r.owner)
          ? formFill(`resource of the regenerated appearance of widget ${r.owner}`)
          : allowed('resource of a new signature appearance');
      }
      return allowed(`new object below ${r.kind}; what links it in is judged on its own`);
    }),
  );

/** Verdict for one changed object, by its roles in the signed and the final graph. */
const judge = (
  ctx: ChangeContext,
  num: number,
  change: PdfChange['change'],
  before: ResolvedObject | undefined,
  after: ResolvedObject | undefined,
): Judgement => {
  if (change === 'xref-redirected') {
    return disallowed(
      `the xref now points object ${num} at a body inside the signed bytes that the signed revision did not use (hide-and-replace)`,
    );
  }
  const rolesBefore = rolesOf(ctx.before, num);
  const rolesAfter = rolesOf(ctx.after, num);
  const reachedBefore = ctx.before.reachable.has(num);
  const reachedAfter = ctx.after.reachable.has(num);
  if (!reachedBefore && !reachedAfter)
    return allowed('not used by the document in either revision');
  if (change === 'deleted') {
    return reachedAfter
      ? disallowed('object freed but still referenced')
      : disallowed('object used by the signed revision was deleted');
  }
  const roles = change === 'added' ? rolesAfter : [...rolesBefore, ...rolesAfter];
  const own = roles.filter((r) => !r.descendant);
  if (own.length === 0) return judgeDescendant(ctx, change, roles);
  const oldDict = asDict(before?.body);
  const newDict = asDict(after?.body);
  const kinds = new Set(own.map((r) => r.kind));
  const isWidget = kinds.has('widget') || kinds.has('signature-widget');
  return worst(
    [...kinds].map((kind): Judgement => {
      if (ALWAYS_ALLOWED.has(kind)) return allowed(`${kind} ${change} (long-term validation data)`);
      if (METADATA.has(kind)) return allowed(`${kind} ${change} (warn: document metadata only)`);
      if (kind === 'annotation' && isWidget)
        return allowed('annotation role covered by its widget');
      if (change === 'added') {
        switch (kind) {
          case 'signature-dictionary':
            return allowed('new signature or document timestamp');
          case 'signature-field':
          case 'signature-widget':
            return allowed('new signature field or widget');
          case 'appearance-stream':
            return judgeAppearance(ctx, num);
          case 'form-resources':
            return allowed('new form resources (fonts for new appearances)');
          case 'annotation':
            return disallowed('new annotation that is not a signature widget (overlay)');
          case 'page':
            return disallowed('page added after signing');
          default:
            return disallowed(`new ${kind} added after signing`);
        }
      }
      if (oldDict === undefined || newDict === undefined) {
        return disallowed(`${kind} changed its type`);
      }
      switch (kind) {
        case 'catalog':
          return judgeCatalog(ctx, oldDict, newDict);
        case 'acroform':
          return judgeAcroForm(ctx, oldDict, newDict);
        case 'fields-array':
          return onlyAppends(before?.body, after?.body, 'AcroForm /Fields', (n) =>
            isNewSignatureField(ctx, n),
          );
        case 'annots-array':
          return onlyAppends(before?.body, after?.body, 'page /Annots', (n) =>
            isSignatureWidgetBeingSigned(ctx, n),
          );
        case 'page':
          return judgePage(ctx, oldDict, newDict);
        case 'signature-field':
        case 'signature-widget':
          return judgeField(ctx, num, oldDict, newDict, true);
        case 'form-field':
        case 'widget':
          return judgeField(ctx, num, oldDict, newDict, false);
        case 'appearance-stream':
          return judgeAppearance(ctx, num);
        case 'signature-dictionary':
          return disallowed('a signature dictionary was changed after signing');
        default:
          return disallowed(`${kind} changed after signing`);
      }
    }),
  );
};

/**
 * Every object whose xref entry or body differs between the signed revision and the final one,
 * each classified by its role (after pyHanko's difference analysis, simplified). Resolution uses
 * each revision's own xref, so a body hidden in the signed bytes and swapped in later is caught.
 */
export const classifyChanges = (ctx: ChangeContext): PdfChange[] => {
  const { doc } = ctx;
  const tableBefore = doc.table(ctx.signed);
  const tableAfter = doc.table(ctx.final);
  const changes: PdfChange[] = [];
  const nums = new Set([...tableBefore.keys(), ...tableAfter.keys()]);
  for (const num of [...nums].sort((a, b) => a - b)) {
    if (num === 0 || changes.length >= MAX_REPORTED_CHANGES) continue;
    const entryBefore = tableBefore.get(num);
    const entryAfter = tableAfter.get(num);
    const streamUnchanged =
      entryAfter?.entry.type !== 'compressed' ||
      tableBefore.get(entryAfter.entry.stream) === tableAfter.get(entryAfter.entry.stream);
    if (entryBefore === entryAfter && streamUnchanged) continue;
    const before = entryBefore === undefined ? undefined : doc.resolve(num, ctx.signed);
    const after = entryAfter === undefined ? undefined : doc.resolve(num, ctx.final);
    const revisionIndex = entryAfter?.revision ?? ctx.final;
    let change: PdfChange['change'];
    if (after === undefined && before === undefined) {
      if (entryAfter === undefined || entryAfter.entry.type === 'free') continue;
      change = 'modified';
    } else if (after === undefined) {
      change = 'deleted';
    } else if (before !== undefined && sameBody(before.body, after.body)) {
      continue;
    } else if (
      after.physicalOffset < ctx.signedEnd &&
      after.physicalOffset !== before?.physicalOffset
    ) {
      change = 'xref-redirected';
    } else {
      change = before === undefined ? 'added' : 'modified';
    }
    const judgement =
      after === undefined && before === undefined
        ? disallowed('the final revision names an object it cannot read')
        : judge(ctx, num, change, before, after);
    const roles = [...rolesOf(ctx.after, num), ...rolesOf(ctx.before, num)];
    changes.push({
      objectNumber: num,
      generation: after?.gen ?? before?.gen ?? 0,
      revisionIndex,
      change,
      kind: primaryKind(roles),
      verdict: judgement.verdict,
      detail: judgement.detail,
    });
  }
  return changes;
};
