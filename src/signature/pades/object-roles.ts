import { MAX_GRAPH_NODES } from './limits.js';
import type { PdfDocument } from './pdf-document.js';
import { asDict, asName, type PdfDict, type PdfObjectBody, type PdfValue } from './pdf-object.js';
import { PdfFormatError } from './pdf-format-error.js';

/** What an object is in the document, judged by where the graph uses it (never by its name). */
export type ObjectKind =
  | 'catalog'
  | 'info'
  | 'metadata'
  | 'page-tree'
  | 'page'
  | 'content-stream'
  | 'resources'
  | 'font'
  | 'xobject'
  | 'annots-array'
  | 'annotation'
  | 'widget'
  | 'signature-widget'
  | 'appearance-stream'
  | 'acroform'
  | 'fields-array'
  | 'form-resources'
  | 'form-field'
  | 'signature-field'
  | 'signature-dictionary'
  | 'perms'
  | 'dss'
  | 'vri'
  | 'dss-stream'
  | 'xref-stream'
  | 'object-stream'
  | 'other';

export interface ObjectRole {
  readonly kind: ObjectKind;
  /** The object this role belongs to: the widget of an appearance, the page of an annotation. */
  readonly owner?: number;
  /** True when the object only hangs below an object of this kind (a font of an appearance). */
  readonly descendant: boolean;
}

/** Roles of every object reachable in one revision, plus the facts the change rules need. */
export interface RoleMap {
  readonly roles: Map<number, ObjectRole[]>;
  readonly reachable: Set<number>;
  /** Field object number of each widget (itself for a merged field/widget). */
  readonly fieldOfWidget: Map<number, number>;
  /** Which objects reference each object (direct references in their bodies). */
  readonly referrers: Map<number, Set<number>>;
}

/** Every reference inside a value or stream dictionary, found iteratively. */
export const referencesIn = (body: PdfObjectBody | undefined): number[] => {
  const found: number[] = [];
  const stack: PdfValue[] = [];
  if (body !== undefined) stack.push(body.kind === 'stream' ? body.dict : body);
  while (stack.length > 0) {
    const value = stack.pop() as PdfValue;
    if (value.kind === 'ref') found.push(value.num);
    else if (value.kind === 'array') stack.push(...value.items);
    else if (value.kind === 'dict') stack.push(...value.entries.values());
  }
  return found;
};

const refsOf = (value: PdfValue | undefined): number[] =>
  value === undefined ? [] : value.kind === 'ref' ? [value.num] : [];

/**
 * Walks the object graph of one revision from its trailer and gives each object its roles:
 * first the structures the change rules care about (pages, fields, widgets, appearances, DSS),
 * then every other reachable object inherits the kind of the structure it hangs below.
 */
export const objectRoles = (doc: PdfDocument, revision: number): RoleMap => {
  const roles = new Map<number, ObjectRole[]>();
  const fieldOfWidget = new Map<number, number>();
  const reachable = new Set<number>();
  const referrers = new Map<number, Set<number>>();
  let visits = 0;
  const budget = (): void => {
    visits += 1;
    if (visits > MAX_GRAPH_NODES * 4) {
      throw new PdfFormatError(`object graph larger than ${MAX_GRAPH_NODES} objects`);
    }
  };
  const add = (num: number, kind: ObjectKind, owner?: number): void => {
    const list = roles.get(num) ?? [];
    if (!list.some((r) => r.kind === kind && r.owner === owner && !r.descendant)) {
      list.push(
        owner === undefined ? { kind, descendant: false } : { kind, owner, descendant: false },
      );
    }
    roles.set(num, list);
  };
  const body = (num: number): PdfObjectBody | undefined => doc.resolve(num, revision)?.body;
  const deref = (value: PdfValue | undefined): PdfObjectBody | undefined =>
    doc.deref(value, revision);
  const dictOf = (value: PdfValue | undefined): PdfDict | undefined => asDict(deref(value));

  const trailer = doc.trailer(revision);
  const rootNum = trailer.entries.get('Root');
  refsOf(trailer.entries.get('Info')).forEach((n) => add(n, 'info'));
  for (let i = 0; i <= revision; i += 1) {
    doc.revisions[i]?.sections.forEach((s) =>
      s.streamObjects.forEach((n) => add(n, 'xref-stream')),
    );
    for (const entry of doc.revisions[i]?.entries.values() ?? []) {
      if (entry.type === 'compressed') add(entry.stream, 'object-stream');
    }
  }
  const catalog = dictOf(rootNum);
  refsOf(rootNum).forEach((n) => add(n, 'catalog'));

  // Page tree: intermediate nodes, pages, their contents, resources and annotations.
  const pageStack: PdfValue[] = catalog?.entries.get('Pages')
    ? [catalog.entries.get('Pages') as PdfValue]
    : [];
  const seenPages = new Set<number>();
  while (pageStack.length > 0) {
    budget();
    const ref = pageStack.pop() as PdfValue;
    if (ref.kind !== 'ref' || seenPages.has(ref.num)) continue;
    seenPages.add(ref.num);
    const node = asDict(body(ref.num));
    if (node === undefined) continue;
    const kids = deref(node.entries.get('Kids'));
    if (asName(node.entries.get('Type')) === 'Pages' || kids?.kind === 'array') {
      add(ref.num, 'page-tree');
      refsOf(node.entries.get('Kids')).forEach((n) => add(n, 'page-tree'));
      if (kids?.kind === 'array') pageStack.push(...kids.items);
      continue;
    }
    add(ref.num, 'page');
    const contents = node.entries.get('Contents');
    refsOf(contents).forEach((n) => add(n, 'content-stream', ref.num));
    const contentsBody = deref(contents);
    if (contentsBody?.kind === 'array') {
      contentsBody.items.forEach((item) =>
        refsOf(item).forEach((n) => add(n, 'content-stream', ref.num)),
      );
    }
    const resourcesValue = node.entries.get('Resources');
    refsOf(resourcesValue).forEach((n) => add(n, 'resources', ref.num));
    const resources = dictOf(resourcesValue);
    for (const [category, value] of resources?.entries ?? []) {
      refsOf(value).forEach((n) => add(n, 'resources', ref.num));
      const kind: ObjectKind =
        category === 'Font' ? 'font' : category === 'XObject' ? 'xobject' : 'resources';
      for (const item of dictOf(value)?.entries.values() ?? [])
        refsOf(item).forEach((n) => add(n, kind, ref.num));
    }
    const annotsValue = node.entries.get('Annots');
    refsOf(annotsValue).forEach((n) => add(n, 'annots-array', ref.num));
    const annots = deref(annotsValue);
    if (annots?.kind === 'array') {
      annots.items.forEach((item) => refsOf(item).forEach((n) => add(n, 'annotation', ref.num)));
    }
  }

  // Fields: the /Fields tree with inherited /FT; widgets and their appearance streams.
  const acroFormValue = catalog?.entries.get('AcroForm');
  refsOf(acroFormValue).forEach((n) => add(n, 'acroform'));
  const acroForm = dictOf(acroFormValue);
  refsOf(acroForm?.entries.get('Fields')).forEach((n) => add(n, 'fields-array'));
  const formResourcesValue = acroForm?.entries.get('DR');
  refsOf(formResourcesValue).forEach((n) => add(n, 'form-resources'));
  for (const category of dictOf(formResourcesValue)?.entries.values() ?? []) {
    refsOf(category).forEach((n) => add(n, 'form-resources'));
    for (const item of dictOf(category)?.entries.values() ?? []) {
      refsOf(item).forEach((n) => add(n, 'form-resources'));
    }
  }
  const fieldsArray = deref(acroForm?.entries.get('Fields'));
  const fieldStack: { value: PdfValue; ft: string | undefined; field: number | undefined }[] =
    fieldsArray?.kind === 'array'
      ? fieldsArray.items.map((value) => ({ value, ft: undefined, field: undefined }))
      : [];
  const seenFields = new Set<number>();
  const widgets: { num: number; field: number; signature: boolean }[] = [];
  while (fieldStack.length > 0) {
    budget();
    const {
      value,
      ft: inherited,
      field: parentField,
    } = fieldStack.pop() as (typeof fieldStack)[number];
    if (value.kind !== 'ref' || seenFields.has(value.num)) continue;
    seenFields.add(value.num);
    const node = asDict(body(value.num));
    if (node === undefined) continue;
    const ft = asName(node.entries.get('FT')) ?? inherited;
    const isField =
      node.entries.has('T') ||
      node.entries.has('FT') ||
      node.entries.has('Kids') ||
      parentField === undefined;
    const field = isField ? value.num : (parentField as number);
    if (isField) {
      add(value.num, ft === 'Sig' ? 'signature-field' : 'form-field');
      if (ft === 'Sig')
        refsOf(node.entries.get('V')).forEach((n) => add(n, 'signature-dictionary', value.num));
    }
    if (asName(node.entries.get('Subtype')) === 'Widget' || !isField) {
      widgets.push({ num: value.num, field, signature: ft === 'Sig' });
    }
    const kids = deref(node.entries.get('Kids'));
    if (kids?.kind === 'array')
      kids.items.forEach((kid) => fieldStack.push({ value: kid, ft, field }));
  }
  for (const widget of widgets) {
    fieldOfWidget.set(widget.num, widget.field);
    add(widget.num, widget.signature ? 'signature-widget' : 'widget', widget.field);
    const node = asDict(body(widget.num));
    const apValue = node?.entries.get('AP');
    refsOf(apValue).forEach((n) => add(n, 'appearance-stream', widget.num));
    for (const state of dictOf(apValue)?.entries.values() ?? []) {
      refsOf(state).forEach((n) => add(n, 'appearance-stream', widget.num));
      const stateBody = deref(state);
      if (stateBody?.kind === 'dict') {
        for (const item of stateBody.entries.values())
          refsOf(item).forEach((n) => add(n, 'appearance-stream', widget.num));
      }
    }
  }

  // DSS (ETSI EN 319 142-1 §5.4): the dictionary, its arrays, VRI entries and their streams.
  const dssValue = catalog?.entries.get('DSS');
  refsOf(dssValue).forEach((n) => add(n, 'dss'));
  const dss = dictOf(dssValue);
  const dssArray = (value: PdfValue | undefined): void => {
    refsOf(value).forEach((n) => add(n, 'dss'));
    const array = deref(value);
    if (array?.kind === 'array')
      array.items.forEach((item) => refsOf(item).forEach((n) => add(n, 'dss-stream')));
    else refsOf(value).forEach((n) => add(n, 'dss-stream'));
  };
  ['Certs', 'OCSPs', 'CRLs'].forEach((key) => dssArray(dss?.entries.get(key)));
  refsOf(dss?.entries.get('VRI')).forEach((n) => add(n, 'vri'));
  for (const entry of dictOf(dss?.entries.get('VRI'))?.entries.values() ?? []) {
    refsOf(entry).forEach((n) => add(n, 'vri'));
    const vri = dictOf(entry);
    ['Cert', 'OCSP', 'CRL', 'TS'].forEach((key) => dssArray(vri?.entries.get(key)));
  }
  refsOf(catalog?.entries.get('Metadata')).forEach((n) => add(n, 'metadata'));
  const permsValue = catalog?.entries.get('Perms');
  refsOf(permsValue).forEach((n) => add(n, 'perms'));
  for (const value of dictOf(permsValue)?.entries.values() ?? []) {
    refsOf(value).forEach((n) => add(n, 'signature-dictionary'));
  }

  // Everything else reachable inherits the kinds of the structures it hangs below.
  const queue: { num: number; via: ObjectRole | undefined }[] = referencesIn(trailer).map(
    (num) => ({ num, via: undefined }),
  );
  const processed = new Set<string>();
  while (queue.length > 0) {
    budget();
    const { num, via } = queue.pop() as (typeof queue)[number];
    const own = roles.get(num)?.filter((r) => !r.descendant) ?? [];
    if (own.length === 0 && via !== undefined) {
      const list = roles.get(num) ?? [];
      if (!list.some((r) => r.kind === via.kind && r.owner === via.owner)) {
        list.push(
          via.owner === undefined
            ? { kind: via.kind, descendant: true }
            : { kind: via.kind, owner: via.owner, descendant: true },
        );
        roles.set(num, list);
      }
    }
    // Only appearance ownership matters per owner; other kinds are walked once per kind.
    const key = `${num}:${via?.kind ?? ''}:${via?.kind === 'appearance-stream' ? (via.owner ?? '') : ''}`;
    if (processed.has(key)) continue;
    processed.add(key);
    const firstVisit = !reachable.has(num);
    reachable.add(num);
    const objectBody = body(num);
    if (firstVisit) {
      for (const child of referencesIn(objectBody)) {
        const set = referrers.get(child) ?? new Set<number>();
        set.add(num);
        referrers.set(child, set);
      }
    }
    // Structural parents pass themselves on; a plain descendant passes on what it inherited.
    const passOn: (ObjectRole | undefined)[] =
      own.length > 0 ? own.map((r) => ({ ...r, owner: r.owner ?? num })) : [via];
    for (const child of referencesIn(objectBody)) {
      for (const role of passOn) {
        // The structural tree links back up (/Parent, /P): do not let pages inherit from widgets.
        queue.push({
          num: child,
          via:
            role === undefined || (roles.get(child)?.some((r) => !r.descendant) ?? false)
              ? undefined
              : role,
        });
      }
    }
  }
  return { roles, reachable, fieldOfWidget, referrers };
};
