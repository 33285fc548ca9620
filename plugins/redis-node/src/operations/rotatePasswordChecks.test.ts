import { InputError } from '@backstage/errors';
import {
  assessPasswords,
  assessSentinelLinks,
  assessSentinelSight,
  clientNames,
  isAuthRefusal,
  passwordHash,
  redact,
  restartOrder,
  validGraceSeconds,
} from './rotatePasswordChecks';

const NEW = passwordHash('new-one');
const OLD = passwordHash('old-one');

describe('validGraceSeconds', () => {
  it('takes whole seconds from 0 to 3600', () => {
    expect(validGraceSeconds(0)).toBe(0);
    expect(validGraceSeconds(3600)).toBe(3600);
  });

  it.each([-1, 3601, 1.5, '60', undefined])(
    'refuses %p, naming the field and the range',
    value => {
      expect(() => validGraceSeconds(value)).toThrow(InputError);
      expect(() => validGraceSeconds(value)).toThrow(
        /^graceSeconds: must be a whole number of seconds from 0 to 3600/,
      );
    },
  );
});

describe('passwordHash and redact', () => {
  it('hashes as ACL GETUSER lists a password', () => {
    // sha256("old"), as redis-server 7.0 answered for `requirepass old`.
    expect(passwordHash('old')).toBe(
      'cba06b5736faf67e54b07b561eae94395e774c517a7d910a54369e1263ccfbd4',
    );
  });

  it('removes every password from a Redis error that echoes an ACL SETUSER modifier', () => {
    expect(
      redact(
        "ERR Error in ACL SETUSER modifier '<s3cret': The password you are trying to remove from the user does not exist (s3cret)",
        ['s3cret', 'other', ''],
      ),
    ).toBe(
      "ERR Error in ACL SETUSER modifier '<<redacted>': The password you are trying to remove from the user does not exist (<redacted>)",
    );
  });

  it('tells a refused password from an unreachable process', () => {
    expect(
      isAuthRefusal(
        'WRONGPASS invalid username-password pair or user is disabled.',
      ),
    ).toBe(true);
    expect(isAuthRefusal('NOAUTH Authentication required.')).toBe(true);
    expect(isAuthRefusal('connect ECONNREFUSED 127.0.0.1:6379')).toBe(false);
  });
});

describe('restartOrder', () => {
  it('restarts the replicas first, then the master, then the sentinels, each by name', () => {
    expect(
      restartOrder([
        { pod: 's-1', role: 'sentinel' },
        { pod: 'o-0', role: 'master' },
        { pod: 's-0', role: 'sentinel' },
        { pod: 'o-2', role: 'replica' },
        { pod: 'o-1', role: 'replica' },
      ]).map(candidate => candidate.pod),
    ).toEqual(['o-1', 'o-2', 'o-0', 's-0', 's-1']);
  });
});

describe('assessPasswords', () => {
  it('passes when every process lists only the new password and refuses the old', () => {
    const check = assessPasswords(
      [
        { pod: 'o-0', hashes: [NEW], oldRefused: true },
        { pod: 's-0', hashes: [NEW], oldRefused: true },
      ],
      NEW,
    );
    expect(check).toEqual({
      name: 'only the new password',
      ok: true,
      figures:
        'o-0: accepts the new password, the old one refused; s-0: accepts the new password, the old one refused',
    });
  });

  it('fails on a process that still has the old password, or did not answer', () => {
    const check = assessPasswords(
      [
        { pod: 'o-0', hashes: [NEW, OLD], oldRefused: false },
        { pod: 'o-1', error: 'connect ETIMEDOUT' },
      ],
      NEW,
    );
    expect(check.ok).toBe(false);
    expect(check.figures).toBe(
      'o-0: accepts the new password, 1 other password(s), the old one accepted; o-1: connect ETIMEDOUT',
    );
    expect(check.figures).not.toContain(OLD);
  });
});

describe('assessSentinelLinks', () => {
  const ids = [
    { pod: 's-0', id: 'aaaaaaaa1111' },
    { pod: 's-1', id: 'bbbbbbbb2222' },
  ];
  const line = (name: string) =>
    `id=7 addr=127.0.0.1:5000 laddr=127.0.0.1:6379 fd=8 name=${name} age=1 flags=N`;

  it('reads the connection names of CLIENT LIST', () => {
    expect(
      clientNames(
        [
          line('sentinel-aaaaaaaa-cmd'),
          line(''),
          line('sentinel-aaaaaaaa-pubsub'),
        ].join('\n'),
      ),
    ).toEqual(['sentinel-aaaaaaaa-cmd', 'sentinel-aaaaaaaa-pubsub']);
  });

  it('passes when every sentinel named its command link again, and names the one that did not', () => {
    const signedIn = assessSentinelLinks([
      {
        pod: 'o-0',
        clientList: [
          line('sentinel-aaaaaaaa-cmd'),
          line('sentinel-bbbbbbbb-cmd'),
        ].join('\n'),
        expected: ids,
      },
    ]);
    expect(signedIn).toMatchObject({
      ok: true,
      figures: 'o-0: 2/2 sentinel links signed in',
    });

    const refused = assessSentinelLinks([
      {
        pod: 'o-0',
        // s-1's AUTH was refused: its link never got a name.
        clientList: [line('sentinel-aaaaaaaa-cmd'), line('')].join('\n'),
        expected: ids,
      },
      { pod: 's-0', error: 'timeout', expected: ids.slice(1) },
    ]);
    expect(refused).toMatchObject({
      ok: false,
      figures: 'o-0: 1/2 sentinel links signed in (not s-1); s-0: timeout',
    });
  });
});

describe('assessSentinelSight', () => {
  const master = [
    'name',
    'mymaster',
    'ip',
    '10.0.0.1',
    'port',
    '6379',
    'flags',
    'master',
  ];
  const replica = (flags: string, link = 'ok') => [
    'ip',
    '10.0.0.2',
    'flags',
    flags,
    'master-link-status',
    link,
  ];
  const peer = (flags: string) => ['ip', '10.0.0.9', 'flags', flags];
  const expected = {
    masterAddress: '10.0.0.1:6379',
    replicas: 2,
    sentinels: 3,
  };

  it('passes when a sentinel sees the master, both replicas ok and both peers', () => {
    expect(
      assessSentinelSight(
        [
          {
            pod: 's-0',
            master,
            replicas: [replica('slave'), replica('slave')],
            sentinels: [peer('sentinel'), peer('sentinel')],
          },
        ],
        expected,
      ),
    ).toEqual({
      name: 'sentinels see the master, its replicas and each other',
      ok: true,
      figures:
        's-0: master 10.0.0.1:6379 flags master, 2/2 replicas ok, 2/2 other sentinels',
    });
  });

  it('fails on a subjectively down replica or peer, or another master', () => {
    const check = assessSentinelSight(
      [
        {
          pod: 's-0',
          master,
          replicas: [replica('s_down,slave', 'err'), replica('slave')],
          sentinels: [peer('s_down,sentinel'), peer('sentinel')],
        },
        { pod: 's-1', error: 'NOAUTH Authentication required.' },
      ],
      expected,
    );
    expect(check.ok).toBe(false);
    expect(check.figures).toBe(
      's-0: master 10.0.0.1:6379 flags master, 1/2 replicas ok, 1/2 other sentinels; s-1: NOAUTH Authentication required.',
    );
  });
});
