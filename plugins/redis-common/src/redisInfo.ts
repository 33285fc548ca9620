/**
 * The `field:value` lines of an INFO or CLUSTER INFO reply; section headers and blank lines are skipped.
 *
 * @public
 */
export function parseInfoFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/**
 * One line of a CLUSTER NODES reply.
 *
 * @public
 */
export interface ClusterNodeLine {
  id: string;
  /** `ip:port`, without the bus port and hostname. */
  address: string;
  flags: string[];
  masterId?: string;
  connected: boolean;
  /** The slot ranges it owns, e.g. `0-5460`. */
  slots: string[];
  /** Slots it is migrating or importing (`[slot->-id]`, `[slot-<-id]`): not owned. */
  openSlots: string[];
}

/**
 * The lines of a CLUSTER NODES reply:
 * `<id> <ip:port@cport[,hostname]> <flags> <master> <ping> <pong> <epoch> <link> <slot>...`.
 *
 * @public
 */
export function parseClusterNodes(text: string): ClusterNodeLine[] {
  const lines: ClusterNodeLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const parts = line.trim().split(' ');
    if (parts.length < 8) continue;
    const [id, endpoint, flags, master, , , , link, ...slots] = parts;
    lines.push({
      id,
      address: endpoint.split('@')[0],
      flags: flags.split(','),
      masterId: master === '-' ? undefined : master,
      connected: link === 'connected',
      slots: slots.filter(slot => !slot.startsWith('[')),
      openSlots: slots.filter(slot => slot.startsWith('[')),
    });
  }
  return lines;
}

/**
 * The number of slots in ranges such as `0-5460` and `5461`.
 *
 * @public
 */
export function slotCount(ranges: string[]): number {
  return ranges.reduce((total, range) => {
    const [from, to] = range.split('-').map(Number);
    return total + (to === undefined ? 1 : to - from + 1);
  }, 0);
}
