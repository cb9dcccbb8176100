// Which variant a one-variant view shows (the event list, the CPU lanes): a
// segmented group of the ready variants' names, each underlined in its colour.
// Nothing when there is only one.

import type { Variant } from '../../state/variants.ts';
import { colorOfVariant } from '../format.ts';

export function VariantPicker({ label, variants, current, onPick, as: Group = 'div' }: { label: string; variants: Variant[]; current: string; onPick: (id: string) => void; as?: 'div' | 'span' }) {
  if (variants.length < 2) return null;
  return (
    <Group className="segmented" role="group" aria-label={label}>
      {variants.map((x) => (
        <button type="button" key={x.id} aria-pressed={x.id === current} onClick={() => onPick(x.id)} style={{ borderBottomColor: colorOfVariant(x) }}>
          {x.name}
        </button>
      ))}
    </Group>
  );
}
