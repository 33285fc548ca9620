import { instanceMaxmemory } from '../maxmemory';
import type { ResolvedInstance } from '../schema/types';

/**
 * The redis.conf additions the operator includes as the last line of its generated config, so they
 * override its built-in persistence defaults (save 900 1 / 300 10 / 60 10000, appendonly yes).
 */
export function redisConfText(config: ResolvedInstance): string {
  const { persistence, additionalConfig = {} } = config.flavour;
  // `save ""` first clears the save points the operator wrote before the include.
  const lines = ['save ""'];
  if (persistence.rdb.enabled) {
    const numbers = persistence.rdb.saveInterval.split(' ').filter(Boolean);
    for (let i = 0; i + 1 < numbers.length; i += 2)
      lines.push(`save ${numbers[i]} ${numbers[i + 1]}`);
  }
  lines.push(`appendonly ${persistence.aof.enabled ? 'yes' : 'no'}`);
  lines.push(`appendfsync ${persistence.aof.fsyncPolicy}`);
  // Without maxmemory, maxmemory-policy never applies and Redis grows until its pod is OOM-killed.
  const maxmemory = instanceMaxmemory(config);
  if (maxmemory.source === 'derived')
    lines.push(`maxmemory ${maxmemory.value}`);
  for (const key of Object.keys(additionalConfig).sort()) {
    const value = additionalConfig[key];
    lines.push(`${key} ${value === '' ? '""' : value}`);
  }
  return `${lines.join('\n')}\n`;
}
