// The icon beside each decision, so the result never depends on colour alone (colour-blind
// guards, a sunlit screen): a tick, a cross, an hourglass, a first-aid cross with an arrow, and
// for a pupil held for a certificate a raised open hand (wait here), never the refusal's cross.
// Drawn inline as SVG; it must never load an image from anywhere.
import type { Face } from '../display/gate-hold';

export function DecisionIcon({ decision, className }: { decision: Face; className?: string }) {
  return (
    <svg
      className={className}
      viewBox="0 0 100 100"
      aria-hidden="true"
      focusable="false"
      data-icon={decision}
    >
      <circle cx="50" cy="50" r="46" fill="none" stroke="currentColor" strokeWidth="8" />
      <DecisionGlyph decision={decision} />
    </svg>
  );
}

function DecisionGlyph({ decision }: { decision: Face }) {
  const stroke = {
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 10,
    strokeLinecap: 'round' as const,
    strokeLinejoin: 'round' as const,
  };
  switch (decision) {
    case 'pass':
      return <path d="M28 52 L44 68 L73 35" {...stroke} />;
    case 'deny':
      return <path d="M32 32 L68 68 M68 32 L32 68" {...stroke} />;
    case 'retest':
      return (
        <path
          d="M33 26 H67 M33 74 H67 M36 26 C36 44 64 44 64 50 C64 56 36 56 36 74 M64 26 C64 44 36 44 36 50 C36 56 64 56 64 74"
          {...stroke}
          strokeWidth={7}
        />
      );
    case 'refer':
      return (
        <g>
          <path d="M40 22 H60 V40 H78 V60 H60 V78 H40 V60 H22 V40 H40 Z" fill="currentColor" />
        </g>
      );
    case 'hold':
      // Four fingers and a thumb over a palm: "stop here a moment", friendly rather than barred.
      return (
        <g>
          <path d="M38 52 V31 M47 50 V25 M56 50 V27 M65 54 V35" {...stroke} strokeWidth={8} />
          <path
            d="M33 50 H69 V63 C69 74 61 80 51 80 C42 80 36 76 32 69 L24 57 C22 52 27 49 31 52 L33 55 Z"
            fill="currentColor"
          />
        </g>
      );
    default:
      return assertNever(decision);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown decision ${String(value)}`);
}
