/**
 * The five levels of 好差评 (国办发〔2019〕51号): 5 非常满意 … 1 非常不满意. Levels 1 and 2 are
 * poor ratings (差评), which the owning departments must call back and rectify.
 */
export const RATING_LEVELS: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

export function isRatingLevel(level: unknown): level is number {
  return typeof level === 'number' && Number.isInteger(level) && level >= 1 && level <= 5;
}

export function isPoorRating(level: number): boolean {
  return level <= 2;
}
