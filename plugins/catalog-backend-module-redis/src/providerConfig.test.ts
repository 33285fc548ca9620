import { ConfigReader } from '@backstage/config';
import { DEFAULT_SCHEDULE, readProviderConfig } from './providerConfig';

describe('readProviderConfig', () => {
  it('defaults to every 30 seconds, the platform group and cluster-wide lists', () => {
    expect(readProviderConfig(new ConfigReader({}))).toEqual({
      schedule: DEFAULT_SCHEDULE,
      defaultOwner: 'group:default/platform',
      namespaces: undefined,
    });
    expect(DEFAULT_SCHEDULE.frequency).toEqual({ seconds: 30 });
  });

  it('reads schedule, default owner and namespaces', () => {
    const config = readProviderConfig(
      new ConfigReader({
        catalog: {
          providers: {
            odinRedis: {
              schedule: { frequency: { minutes: 2 }, timeout: { seconds: 90 } },
              defaultOwner: 'sre',
              namespaces: ['redis', 'cache'],
            },
          },
        },
      }),
    );
    expect(config.schedule.frequency).toEqual({ minutes: 2 });
    expect(config.schedule.timeout).toEqual({ seconds: 90 });
    expect(config.defaultOwner).toBe('group:default/sre');
    expect(config.namespaces).toEqual(['redis', 'cache']);
  });

  it('refuses a default owner that is not an entity reference, naming the setting', () => {
    expect(() =>
      readProviderConfig(
        new ConfigReader({
          catalog: {
            providers: { odinRedis: { defaultOwner: 'Platform Team' } },
          },
        }),
      ),
    ).toThrow(/catalog\.providers\.odinRedis\.defaultOwner "Platform Team"/);
  });
});
