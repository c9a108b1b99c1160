import type { FollowUpRow, RatingRow } from './rating.repository';
import { RATING_LEVELS } from './rating-levels';

const BOM = '\uFEFF';

/** One CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180). */
function field(value: unknown): string {
  const text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function line(values: unknown[]): string {
  return values.map(field).join(',');
}

const HEADER = [
  'record', 'rating_id', 'application_id', 'bundle_code', 'item', 'level', 'level_name', 'comment', 'rated_at',
  'department', 'follow_up_state', 'due_at', 'callback_comment', 'callback_at', 'rectification_comment', 'rectification_result', 'rectified_at',
];

/**
 * Ratings and their follow-ups as CSV for upload to the national 好差评 system: UTF-8 with a byte
 * order mark (so Excel reads the Chinese text), CRLF line ends; per rating a `rating` line, an
 * `item` line per rated item and a `follow-up` line per department a poor rating was sent to.
 */
export function ratingsCsv(ratings: RatingRow[], followUps: FollowUpRow[]): string {
  const lines = [line(HEADER)];
  const empty = ['', '', '', '', '', '', '', ''];
  for (const r of ratings) {
    const base = [r.id, r.applicationId, r.bundleCode];
    lines.push(line(['rating', ...base, '', r.level, RATING_LEVELS[r.level], r.comment, r.createdAt, ...empty]));
    for (const i of r.items) lines.push(line(['item', ...base, i.item, i.level, RATING_LEVELS[i.level], '', r.createdAt, ...empty]));
    for (const f of followUps.filter((x) => x.ratingId === r.id)) {
      lines.push(line(['follow-up', ...base, '', r.level, RATING_LEVELS[r.level], '', r.createdAt,
        f.department, f.state, f.dueAt, f.callbackComment, f.callbackAt, f.rectificationComment, f.rectificationResult, f.rectifiedAt]));
    }
  }
  return BOM + lines.join('\r\n') + '\r\n';
}
