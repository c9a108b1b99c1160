import type { ServiceItem } from '../catalog/catalog.types';
import type { CorrectionAsk } from './correction.types';

/** A refused entry of a correction request, by its position in `items`. */
export interface CorrectionRequestError {
  field: string;
  reason: 'unknown' | 'invalid' | 'duplicate';
  message: string;
}

/**
 * Checks a correction request against the task's item (一次性告知: every entry at once): each entry
 * names exactly one field or material of the item, and none twice.
 */
export function checkCorrectionRequest(item: ServiceItem, asks: CorrectionAsk[]): CorrectionRequestError[] {
  const errors: CorrectionRequestError[] = [];
  const seen = new Set<string>();
  asks.forEach((ask, i) => {
    const at = `items[${i}]`;
    if ((ask.field === undefined) === (ask.material === undefined)) {
      errors.push({ field: at, reason: 'invalid', message: 'must name either a field or a material' });
      return;
    }
    if (ask.field !== undefined && !item.fields.includes(ask.field)) {
      errors.push({ field: `${at}.field`, reason: 'unknown', message: `${ask.field} is not a field of item ${item.code}` });
    }
    if (ask.material !== undefined && !item.materials.some((m) => m.name === ask.material)) {
      errors.push({ field: `${at}.material`, reason: 'unknown', message: `${ask.material} is not a material of item ${item.code}` });
    }
    const key = ask.field !== undefined ? `field:${ask.field}` : `material:${ask.material}`;
    if (seen.has(key)) errors.push({ field: at, reason: 'duplicate', message: `${ask.field ?? ask.material} is asked twice` });
    seen.add(key);
  });
  return errors;
}
