// Where in the form an issue of redis-common's validator shows: its JSON pointer mapped to a section and field.
import {
  parsePointer,
  type DeploymentMode,
  type Issue,
} from '@odin/plugin-redis-common';
import {
  isHidden,
  placedAncestor,
  sectionOf,
  type SectionId,
} from './orderSections';
import {
  controlKind,
  flavourNode,
  pathKey,
  type FlavourValue,
  type SchemaNode,
} from './schemaPaths';

export type IssueTarget =
  | {
      section: SectionId;
      /** The shown field or group (flavour path joined by "/"); absent: the section itself. */
      field?: string;
      /** The row of a key/value or list field the pointer names: a key or an index. */
      item?: string;
    }
  /** Outside this step's fields: the instance name or the general settings. */
  | { section: 'general' };

const MODE_FIELD = { section: 'modeAndSize', field: 'deploymentMode' } as const;

/** Root settings that go with a flavour field: the mode needs root.clusterModeEnabled to match it. */
const ROOT_COMPANIONS: Readonly<Record<string, IssueTarget>> = {
  '/root/clusterModeEnabled': MODE_FIELD,
};

/**
 * Maps an issue pointer to the deepest field the form shows for it. A field the chosen mode hides is
 * there because of the mode, so its issues show at the mode.
 */
export function issueTarget(
  pointer: string,
  context: { mode: DeploymentMode; flavour: FlavourValue },
): IssueTarget {
  const companion = ROOT_COMPANIONS[pointer];
  if (companion) return companion;
  const [document, ...segments] = parsePointer(pointer);
  if (document !== 'flavour') return { section: 'general' };

  let node: SchemaNode = flavourNode;
  const path: string[] = [];
  let rest = segments;
  while (rest.length > 0) {
    const [segment, ...remaining] = rest;
    const kind = controlKind(node);
    let child: SchemaNode | undefined;
    if (kind === 'group') child = node.properties?.[segment];
    else if (kind === 'objectList' && /^\d+$/.test(segment)) child = node.items;
    if (!child) break;
    node = child;
    path.push(segment);
    rest = remaining;
  }
  if (path.length === 0) return { section: 'general' };
  if (isHidden(path, context.mode, context.flavour)) return MODE_FIELD;

  const section = sectionOf(path);
  // A property split over several places (e.g. `replica`) has no field of its own.
  if (!placedAncestor(path)) return { section };
  const kind = controlKind(node);
  const item =
    (kind === 'map' || kind === 'list') && rest.length > 0
      ? rest[0]
      : undefined;
  return item === undefined
    ? { section, field: pathKey(path) }
    : { section, field: pathKey(path), item };
}

export interface FieldIssues {
  errors: string[];
  warnings: string[];
}

/** Every issue of a validation, by where it shows. */
export interface LocatedIssues {
  /** By field path (joined by "/"); issues of a row are under `<field>#<item>`. */
  fields: Map<string, FieldIssues>;
  sections: Map<SectionId, FieldIssues>;
  general: { errors: Issue[]; warnings: Issue[] };
  /** Errors per section, wherever in it they show. */
  errorCounts: Map<SectionId, number>;
  warningCounts: Map<SectionId, number>;
}

export const rowKey = (field: string, item: string) => `${field}#${item}`;

export function locateIssues(
  result: { errors: Issue[]; warnings: Issue[] },
  context: { mode: DeploymentMode; flavour: FlavourValue },
): LocatedIssues {
  const located: LocatedIssues = {
    fields: new Map(),
    sections: new Map(),
    general: { errors: [], warnings: [] },
    errorCounts: new Map(),
    warningCounts: new Map(),
  };
  const add = (issue: Issue, severity: 'errors' | 'warnings') => {
    const target = issueTarget(issue.pointer, context);
    if (target.section === 'general') {
      located.general[severity].push(issue);
      return;
    }
    const counts =
      severity === 'errors' ? located.errorCounts : located.warningCounts;
    counts.set(target.section, (counts.get(target.section) ?? 0) + 1);
    const bucket = <K>(map: Map<K, FieldIssues>, key: K) => {
      let entry = map.get(key);
      if (!entry) {
        entry = { errors: [], warnings: [] };
        map.set(key, entry);
      }
      return entry;
    };
    const entry =
      target.field === undefined
        ? bucket(located.sections, target.section)
        : bucket(
            located.fields,
            target.item === undefined
              ? target.field
              : rowKey(target.field, target.item),
          );
    entry[severity].push(issue.message);
  };
  result.errors.forEach(issue => add(issue, 'errors'));
  result.warnings.forEach(issue => add(issue, 'warnings'));
  return located;
}
