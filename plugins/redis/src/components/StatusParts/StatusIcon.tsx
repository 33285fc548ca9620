import type { RedisHealth } from '@odin/plugin-redis-common';

export type Tone = 'ok' | 'warning' | 'danger' | 'unknown' | 'info';

const COLOR: Record<Tone, string> = {
  ok: 'var(--bui-fg-positive)',
  warning: 'var(--bui-fg-warning)',
  danger: 'var(--bui-fg-negative)',
  unknown: 'var(--bui-fg-secondary)',
  info: 'var(--bui-fg-announcement)',
};

export function healthTone(health: RedisHealth): Tone {
  switch (health) {
    case 'healthy':
      return 'ok';
    case 'degraded':
      return 'warning';
    case 'failing':
      return 'danger';
    default:
      return 'unknown';
  }
}

/**
 * A shape per tone (circle with a tick, triangle, octagon with a cross, circle with a question
 * mark, circle with an i), so a state is told apart without its colour. Decorative: the text next
 * to it carries the meaning.
 */
export function StatusIcon(props: { tone: Tone; size?: number }) {
  const { tone, size = 16 } = props;
  const color = COLOR[tone];
  const stroke = {
    stroke: 'currentColor',
    strokeWidth: 2,
    strokeLinecap: 'round' as const,
    strokeLinejoin: 'round' as const,
    fill: 'none',
  };
  let shape;
  switch (tone) {
    case 'ok':
      shape = (
        <>
          <circle cx="12" cy="12" r="9" {...stroke} />
          <path d="M8 12.5l2.5 2.5L16 9.5" {...stroke} />
        </>
      );
      break;
    case 'warning':
      shape = (
        <>
          <path d="M12 3.5L21.5 20h-19z" {...stroke} />
          <path d="M12 10v4.5M12 17.5v.01" {...stroke} />
        </>
      );
      break;
    case 'danger':
      shape = (
        <>
          <path d="M8.3 3h7.4L21 8.3v7.4L15.7 21H8.3L3 15.7V8.3z" {...stroke} />
          <path d="M9.5 9.5l5 5M14.5 9.5l-5 5" {...stroke} />
        </>
      );
      break;
    case 'info':
      shape = (
        <>
          <circle cx="12" cy="12" r="9" {...stroke} />
          <path d="M12 11v5.5M12 7.5v.01" {...stroke} />
        </>
      );
      break;
    default:
      shape = (
        <>
          <circle cx="12" cy="12" r="9" {...stroke} strokeDasharray="3 2.5" />
          <path
            d="M9.8 9.5a2.3 2.3 0 1 1 3.2 2.1c-.6.3-1 .8-1 1.5v.4M12 16.5v.01"
            {...stroke}
          />
        </>
      );
  }
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      data-tone={tone}
      style={{ color, flexShrink: 0 }}
    >
      {shape}
    </svg>
  );
}
