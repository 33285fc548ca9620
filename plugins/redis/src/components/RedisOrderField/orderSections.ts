// How the order form groups the flavour schema's properties into the spec's sections, and which apply per mode.
import type { DeploymentMode } from '@odin/plugin-redis-common';
import {
  flavourNode,
  getIn,
  type FlavourPath,
  type FlavourValue,
} from './schemaPaths';

/** The sections of the form, in the order the flavour spec introduces them; mode comes first. */
export const SECTION_IDS = [
  'modeAndSize',
  'persistence',
  'highAvailability',
  'monitoring',
  'backups',
  'networkAndSecurity',
  'placement',
  'advanced',
] as const;

export type SectionId = (typeof SECTION_IDS)[number];

/**
 * Where each part of the schema is shown. Only the grouping lives here: titles, help texts, types and
 * defaults come from the schema, and any property not placed here lands in "advanced".
 */
const PLACED: Readonly<Record<Exclude<SectionId, 'advanced'>, string[]>> = {
  modeAndSize: [
    'deploymentMode',
    'namespace',
    'replica/count',
    'replicaCount',
    'master/resources',
    'replica/resources',
  ],
  persistence: ['persistence'],
  highAvailability: ['sentinel', 'cluster', 'podDisruptionBudget'],
  monitoring: ['metrics'],
  backups: ['backup'],
  networkAndSecurity: [
    'service',
    'networkPolicy',
    'serviceAccount',
    'securityContext',
  ],
  placement: [
    'antiAffinity',
    'topologySpreadConstraints',
    'nodeSelector',
    'tolerations',
    'priorityClassName',
  ],
};

const placedPaths = Object.values(PLACED).flat();
const unplaced = Object.keys(flavourNode.properties ?? {}).filter(
  key => !placedPaths.some(path => path.split('/')[0] === key),
);

const SECTION_FIELDS: Readonly<Record<SectionId, FlavourPath[]>> = {
  ...Object.fromEntries(
    Object.entries(PLACED).map(([id, paths]) => [
      id,
      paths.map(path => path.split('/')),
    ]),
  ),
  advanced: unplaced.map(key => [key]),
} as unknown as Record<SectionId, FlavourPath[]>;

/** The top-level elements of a section, as flavour paths, in display order. */
export function sectionFields(section: SectionId): FlavourPath[] {
  return SECTION_FIELDS[section];
}

const startsWith = (path: FlavourPath, prefix: FlavourPath) =>
  prefix.length <= path.length &&
  prefix.every((segment, index) => path[index] === segment);

/** The placed element a path belongs to (its longest placed prefix), if any. */
export function placedAncestor(
  path: FlavourPath,
): { section: SectionId; field: FlavourPath } | undefined {
  let best: { section: SectionId; field: FlavourPath } | undefined;
  for (const section of SECTION_IDS) {
    for (const field of SECTION_FIELDS[section]) {
      if (
        startsWith(path, field) &&
        (!best || field.length > best.field.length)
      )
        best = { section, field };
    }
  }
  return best;
}

/** The section that shows a path; paths above a split property (e.g. `replica`) go to its first part's section. */
export function sectionOf(path: FlavourPath): SectionId {
  const placed = placedAncestor(path);
  if (placed) return placed.section;
  const below = SECTION_IDS.find(section =>
    SECTION_FIELDS[section].some(field => startsWith(field, path)),
  );
  return below ?? 'advanced';
}

/** Why a path is not shown in a mode: false when it applies. */
const HIDDEN_WHEN: ReadonlyArray<{
  path: FlavourPath;
  hidden: (mode: DeploymentMode, flavour: FlavourValue) => boolean;
}> = [
  { path: ['cluster'], hidden: mode => mode !== 'cluster' },
  { path: ['sentinel'], hidden: mode => mode !== 'sentinel' },
  // Follows the mode: the form sets it with deploymentMode.
  { path: ['sentinel', 'enabled'], hidden: () => true },
  // Cluster mode counts replicas per shard.
  { path: ['replica', 'count'], hidden: mode => mode === 'cluster' },
  // Outside cluster mode master and replicas share one StatefulSet: replicas get master.resources.
  { path: ['replica', 'resources'], hidden: mode => mode !== 'cluster' },
  // Deprecated: shown only to orders that already use it.
  {
    path: ['replicaCount'],
    hidden: (_, flavour) => getIn(flavour, ['replicaCount']) === undefined,
  },
];

/** Whether the form hides a path (or one of its ancestors) for the chosen mode. */
export function isHidden(
  path: FlavourPath,
  mode: DeploymentMode,
  flavour: FlavourValue,
): boolean {
  return HIDDEN_WHEN.some(
    rule => startsWith(path, rule.path) && rule.hidden(mode, flavour),
  );
}
